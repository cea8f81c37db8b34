using System.Diagnostics;
using System.Globalization;
using System.Net;
using Contracts.Plans;
using Xunit.Abstractions;

namespace EndToEnd.Tests;

/// <summary>
/// The safety invariants under chaos, for a bounded time: a 20-node rollout through the seed's two
/// plans while the Sandbox fails writes and cuts watches, and the controller process is SIGKILLed and
/// restarted at random points. Every committed state is checked (<see cref="SafetyMonitor"/>).
/// </summary>
public class ChaosTests(ITestOutputHelper output)
{
    private const string From = "v1.31.4+k3s1";
    private const string Target = "v1.32.4+k3s1";
    private const int Kills = 10;

    [Fact]
    public async Task Random_controller_kills_under_api_faults_break_no_rule_and_the_rollout_completes()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("CHAOS_SEED"), CultureInfo.InvariantCulture, out var fixedSeed) ? fixedSeed : Random.Shared.Next(1, 1_000_000);
        output.WriteLine($"chaos seed {seed} (set CHAOS_SEED to repeat the Sandbox's faults and the kill points)");
        var random = new Random(seed);
        await using var s = await ControllerScenario.StartAsync(o =>
        {
            o.Servers = 3;
            o.Agents = 17;
            o.Version = From;
            o.Seed = seed;
        });
        foreach (var plan in ControllerScenario.SeedPlans(Target))
        {
            plan.Spec.Concurrency = plan.Metadata.Name == "agent-plan" ? 3 : 1;
            await s.CreatePlanWithRetryAsync(plan);
        }

        // Faults from here on: the controller never sees a clean API.
        s.Sandbox.Faults.WriteErrorRate = 0.08;
        s.Sandbox.Faults.WriteConflictRate = 0.08;
        s.Sandbox.Faults.WatchCutRate = 0.05;
        s.Sandbox.Faults.SlowRequestRate = 0.02;
        var environment = new Dictionary<string, string> { ["SYSTEM_UPGRADE_JOB_TTL_SECONDS_AFTER_FINISH"] = "2" };
        var clock = Stopwatch.StartNew();
        var kills = 0;
        var exitedOnTheirOwn = 0;
        var done = false;
        while (kills < Kills && !done)
        {
            await using var controller = ControllerProcess.Start(s.Sandbox.KubeconfigPath, environment);
            // A random point: after a random number of changes to nodes, Jobs and Plans, or a random time, whichever comes first.
            var untilEvents = s.Safety.Events + random.Next(2, 60);
            var untilTime = clock.Elapsed + TimeSpan.FromMilliseconds(random.Next(300, 4000));
            await ControllerScenario.UntilAsync(
                async () => s.Safety.Events >= untilEvents || clock.Elapsed >= untilTime || controller.HasExited || (done = await DoneAsync(s)),
                "a kill point",
                TimeSpan.FromSeconds(30));
            if (controller.HasExited)
            {
                exitedOnTheirOwn++;
                output.WriteLine($"the controller exited on its own:\n{string.Join('\n', controller.Output.TakeLast(20))}");
            }

            await controller.KillAsync();
            kills++;
            output.WriteLine($"kill {kills} at {clock.Elapsed.TotalSeconds:F1} s, {s.Safety.Events} changes observed");
        }

        await using (var last = ControllerProcess.Start(s.Sandbox.KubeconfigPath, environment))
        {
            await s.WaitAsync(() => DoneAsync(s), "the rollout completes after the last restart", TimeSpan.FromSeconds(120));
            await s.WaitAsync(async () => (await s.JobsAsync()).Count == 0, "finished Jobs are removed (TTL 2 s)", TimeSpan.FromSeconds(60));

            // The surviving process reports what it sees (the rollout may have ended before it even bound its port).
            await s.WaitAsync(async () => (await last.TryGetAsync("/healthz"))?.Status == HttpStatusCode.OK, "the controller is live");
            await s.WaitAsync(async () => (await last.TryGetAsync("/readyz"))?.Status == HttpStatusCode.OK, "the controller is ready");
            // Ready means the caches are full; the first reconcile of each plan sets its series right after.
            string[] expected =
            [
                "suc_plan_nodes{plan=\"agent-plan\",state=\"done\"} 17",
                "suc_plan_nodes{plan=\"server-plan\",state=\"done\"} 3",
                "suc_plan_condition{plan=\"agent-plan\",reason=\"Complete\"} 1",
            ];
            var metrics = "";
            await s.WaitAsync(
                async () =>
                {
                    metrics = (await last.GetAsync("/metrics")).Body;
                    return expected.All(metrics.Contains);
                },
                "the metrics show both plans complete");
            Assert.All(expected, line => Assert.Contains(line, metrics));
        }

        var plans = new[] { await s.GetPlanAsync("server-plan"), await s.GetPlanAsync("agent-plan") };
        foreach (var node in await s.NodesAsync())
        {
            var plan = node.Metadata.Labels.ContainsKey(NodeLabels.ControlPlane) ? plans[0] : plans[1];
            Assert.Equal(Target, node.Status.NodeInfo.KubeletVersion);
            Assert.Equal(plan.Status!.LatestHash, node.Metadata.Labels[UpgradeLabels.ForPlan(plan.Metadata.Name)]);
            Assert.NotEqual(true, node.Spec.Unschedulable);
            Assert.False(node.Metadata.Annotations?.ContainsKey(UpgradeLabels.CordonedBy) ?? false, $"{node.Metadata.Name} still marked as cordoned by a plan");
        }

        s.AssertSafe();
        var faults = string.Join(", ", s.Sandbox.Faults.Injected.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"{f.Value} {f.Key}"));
        output.WriteLine($"survived {kills} kills ({exitedOnTheirOwn} exits on its own) and {faults} in {clock.Elapsed.TotalSeconds:F1} s; {s.Safety.Events} changes checked, at most {s.Safety.MaxRunning} Jobs running at once");
        Assert.True(kills >= 3, $"only {kills} kills happened before the rollout completed: the test did not exercise restarts");
        Assert.Equal(0, exitedOnTheirOwn);
    }

    private static async Task<bool> DoneAsync(ControllerScenario s)
    {
        var server = await s.ConditionAsync("server-plan", PlanConditions.Complete);
        var agent = await s.ConditionAsync("agent-plan", PlanConditions.Complete);
        return server?.Status == "True" && agent?.Status == "True"
            && (await s.NodesAsync()).All(n => n.Status.NodeInfo.KubeletVersion == Target && n.Spec.Unschedulable != true);
    }
}
