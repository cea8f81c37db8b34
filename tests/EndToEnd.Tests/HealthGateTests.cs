using k8s;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Contracts.Plans;
using k8s.Models;
using Sandbox.Simulation;

namespace EndToEnd.Tests;

/// <summary>The health gates on the Sandbox with its node faults: a Job that succeeds is not enough.</summary>
public class HealthGateTests
{
    private const string Target = "v1.32.4+k3s1";

    private static Plan ServerPlan(string? readyTimeout = "2s", Action<Plan>? configure = null)
    {
        var plan = Plans.For("servers", version: Target, configure: s =>
        {
            s.Cordon = true;
            s.NodeSelector = new V1LabelSelector { MatchExpressions = [new V1LabelSelectorRequirement { Key = NodeLabels.ControlPlane, OperatorProperty = "Exists" }] };
        });
        if (readyTimeout is not null)
        {
            plan.Metadata.Annotations = new Dictionary<string, string> { [UpgradeLabels.NodeReadyTimeout] = readyTimeout };
        }

        configure?.Invoke(plan);
        return plan;
    }

    private static Task<ControllerScenario> ThreeServers(string fault) => ControllerScenario.StartAsync(o =>
    {
        o.Servers = 3;
        o.Agents = 0;
        // Every server carries the fault, so whichever the rollout takes first is the one that does not come back.
        foreach (var name in new[] { "server-1", "server-2", "server-3" })
        {
            o.NodeFaults[name] = NodeFault.TryParse(fault, null, out var parsed, out var error) ? parsed : throw new ArgumentException(error);
        }
    });

    private static Task ClearFaultAsync(ControllerScenario s, string node) =>
        s.Client.CoreV1.PatchNodeAsync(new V1Patch("{\"metadata\":{\"annotations\":{\"" + NodeFault.FaultAnnotation + "\":null}}}", V1Patch.PatchType.MergePatch), node);

    private static async Task<bool> CompleteAsync(ControllerScenario s, string plan) =>
        (await s.ConditionAsync(plan, PlanConditions.Complete))?.Status == "True";

    [Fact]
    public async Task A_server_that_never_comes_back_halts_the_rollout_with_the_others_untouched_and_recovery_resumes_it()
    {
        await using var s = await ThreeServers("not-ready-after-upgrade");
        await s.StartControllerAsync();
        await s.CreatePlanAsync(ServerPlan());

        await s.WaitAsync(async () => (await s.ConditionAsync("servers", PlanConditions.Complete))?.Reason == PlanConditions.Reasons.NodeNotReady, "the plan halts", TimeSpan.FromSeconds(30));
        var job = Assert.Single(await s.JobsAsync());
        var first = job.Metadata.Labels[UpgradeLabels.Node];
        var halted = await s.ConditionAsync("servers", PlanConditions.Complete);
        Assert.Contains($"{first} is not Ready at the target 2s after its upgrade", halted!.Message);
        Assert.Contains("Ready=Unknown", halted.Message);
        // The event and the metric follow the status write (events are posted off the Plan's critical path), so
        // they may land a moment after the condition the wait above saw.
        await s.WaitAsync(async () => (await s.EventsAsync("servers")).Any(e => e.Reason == PlanEvents.NodeNotReady && e.Type == "Warning"), "a NodeNotReady warning");
        await s.WaitAsync(() => Task.FromResult(s.Controller!.Metrics.NodeReadyTimeouts.WithLabels("servers").Value >= 1), "the node-ready timeout counted");
        var nodes = await s.NodesAsync();
        Assert.All(nodes.Where(n => n.Metadata.Name != first), n =>
        {
            Assert.Equal(ControllerScenario.StartVersion, n.Status.NodeInfo.KubeletVersion);
            Assert.NotEqual(true, n.Spec.Unschedulable);
        });
        Assert.False(nodes.Single(n => n.Metadata.Name == first).Metadata.Labels.ContainsKey(UpgradeLabels.ForPlan("servers")));

        foreach (var node in nodes)
        {
            await ClearFaultAsync(s, node.Metadata.Name);
        }

        await s.WaitAsync(() => CompleteAsync(s, "servers"), "the rollout resumes and completes", TimeSpan.FromSeconds(60));
        Assert.All(await s.NodesAsync(), n => Assert.Equal(Target, n.Status.NodeInfo.KubeletVersion));
        s.AssertSafe();
    }

    [Fact]
    public async Task A_kubelet_that_keeps_its_old_version_is_not_done()
    {
        await using var s = await ThreeServers("stale-kubelet");
        await s.StartControllerAsync();
        await s.CreatePlanAsync(ServerPlan());
        await s.WaitAsync(async () => (await s.ConditionAsync("servers", PlanConditions.Complete))?.Reason == PlanConditions.Reasons.NodeNotReady, "the plan halts", TimeSpan.FromSeconds(30));
        var halted = await s.ConditionAsync("servers", PlanConditions.Complete);
        Assert.Contains($"kubelet {ControllerScenario.StartVersion}, not {Target}", halted!.Message);
        Assert.Single(await s.JobsAsync());
        Assert.DoesNotContain(await s.NodesAsync(), n => n.Metadata.Labels.ContainsKey(UpgradeLabels.ForPlan("servers")));
        s.AssertSafe();
    }

    [Fact]
    public async Task No_server_starts_while_another_is_not_ready_and_the_plan_names_it()
    {
        await using var s = await ControllerScenario.StartAsync(o =>
        {
            o.Servers = 3;
            o.Agents = 0;
            o.NodeFaults["server-2"] = new NodeFault(NodeFaultKind.NotReady);
        });
        await s.StartControllerAsync();
        await s.CreatePlanAsync(ServerPlan(readyTimeout: null));
        await s.WaitAsync(async () => (await s.ConditionAsync("servers", PlanConditions.Complete))?.Reason == PlanConditions.Reasons.ControlPlaneNotReady, "the quorum gate holds", TimeSpan.FromSeconds(30));
        Assert.Contains("while server-2 is NotReady", (await s.ConditionAsync("servers", PlanConditions.Complete))!.Message);
        Assert.Empty(await s.JobsAsync());

        await ClearFaultAsync(s, "server-2");
        await s.WaitAsync(() => CompleteAsync(s, "servers"), "the rollout goes on once server-2 is back", TimeSpan.FromSeconds(60));
        s.AssertSafe();
    }

    [Fact]
    public async Task A_plan_paused_with_the_readmes_kubectl_command_starts_nothing_until_resumed_with_it()
    {
        // Upgrades slow enough that pausing lands mid-rollout.
        await using var s = await ControllerScenario.StartAsync(o => { o.Servers = 1; o.Agents = 2; o.UpgradeDuration = TimeSpan.FromSeconds(2); });
        await s.StartControllerAsync();
        var plan = Plans.For("server-plan", version: Target, concurrency: 1);
        plan.Metadata.Annotations = new Dictionary<string, string> { [UpgradeLabels.Paused] = "true" };
        await s.CreatePlanAsync(plan);
        await s.WaitAsync(async () => (await s.ConditionAsync("server-plan", PlanConditions.Complete))?.Reason == PlanConditions.Reasons.Paused, "the plan says it is paused");
        Assert.Empty(await s.JobsAsync());

        // README: kubectl -n system-upgrade annotate plan server-plan upgrade.channels.dev/paused-
        await Kubectl.RunAsync(s, "-n", "system-upgrade", "annotate", "plan", "server-plan", "upgrade.channels.dev/paused-");
        await s.WaitAsync(async () => (await s.JobsAsync()).Count > 0, "the plan resumes");

        // README: kubectl -n system-upgrade annotate plan server-plan upgrade.channels.dev/paused=true
        await Kubectl.RunAsync(s, "-n", "system-upgrade", "annotate", "plan", "server-plan", "upgrade.channels.dev/paused=true");
        await s.WaitAsync(async () => (await s.ConditionAsync("server-plan", PlanConditions.Complete))?.Reason == PlanConditions.Reasons.Paused, "paused again, running Jobs finish");
        var jobs = (await s.JobsAsync()).Count;
        Assert.InRange(jobs, 1, 2);
        Assert.Contains(await s.NodesAsync(), n => n.Status.NodeInfo.KubeletVersion == ControllerScenario.StartVersion);

        await Kubectl.RunAsync(s, "-n", "system-upgrade", "annotate", "plan", "server-plan", "upgrade.channels.dev/paused-");
        await s.WaitAsync(() => CompleteAsync(s, "server-plan"), "the plan completes", TimeSpan.FromSeconds(60));
        s.AssertSafe();
    }

    [Fact]
    public async Task Ten_channels_that_never_answer_do_not_delay_a_version_pinned_plan()
    {
        // Accepts connections and never answers: each poll waits out its timeout.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start(100);
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        var held = new List<TcpClient>();
        using var stop = new CancellationTokenSource();
        var accepting = Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    held.Add(await silent.AcceptTcpClientAsync(stop.Token));
                }
            }
            catch (OperationCanceledException)
            {
            }
        });

        await using var s = await ControllerScenario.StartAsync(o => { o.Servers = 1; o.Agents = 2; });
        await s.StartControllerAsync();
        for (var i = 0; i < 10; i++)
        {
            await s.CreatePlanAsync(Plans.For($"slow-{i}", version: null, configure: p => p.Channel = $"http://127.0.0.1:{port}/v1-release/channels/c{i}"));
        }

        await s.WaitAsync(async () => (await s.ConditionAsync("slow-9", PlanConditions.Validated))?.Status == "True", "the slow plans are seen");
        var created = Stopwatch.StartNew();
        await s.CreatePlanAsync(Plans.For("pinned", version: Target));
        await s.WaitAsync(async () => (await s.GetPlanAsync("pinned")).Status?.LatestVersion is not null, "the pinned plan gets its status", TimeSpan.FromSeconds(2));
        Assert.True(created.Elapsed < TimeSpan.FromSeconds(2), $"first status after {created.Elapsed}");
        await s.WaitAsync(() => CompleteAsync(s, "pinned"), "the pinned plan rolls out", TimeSpan.FromSeconds(30));
        s.AssertSafe();

        await stop.CancelAsync();
        await accepting;
        held.ForEach(c => c.Dispose());
    }

    [Fact]
    public async Task A_pass_that_throws_says_so_on_the_plan()
    {
        await using var s = await ControllerScenario.StartAsync(o => { o.Servers = 1; o.Agents = 0; });
        // The cluster id is read from namespace kube-system before a channel is polled: without it the pass fails.
        await s.Client.CoreV1.DeleteNamespaceAsync("kube-system");
        await ControllerScenario.UntilAsync(async () => (await s.Client.CoreV1.ListNamespaceAsync()).Items.All(n => n.Metadata.Name != "kube-system"), "kube-system is gone");
        await s.StartControllerAsync();
        await s.CreatePlanAsync(Plans.For("broken", version: null, configure: p => p.Channel = "http://127.0.0.1:9/v1-release/channels/stable"));
        await s.WaitAsync(async () => (await s.ConditionAsync("broken", PlanConditions.Complete))?.Reason == PlanConditions.Reasons.ReconcileFailed, "the failure is on the plan");
        var complete = await s.ConditionAsync("broken", PlanConditions.Complete);
        Assert.Equal("False", complete!.Status);
        Assert.StartsWith("reconciling failed, retrying with backoff: HttpOperationException:", complete.Message);
        await s.WaitAsync(async () => (await s.EventsAsync("broken")).Any(e => e.Reason == PlanEvents.ReconcileFailed), "and in an event");
    }

    [Fact]
    public async Task A_firing_alert_holds_the_rollout_until_it_resolves()
    {
        await using var alerts = await AlertsStub.StartAsync();
        alerts.Firing = ["EtcdHighFsyncDurations", "Watchdog"];
        await using var s = await ControllerScenario.StartAsync(o => { o.Servers = 1; o.Agents = 2; });
        await s.StartControllerAsync(o => o with { PrometheusUrl = alerts.Url, AlertFilter = "^Etcd", AlertsInterval = TimeSpan.FromMilliseconds(200) });
        await s.CreatePlanAsync(Plans.For("alerted", version: Target));
        await s.WaitAsync(async () => (await s.ConditionAsync("alerted", PlanConditions.Complete))?.Reason == PlanConditions.Reasons.AlertFiring, "the alert holds the plan");
        Assert.Equal("alerts firing: EtcdHighFsyncDurations; no new node starts until they resolve", (await s.ConditionAsync("alerted", PlanConditions.Complete))!.Message);
        Assert.Empty(await s.JobsAsync());
        Assert.Equal(1, s.Controller!.Metrics.AlertsFiring.Value);

        alerts.Firing = ["Watchdog"];
        await s.WaitAsync(() => CompleteAsync(s, "alerted"), "the rollout goes on once the alert resolves", TimeSpan.FromSeconds(60));
        s.AssertSafe();
    }
}
