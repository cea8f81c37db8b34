using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using TestSupport;

namespace Sandbox.Tests;

/// <summary>The commands of the seed document and the spec, run with the real kubectl binary.</summary>
public sealed class KubectlTests
{
    private static async Task<(TestSandbox Sandbox, Kubectl Kubectl)> StartAsync(Action<SandboxOptions>? configure = null)
    {
        var sandbox = await TestSandbox.StartAsync(configure);
        return (sandbox, new Kubectl(sandbox.Host.KubeconfigPath));
    }

    private static async Task InstallAsync(Kubectl kubectl)
    {
        Assert.Contains("customresourcedefinition.apiextensions.k8s.io/plans.upgrade.cattle.io created",
            await kubectl.OkAsync("apply", "-f", TestSandbox.Fixture("minimal-plan-crd.yaml")));
        var installed = await kubectl.OkAsync("apply", "-f", TestSandbox.Fixture("system-upgrade.yaml"));
        Assert.Contains("namespace/system-upgrade created", installed);
        Assert.Contains("deployment.apps/system-upgrade-controller created", installed);
        Assert.Contains("clusterrolebinding.rbac.authorization.k8s.io/system-upgrade created", installed);
    }

    [Fact]
    public async Task Apply_installs_the_CRD_the_controller_manifest_and_the_plans_and_get_prints_them()
    {
        var (sandbox, kubectl) = await StartAsync();
        await using var _ = sandbox;
        using var __ = kubectl;
        await InstallAsync(kubectl);

        var applied = await kubectl.OkAsync("apply", "-f", TestSandbox.Fixture("k3s-upgrade.yaml"));
        Assert.Contains("plan.upgrade.cattle.io/server-plan created", applied);
        Assert.Contains("plan.upgrade.cattle.io/agent-plan created", applied);

        var table = await kubectl.OkAsync("get", "plan", "-n", "system-upgrade");
        var lines = table.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches(@"^NAME\s+IMAGE\s+CHANNEL\s+VERSION\s+COMPLETE\s+MESSAGE\s*$", lines[0]);
        Assert.Matches(@"^agent-plan\s+rancher/k3s-upgrade\s+v1\.24\.6\+k3s1\s*$", lines[1]);
        Assert.Matches(@"^server-plan\s+rancher/k3s-upgrade\s+v1\.24\.6\+k3s1\s*$", lines[2]);

        var yaml = await kubectl.OkAsync("-n", "system-upgrade", "get", "plans", "-o", "yaml");
        Assert.Contains("kind: List", yaml);
        Assert.Contains("name: server-plan", yaml);
        Assert.Contains("- prepare", yaml);
        Assert.Contains("kubectl.kubernetes.io/last-applied-configuration", yaml);

        // applying again changes nothing; applying an edit patches the plan
        Assert.Contains("plan.upgrade.cattle.io/server-plan unchanged", await kubectl.OkAsync("apply", "-f", TestSandbox.Fixture("k3s-upgrade.yaml")));
        Assert.Contains("unchanged", await kubectl.OkAsync("apply", "-f", TestSandbox.Fixture("system-upgrade.yaml")));
        var edited = (await File.ReadAllTextAsync(TestSandbox.Fixture("k3s-upgrade.yaml"))).Replace("concurrency: 1", "concurrency: 2", StringComparison.Ordinal);
        var (exit, stdout, stderr) = await kubectl.RunWithInputAsync(edited, "apply", "-f", "-");
        Assert.True(exit == 0, stderr);
        Assert.Contains("plan.upgrade.cattle.io/server-plan configured", stdout);
        var plan = await sandbox.Client.CustomObjects.GetNamespacedCustomObjectAsync<JsonObject>("upgrade.cattle.io", "v1", "system-upgrade", "plans", "server-plan");
        Assert.Equal(2, plan["spec"]!["concurrency"]!.GetValue<long>());

        Assert.Contains("plan.upgrade.cattle.io \"agent-plan\" deleted", await kubectl.OkAsync("delete", "plan", "-n", "system-upgrade", "agent-plan"));
        var remaining = await kubectl.OkAsync("get", "plans", "-n", "system-upgrade", "-o", "name");
        Assert.Equal("plan.upgrade.cattle.io/server-plan", remaining.Trim());

        var missing = await kubectl.RunAsync("apply", "-f", "-");
        Assert.NotEqual(0, missing.Exit);
    }

    [Fact]
    public async Task The_repository_manifests_apply_as_in_the_seed_document()
    {
        var (sandbox, kubectl) = await StartAsync();
        await using var _ = sandbox;
        using var __ = kubectl;
        Assert.Contains("customresourcedefinition.apiextensions.k8s.io/plans.upgrade.cattle.io created",
            await kubectl.OkAsync("apply", "-f", TestSupport.RepoPaths.Config("crd.yaml")));
        var controller = await kubectl.OkAsync("apply", "-f", TestSupport.RepoPaths.Config("system-upgrade-controller.yaml"));
        Assert.Contains("namespace/system-upgrade created", controller);
        Assert.Contains("deployment.apps/system-upgrade-controller created", controller);
        var plans = await kubectl.OkAsync("apply", "-f", TestSupport.RepoPaths.Config("examples", "k3s-upgrade.yaml"));
        Assert.Contains("plan.upgrade.cattle.io/server-plan created", plans);

        Assert.Matches(@"agent-plan\s+rancher/k3s-upgrade\s+v1\.24\.6\+k3s1", await kubectl.OkAsync("get", "plan", "-n", "system-upgrade"));
        Assert.Contains("APPLYING", await kubectl.OkAsync("get", "plan", "-n", "system-upgrade", "-o", "wide"));
        Assert.Contains("unchanged", await kubectl.OkAsync("apply", "-f", TestSupport.RepoPaths.Config("system-upgrade-controller.yaml")));
        Assert.Contains("plan.upgrade.cattle.io/server-plan unchanged", await kubectl.OkAsync("apply", "-f", TestSupport.RepoPaths.Config("examples", "k3s-upgrade.yaml")));

        var (exit, _, stderr) = await kubectl.RunWithInputAsync("""
            apiVersion: upgrade.cattle.io/v1
            kind: Plan
            metadata: {name: broken, namespace: system-upgrade}
            spec: {concurrency: 1, version: v1.33.1+k3s1}
            """, "apply", "-f", "-");
        Assert.NotEqual(0, exit);
        Assert.Contains("spec.upgrade: Required value", stderr);
    }

    [Fact]
    public async Task A_plan_without_spec_upgrade_is_rejected_by_apply()
    {
        var (sandbox, kubectl) = await StartAsync();
        await using var _ = sandbox;
        using var __ = kubectl;
        await InstallAsync(kubectl);
        var (exit, _, stderr) = await kubectl.RunWithInputAsync("""
            apiVersion: upgrade.cattle.io/v1
            kind: Plan
            metadata: {name: broken, namespace: system-upgrade}
            spec: {concurrency: 1, version: v1.33.1+k3s1}
            """, "apply", "-f", "-");
        Assert.NotEqual(0, exit);
        Assert.Contains("spec.upgrade: Required value", stderr);
    }

    [Fact]
    public async Task Cordon_uncordon_and_label_show_in_get_nodes()
    {
        var (sandbox, kubectl) = await StartAsync(o => { o.Servers = 1; o.Agents = 2; });
        await using var _ = sandbox;
        using var __ = kubectl;

        var nodes = await kubectl.OkAsync("get", "nodes");
        Assert.Matches(@"NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION", nodes);
        Assert.Matches(@"server-1\s+Ready\s+control-plane,etcd,master\s+\d+s\s+v1\.32\.3\+k3s1", nodes);
        Assert.Matches(@"agent-1\s+Ready\s+<none>\s+\d+s\s+v1\.32\.3\+k3s1", nodes);

        Assert.Contains("node/agent-1 cordoned", await kubectl.OkAsync("cordon", "agent-1"));
        Assert.Matches(@"agent-1\s+Ready,SchedulingDisabled\s+<none>", await kubectl.OkAsync("get", "nodes"));
        Assert.True((await sandbox.Client.CoreV1.ReadNodeAsync("agent-1")).Spec.Unschedulable);

        Assert.Contains("node/agent-1 uncordoned", await kubectl.OkAsync("uncordon", "agent-1"));
        Assert.Matches(@"agent-1\s+Ready\s+<none>", await kubectl.OkAsync("get", "nodes"));

        Assert.Contains("node/agent-2 labeled", await kubectl.OkAsync("label", "node", "agent-2", "plan.upgrade.cattle.io/server-plan=disabled"));
        var selected = await kubectl.OkAsync("get", "nodes", "-l", "plan.upgrade.cattle.io/server-plan=disabled", "-o", "name");
        Assert.Equal("node/agent-2", selected.Trim());
        Assert.Contains("agent-2", await kubectl.OkAsync("get", "nodes", "--show-labels"));
        Assert.Contains("INTERNAL-IP", await kubectl.OkAsync("get", "nodes", "-o", "wide"));
    }

    [Fact]
    public async Task Jobs_and_pods_print_and_wait_for_Complete_works()
    {
        var (sandbox, kubectl) = await StartAsync();
        await using var _ = sandbox;
        using var __ = kubectl;
        await InstallAsync(kubectl);
        var (exit, stdout, stderr) = await kubectl.RunWithInputAsync("""
            apiVersion: batch/v1
            kind: Job
            metadata: {name: hello, namespace: system-upgrade}
            spec:
              backoffLimit: 1
              template:
                spec:
                  restartPolicy: Never
                  containers:
                  - name: main
                    image: busybox
                    command: [sh, -c, "sleep 0.3"]
            """, "apply", "-f", "-");
        Assert.True(exit == 0, stderr);
        Assert.Contains("job.batch/hello created", stdout);

        Assert.Contains("job.batch/hello condition met",
            await kubectl.OkAsync("wait", "--for=condition=Complete", "job/hello", "-n", "system-upgrade", "--timeout=30s"));
        var jobs = await kubectl.OkAsync("get", "jobs", "-n", "system-upgrade");
        Assert.Matches(@"NAME\s+STATUS\s+COMPLETIONS\s+DURATION\s+AGE", jobs);
        Assert.Matches(@"hello\s+Complete\s+1/1\s+\d+s\s+\d+s", jobs);
        var pods = await kubectl.OkAsync("get", "pods", "-n", "system-upgrade");
        Assert.Matches(@"NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE", pods);
        Assert.Matches(@"hello-[a-z0-9]{5}\s+0/1\s+Completed\s+0\s+\d+s", pods);
        var yaml = await kubectl.OkAsync("-n", "system-upgrade", "get", "jobs", "-o", "yaml");
        Assert.Contains("type: Complete", yaml);
        Assert.Contains("succeeded: 1", yaml);
    }

    [Fact]
    public async Task Wait_for_a_plan_condition_set_through_the_status_subresource()
    {
        var (sandbox, kubectl) = await StartAsync();
        await using var _ = sandbox;
        using var __ = kubectl;
        await InstallAsync(kubectl);
        await kubectl.OkAsync("apply", "-f", TestSandbox.Fixture("k3s-upgrade.yaml"));

        var waiting = kubectl.RunAsync("wait", "--for=condition=Complete", "plan/server-plan", "-n", "system-upgrade", "--timeout=30s");
        await Eventually.UntilAsync(() => sandbox.Host.Store.WatcherCount > 0, "kubectl wait to watch the plan");
        await sandbox.Client.CustomObjects.PatchNamespacedCustomObjectStatusAsync<JsonObject>(
            new V1Patch("""{"status":{"conditions":[{"type":"Complete","status":"True","reason":"Complete","message":"all nodes upgraded"}]}}""", V1Patch.PatchType.MergePatch),
            "upgrade.cattle.io", "v1", "system-upgrade", "plans", "server-plan");
        var (exit, stdout, stderr) = await waiting;
        Assert.True(exit == 0, stderr);
        Assert.Contains("plan.upgrade.cattle.io/server-plan condition met", stdout);
        // Complete is a boolean column and the condition's status a string: kube-apiserver prints nothing there
        Assert.Matches(@"server-plan\s+rancher/k3s-upgrade\s+v1\.24\.6\+k3s1\s+all nodes upgraded", await kubectl.OkAsync("get", "plans", "-n", "system-upgrade"));
    }

    [Fact]
    public async Task Get_watch_prints_rows_as_plans_change()
    {
        var (sandbox, kubectl) = await StartAsync();
        await using var _ = sandbox;
        using var __ = kubectl;
        await InstallAsync(kubectl);
        await kubectl.OkAsync("apply", "-f", TestSandbox.Fixture("k3s-upgrade.yaml"));

        var lines = new List<string>();
        using var watch = kubectl.Start(lines, "get", "plans", "-n", "system-upgrade", "-w");
        try
        {
            await Eventually.UntilAsync(() => { lock (lines) { return lines.Count >= 3; } }, "the initial table");
            await sandbox.Client.CustomObjects.PatchNamespacedCustomObjectAsync<JsonObject>(
                new V1Patch("""{"spec":{"version":"v1.25.0+k3s1"}}""", V1Patch.PatchType.MergePatch),
                "upgrade.cattle.io", "v1", "system-upgrade", "plans", "agent-plan");
            await Eventually.UntilAsync(() => { lock (lines) { return lines.Any(l => l.Contains("v1.25.0+k3s1", StringComparison.Ordinal)); } }, "the watched change");
        }
        finally
        {
            watch.Kill();
        }

        lock (lines)
        {
            Assert.Matches(@"^NAME\s+IMAGE", lines[0]);
            Assert.Matches(@"^agent-plan\s+rancher/k3s-upgrade\s+v1\.25\.0\+k3s1", lines.Last(l => l.Contains("v1.25.0", StringComparison.Ordinal)));
        }
    }
}
