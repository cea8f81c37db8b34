using System.Text.RegularExpressions;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Time.Testing;
using Sandbox.Simulation;
using TestSupport;

namespace Sandbox.Tests;

/// <summary>Node faults for the controller's health gates, set by flag or by node annotation, seen through the API and kubectl.</summary>
public sealed class NodeFaultTests
{
    private const string Target = "rancher/k3s-upgrade:v1.33.1-k3s1";

    private static V1Job UpgradeJob(string name, string node) => new()
    {
        Metadata = new() { Name = name, NamespaceProperty = "system-upgrade" },
        Spec = new V1JobSpec
        {
            BackoffLimit = 0,
            Template = new V1PodTemplateSpec
            {
                Spec = new V1PodSpec
                {
                    RestartPolicy = "Never",
                    NodeSelector = new Dictionary<string, string> { ["kubernetes.io/hostname"] = node },
                    Tolerations = [new V1Toleration { Key = "node.kubernetes.io/unschedulable", OperatorProperty = "Exists", Effect = "NoSchedule" }],
                    Containers = [new V1Container { Name = "upgrade", Image = Target }],
                },
            },
        },
    };

    // Zero durations: with a fake clock the whole upgrade happens without advancing it.
    private static Task<TestSandbox> StartAsync(FakeTimeProvider? clock = null, params string[] flags) => TestSandbox.StartAsync(o =>
    {
        var parsed = CommandLine.Parse(flags, out _);
        foreach (var (node, fault) in parsed.NodeFaults)
        {
            o.NodeFaults[node] = fault;
        }

        if (clock is not null)
        {
            o.TimeProvider = clock;
            o.UpgradeDuration = TimeSpan.Zero;
            o.NodeRestartDuration = TimeSpan.Zero;
            o.ContainerRunDuration = TimeSpan.Zero;
        }
    });

    private static async Task<V1Job> RunUpgradeAsync(TestSandbox sandbox, string node)
    {
        await sandbox.Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new() { Name = "system-upgrade" } });
        await sandbox.Client.BatchV1.CreateNamespacedJobAsync(UpgradeJob("up", node), "system-upgrade");
        V1Job? job = null;
        await Eventually.UntilAsync(async () =>
        {
            job = await sandbox.Client.BatchV1.ReadNamespacedJobAsync("up", "system-upgrade");
            return job.Status?.Conditions?.Any(c => c.Type is "Complete" or "Failed" && c.Status == "True") == true;
        }, "the upgrade job to finish");
        return job!;
    }

    private static async Task<V1NodeCondition> ReadyAsync(TestSandbox sandbox, string node) =>
        (await sandbox.Client.CoreV1.ReadNodeAsync(node)).Status.Conditions.Single(c => c.Type == "Ready");

    private static async Task<string> NodeLineAsync(Kubectl kubectl, string node) =>
        (await kubectl.OkAsync("get", "nodes")).Split('\n').Single(l => l.StartsWith(node + " ", StringComparison.Ordinal));

    [Fact]
    public async Task Stale_kubelet_the_job_succeeds_and_the_node_is_Ready_at_its_old_version()
    {
        await using var sandbox = await StartAsync(flags: ["--node-fault", "agent-1=stale-kubelet"]);
        using var kubectl = new Kubectl(sandbox.Host.KubeconfigPath);
        var job = await RunUpgradeAsync(sandbox, "agent-1");

        Assert.Contains(job.Status.Conditions, c => c.Type == "Complete");
        var node = await sandbox.Client.CoreV1.ReadNodeAsync("agent-1");
        Assert.Equal("v1.32.3+k3s1", node.Status.NodeInfo.KubeletVersion);
        Assert.Equal("True", (await ReadyAsync(sandbox, "agent-1")).Status);
        Assert.Matches(@"^agent-1\s+Ready\s+<none>\s+\S+\s+v1\.32\.3\+k3s1\s*$", await NodeLineAsync(kubectl, "agent-1"));
    }

    [Fact]
    public async Task Not_ready_after_upgrade_goes_down_after_a_successful_job_and_recovers_at_the_new_version_on_the_clock()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await using var sandbox = await StartAsync(clock, "--node-fault", "server-1=not-ready-after-upgrade:20s");
        using var kubectl = new Kubectl(sandbox.Host.KubeconfigPath);
        var job = await RunUpgradeAsync(sandbox, "server-1");

        Assert.Contains(job.Status.Conditions, c => c.Type == "Complete");
        var ready = await ReadyAsync(sandbox, "server-1");
        Assert.Equal(("Unknown", "NodeStatusUnknown", "Kubelet stopped posting node status."), (ready.Status, ready.Reason, ready.Message));
        var node = await sandbox.Client.CoreV1.ReadNodeAsync("server-1");
        Assert.Equal("v1.32.3+k3s1", node.Status.NodeInfo.KubeletVersion);
        Assert.Equal(["NoSchedule", "NoExecute"], node.Spec.Taints.Where(t => t.Key == "node.kubernetes.io/unreachable").Select(t => t.Effect));
        Assert.Matches(@"^server-1\s+NotReady\s+control-plane,etcd,master\s+\S+\s+v1\.32\.3\+k3s1\s*$", await NodeLineAsync(kubectl, "server-1"));

        clock.Advance(TimeSpan.FromSeconds(19));
        var passes = sandbox.Host.Simulation.Passes;
        sandbox.Host.Simulation.Wake();
        await Eventually.UntilAsync(() => sandbox.Host.Simulation.Passes > passes, "a pass 19s later");
        Assert.Equal("Unknown", (await ReadyAsync(sandbox, "server-1")).Status);

        clock.Advance(TimeSpan.FromSeconds(1));
        await Eventually.UntilAsync(async () => (await ReadyAsync(sandbox, "server-1")).Status == "True", "recovery 20s after going NotReady");
        node = await sandbox.Client.CoreV1.ReadNodeAsync("server-1");
        Assert.Equal("v1.33.1+k3s1", node.Status.NodeInfo.KubeletVersion);
        Assert.DoesNotContain(node.Spec.Taints ?? [], t => t.Key == "node.kubernetes.io/unreachable");
        Assert.False(node.Metadata.Annotations.ContainsKey(NodeFault.UpgradedToAnnotation));
        Assert.Equal(new DateTime(2025, 1, 1, 0, 0, 20, DateTimeKind.Utc), (await ReadyAsync(sandbox, "server-1")).LastTransitionTime);
        Assert.Matches(@"^server-1\s+Ready\s+control-plane,etcd,master\s+\S+\s+v1\.33\.1\+k3s1\s*$", await NodeLineAsync(kubectl, "server-1"));

        var reasons = (await sandbox.Client.CoreV1.ListNamespacedEventAsync("default", fieldSelector: "involvedObject.name=server-1")).Items.Select(e => e.Reason);
        Assert.Equal(["NodeNotReady", "NodeReady"], reasons);
    }

    [Fact]
    public async Task Not_ready_after_upgrade_without_a_recovery_time_stays_down_until_the_annotation_is_removed()
    {
        await using var sandbox = await StartAsync();
        using var kubectl = new Kubectl(sandbox.Host.KubeconfigPath);
        await kubectl.OkAsync("annotate", "node", "agent-2", "sandbox.channels.dev/fault=not-ready-after-upgrade");
        Assert.Contains((await RunUpgradeAsync(sandbox, "agent-2")).Status.Conditions, c => c.Type == "Complete");
        Assert.Matches(@"^agent-2\s+NotReady\s", await NodeLineAsync(kubectl, "agent-2"));
        Assert.Equal("v1.33.1+k3s1", (await sandbox.Client.CoreV1.ReadNodeAsync("agent-2")).Metadata.Annotations[NodeFault.UpgradedToAnnotation]);

        await kubectl.OkAsync("annotate", "node", "agent-2", "sandbox.channels.dev/fault-");
        await Eventually.UntilAsync(async () => (await ReadyAsync(sandbox, "agent-2")).Status == "True", "recovery once the fault is lifted");
        Assert.Matches(@"^agent-2\s+Ready\s+<none>\s+\S+\s+v1\.33\.1\+k3s1\s*$", await NodeLineAsync(kubectl, "agent-2"));
    }

    [Fact]
    public async Task Not_ready_is_down_from_the_start_takes_no_pods_and_comes_back_when_the_annotation_goes()
    {
        await using var sandbox = await StartAsync(flags: ["--node-fault=agent-1=not-ready"]);
        using var kubectl = new Kubectl(sandbox.Host.KubeconfigPath);
        Assert.Matches(@"^agent-1\s+NotReady\s+<none>\s+\S+\s+v1\.32\.3\+k3s1\s*$", await NodeLineAsync(kubectl, "agent-1"));
        Assert.Matches(@"^agent-2\s+Ready\s", await NodeLineAsync(kubectl, "agent-2"));
        Assert.Equal("NodeStatusUnknown", (await ReadyAsync(sandbox, "agent-1")).Reason);

        // the unreachable taint keeps an upgrade pod Pending, as on a real cluster
        await sandbox.Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new() { Name = "system-upgrade" } });
        await sandbox.Client.BatchV1.CreateNamespacedJobAsync(UpgradeJob("up", "agent-1"), "system-upgrade");
        await Eventually.UntilAsync(async () =>
            (await sandbox.Client.CoreV1.ListNamespacedPodAsync("system-upgrade")).Items.SingleOrDefault()?.Status?.Conditions?
                .Any(c => c.Type == "PodScheduled" && c.Reason == "Unschedulable") == true, "the pod to be unschedulable");

        await kubectl.OkAsync("annotate", "node", "agent-1", "sandbox.channels.dev/fault-");
        await Eventually.UntilAsync(async () =>
            (await sandbox.Client.BatchV1.ReadNamespacedJobAsync("up", "system-upgrade")).Status?.Conditions?.Any(c => c.Type == "Complete") == true,
            "the upgrade to run once the node is back");
        Assert.Matches(@"^agent-1\s+Ready\s+<none>\s+\S+\s+v1\.33\.1\+k3s1\s*$", await NodeLineAsync(kubectl, "agent-1"));
    }

    [Fact]
    public async Task A_not_ready_annotation_set_later_takes_the_node_down_and_a_bad_one_is_refused()
    {
        await using var sandbox = await StartAsync();
        using var kubectl = new Kubectl(sandbox.Host.KubeconfigPath);
        await kubectl.OkAsync("annotate", "node", "agent-2", "sandbox.channels.dev/fault=not-ready");
        await Eventually.UntilAsync(async () => (await ReadyAsync(sandbox, "agent-2")).Status == "Unknown", "agent-2 to go down");
        Assert.Matches(@"^agent-2\s+NotReady\s", await NodeLineAsync(kubectl, "agent-2"));

        var (exit, _, err) = await kubectl.RunAsync("annotate", "--overwrite", "node", "agent-1", "sandbox.channels.dev/fault=flaky");
        Assert.NotEqual(0, exit);
        Assert.Contains("Unsupported value: \"flaky\"", err);
        (exit, _, err) = await kubectl.RunAsync("annotate", "node", "agent-1", "sandbox.channels.dev/recover-after=soon");
        Assert.NotEqual(0, exit);
        Assert.Contains("sandbox.channels.dev/recover-after", err);
        Assert.False((await sandbox.Client.CoreV1.ReadNodeAsync("agent-1")).Metadata.Annotations.ContainsKey(NodeFault.FaultAnnotation));
    }

    [Theory]
    [InlineData("agent-1=flaky", "unknown node fault \"flaky\"")]
    [InlineData("agent-1=not-ready:20s", "only not-ready-after-upgrade takes a recovery time")]
    [InlineData("agent-1=not-ready-after-upgrade:soon", "invalid duration")]
    [InlineData("agent-9=stale-kubelet", "no node agent-9")]
    [InlineData("stale-kubelet", "is not NODE=FAULT")]
    public void A_bad_node_fault_flag_is_refused_with_a_clear_message(string value, string message)
    {
        var e = Assert.Throws<ArgumentException>(() => CommandLine.Parse(["--node-fault", value], out _));
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void The_node_fault_flag_is_documented_and_writes_the_annotations()
    {
        Assert.Matches(new Regex(@"--node-fault NODE=FAULT\[:RECOVER_AFTER\]"), CommandLine.Help);
        foreach (var name in NodeFault.Names)
        {
            Assert.Contains(name, CommandLine.Help);
        }

        var options = CommandLine.Parse(["--node-fault", "server-1=not-ready-after-upgrade:1m30s", "--node-fault", "agent-2=stale-kubelet"], out _);
        Assert.Equal(new NodeFault(NodeFaultKind.NotReadyAfterUpgrade, TimeSpan.FromSeconds(90)), options.NodeFaults["server-1"]);
        Assert.Equal(
            [new(NodeFault.FaultAnnotation, "not-ready-after-upgrade"), new(NodeFault.RecoverAfterAnnotation, "1m30s")],
            options.NodeFaults["server-1"].Annotations().ToArray());
        Assert.Equal(NodeFaultKind.StaleKubelet, options.NodeFaults["agent-2"].Kind);
    }
}
