using k8s;
using k8s.Models;

namespace Sandbox.Tests;

/// <summary><c>kubectl get KIND NAME</c> prints the kind's columns; <c>kubectl explain</c> reads the per-kind OpenAPI v3 schemas.</summary>
public sealed class KubectlSingleObjectTests
{
    private static string ReferenceCrd => Path.Combine(TestSupport.RepoPaths.Root, "..", "shared", "data", "reference-suc", "pkg", "crds", "yaml", "generated", "upgrade.cattle.io_plans.yaml");

    [Fact]
    public async Task Get_one_plan_or_node_prints_the_same_columns_as_the_list()
    {
        await using var sandbox = await TestSandbox.StartAsync(o => o.Simulate = false);
        using var kubectl = new Kubectl(sandbox.Host.KubeconfigPath);
        await sandbox.InstallPlansAsync();
        await kubectl.OkAsync("apply", "-f", TestSandbox.Fixture("k3s-upgrade.yaml"));

        var lines = (await kubectl.OkAsync("get", "plan", "server-plan", "-n", "system-upgrade")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Matches(@"^NAME\s+IMAGE\s+CHANNEL\s+VERSION\s+COMPLETE\s+MESSAGE\s*$", lines[0]);
        Assert.Matches(@"^server-plan\s+rancher/k3s-upgrade\s+v1\.24\.6\+k3s1\s*$", lines[1]);

        var node = (await kubectl.OkAsync("get", "node", "server-1", "-o", "wide")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches(@"^NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION\s+INTERNAL-IP\s+EXTERNAL-IP\s+OS-IMAGE\s+KERNEL-VERSION\s+CONTAINER-RUNTIME\s*$", node[0]);
        Assert.Matches(@"^server-1\s+Ready\s+control-plane,etcd,master\s+\S+\s+v1\.32\.3\+k3s1\s+10\.0\.0\.1\s", node[1]);

        // a missing object is still a NotFound, not an empty table
        var (exit, _, err) = await kubectl.RunAsync("get", "node", "nope");
        Assert.NotEqual(0, exit);
        Assert.Contains("nodes \"nope\" not found", err);
    }

    [Fact]
    public async Task Explain_shows_the_plan_schema_of_the_reference_CRD_and_the_built_in_node_spec()
    {
        await using var sandbox = await TestSandbox.StartAsync(o => o.Simulate = false);
        using var kubectl = new Kubectl(sandbox.Host.KubeconfigPath);
        await kubectl.OkAsync("apply", "-f", ReferenceCrd);

        var upgrade = await kubectl.OkAsync("explain", "plan.spec.upgrade");
        Assert.Contains("KIND:       Plan", upgrade);
        Assert.Contains("VERSION:    v1", upgrade);
        Assert.Matches(@"image\s+<string> -required-", upgrade);
        Assert.Matches(@"args\s+<\[\]string>", upgrade);

        var spec = await kubectl.OkAsync("explain", "plan.spec");
        Assert.Matches(@"concurrency\s+<integer>", spec);
        Assert.Contains("The maximum number of concurrent nodes to apply this", spec);
        Assert.Matches(@"generateName\s+<string>", await kubectl.OkAsync("explain", "plan.metadata"));

        var nodes = await kubectl.OkAsync("explain", "nodes.spec");
        Assert.Contains("KIND:       Node", nodes);
        Assert.Matches(@"unschedulable\s+<boolean>", nodes);
        Assert.Matches(@"taints\s+<\[\]Object>", nodes);
        Assert.Matches(@"kubeletVersion\s+<string>", await kubectl.OkAsync("explain", "node.status.nodeInfo"));
        Assert.Matches(@"backoffLimit\s+<integer>", await kubectl.OkAsync("explain", "job.spec"));

        var (exit, _, err) = await kubectl.RunAsync("explain", "plan.spec.nosuchfield");
        Assert.NotEqual(0, exit);
        Assert.Contains("nosuchfield", err);
    }
}
