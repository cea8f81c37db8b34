using System.Net;
using k8s;
using k8s.Models;
using TestSupport;

namespace Sandbox.Tests;

/// <summary><c>kubectl logs</c> options: container, tail, timestamps, previous, and clear 400s where there is nothing to show.</summary>
public sealed class PodLogTests
{
    private static async Task<(TestSandbox Sandbox, string Pod)> UpgradedPodAsync()
    {
        var sandbox = await TestSandbox.StartAsync();
        var k = sandbox.Client;
        await k.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new() { Name = "system-upgrade" } });
        await k.BatchV1.CreateNamespacedJobAsync(new V1Job
        {
            Metadata = new() { Name = "up" },
            Spec = new V1JobSpec
            {
                BackoffLimit = 0,
                Template = new V1PodTemplateSpec
                {
                    Spec = new V1PodSpec
                    {
                        RestartPolicy = "Never",
                        NodeSelector = new Dictionary<string, string> { ["kubernetes.io/hostname"] = "agent-1" },
                        Tolerations = [new V1Toleration { Key = "node.kubernetes.io/unschedulable", OperatorProperty = "Exists", Effect = "NoSchedule" }],
                        InitContainers = [new V1Container { Name = "cordon", Image = "rancher/kubectl:v1.30.3", Args = ["cordon", "agent-1"] }],
                        Containers = [new V1Container { Name = "upgrade", Image = "rancher/k3s-upgrade:v1.33.1-k3s1" }],
                    },
                },
            },
        }, "system-upgrade");
        await Eventually.UntilAsync(async () =>
            (await k.BatchV1.ReadNamespacedJobAsync("up", "system-upgrade")).Status?.Conditions?.Any(c => c.Type == "Complete") == true, "the upgrade");
        var pod = (await k.CoreV1.ListNamespacedPodAsync("system-upgrade", labelSelector: "job-name=up")).Items.Single().Metadata.Name;
        return (sandbox, pod);
    }

    [Fact]
    public async Task Kubectl_logs_reads_one_container_its_tail_and_timestamps()
    {
        var (sandbox, pod) = await UpgradedPodAsync();
        await using var _ = sandbox;
        using var kubectl = new Kubectl(sandbox.Host.KubeconfigPath);

        var all = await kubectl.OkAsync("logs", "-n", "system-upgrade", pod);
        Assert.Equal(["Upgrading agent-1 from v1.32.3+k3s1 to v1.33.1+k3s1", "Restarting k3s on agent-1 as v1.33.1+k3s1", "agent-1 is running v1.33.1+k3s1"],
            all.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal("agent-1 is running v1.33.1+k3s1\n", await kubectl.OkAsync("logs", "-n", "system-upgrade", pod, "--tail=1", "-c", "upgrade"));
        Assert.Equal("node/agent-1 cordoned\n", await kubectl.OkAsync("logs", "-n", "system-upgrade", pod, "-c", "cordon"));
        Assert.Equal("", await kubectl.OkAsync("logs", "-n", "system-upgrade", pod, "--tail=0"));

        var stamped = (await kubectl.OkAsync("logs", "-n", "system-upgrade", pod, "--timestamps", "--tail=2")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, stamped.Length);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z Restarting k3s on agent-1 as v1\.33\.1\+k3s1$", stamped[0]);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z agent-1 is running v1\.33\.1\+k3s1$", stamped[1]);
        var times = stamped.Select(l => DateTimeOffset.Parse(l[..30], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        // each line carries the simulation time it was printed at: in order, within the pod's run
        var started = (await sandbox.Client.CoreV1.ReadNamespacedPodAsync(pod, "system-upgrade")).Status.ContainerStatuses.Single().State.Terminated;
        Assert.True(times[0] <= times[1], $"{times[0]:O} <= {times[1]:O}");
        Assert.InRange(times[0], new DateTimeOffset(started.StartedAt!.Value, TimeSpan.Zero), new DateTimeOffset(started.FinishedAt!.Value, TimeSpan.Zero).AddSeconds(1));
    }

    [Fact]
    public async Task Previous_an_unknown_container_and_garbage_options_are_clear_400s()
    {
        var (sandbox, pod) = await UpgradedPodAsync();
        await using var owned = sandbox;
        using var kubectl = new Kubectl(sandbox.Host.KubeconfigPath);

        var (exit, _, err) = await kubectl.RunAsync("logs", "-n", "system-upgrade", pod, "--previous");
        Assert.NotEqual(0, exit);
        Assert.Contains($"previous terminated container \"upgrade\" in pod \"{pod}\" not found", err);
        (exit, _, err) = await kubectl.RunAsync("logs", "-n", "system-upgrade", pod, "-c", "nope");
        Assert.NotEqual(0, exit);
        Assert.Contains($"container nope is not valid for pod {pod}", err);

        using var http = sandbox.Http();
        var response = await http.GetAsync($"/api/v1/namespaces/system-upgrade/pods/{pod}/log?tailLines=-1");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("tailLines", await response.Content.ReadAsStringAsync());
        response = await http.GetAsync($"/api/v1/namespaces/system-upgrade/pods/{pod}/log?tailLines=many");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task A_pod_with_two_containers_needs_a_container_and_a_pending_one_has_no_log_yet()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var k = sandbox.Client;
        await k.CoreV1.CreateNamespacedPodAsync(new V1Pod
        {
            Metadata = new() { Name = "two" },
            Spec = new V1PodSpec
            {
                Containers = [new V1Container { Name = "a", Image = "busybox", Command = ["sleep", "3600"] }, new V1Container { Name = "b", Image = "busybox", Command = ["sleep", "3600"] }],
            },
        }, "default");
        await k.CoreV1.CreateNamespacedPodAsync(new V1Pod
        {
            Metadata = new() { Name = "nowhere" },
            Spec = new V1PodSpec { NodeSelector = new Dictionary<string, string> { ["no"] = "such-node" }, Containers = [new V1Container { Name = "a", Image = "busybox" }] },
        }, "default");
        using var http = sandbox.Http();
        var response = await http.GetAsync("/api/v1/namespaces/default/pods/two/log");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("a container name must be specified for pod two, choose one of: [a b]", await response.Content.ReadAsStringAsync());

        response = await http.GetAsync("/api/v1/namespaces/default/pods/nowhere/log");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("pod nowhere does not have a host assigned", await response.Content.ReadAsStringAsync());
    }
}
