using k8s;
using Contracts.Plans;

namespace EndToEnd.Tests;

public class ResilienceTests
{
    private const string Target = "v1.32.4+k3s1";

    private static async Task<bool> Done(ControllerScenario s)
    {
        var server = await s.ConditionAsync("server-plan", PlanConditions.Complete);
        var agent = await s.ConditionAsync("agent-plan", PlanConditions.Complete);
        var nodes = await s.NodesAsync();
        return server?.Status == "True" && agent?.Status == "True" && nodes.All(n => n.Status.NodeInfo.KubeletVersion == Target && n.Spec.Unschedulable != true);
    }

    [Fact]
    public async Task Restart_mid_rollout_under_api_faults_never_exceeds_concurrency()
    {
        await using var s = await ControllerScenario.StartAsync(o =>
        {
            o.WriteErrorRate = 0.05;
            o.WriteConflictRate = 0.05;
            o.WatchCutRate = 0.02;
            o.Seed = 7;
        });
        await s.StartControllerAsync();
        foreach (var plan in ControllerScenario.SeedPlans(Target))
        {
            plan.Spec.Concurrency = 2;
            await s.CreatePlanWithRetryAsync(plan);
        }

        await s.WaitAsync(async () => (await s.NodesAsync()).Count(n => n.Status.NodeInfo.KubeletVersion == Target) >= 2, "two nodes upgraded", TimeSpan.FromSeconds(60));
        await s.StopControllerAsync();
        await s.StartControllerAsync();
        await s.WaitAsync(() => Done(s), "rollout completes after the restart", TimeSpan.FromSeconds(90));
        s.AssertSafe();
    }

    [Fact]
    public async Task Two_replicas_elect_one_leader_and_the_other_takes_over()
    {
        await using var s = await ControllerScenario.StartAsync();
        static Controller.ControllerOptions Elect(Controller.ControllerOptions o) => o with
        {
            LeaderElect = true,
            LeaseDuration = TimeSpan.FromSeconds(3),
            RenewDeadline = TimeSpan.FromSeconds(2),
            RetryPeriod = TimeSpan.FromMilliseconds(300),
        };
        await s.StartControllerAsync(Elect);
        var first = s.Controller!;
        await using var second = await Controller.ControllerHost.StartAsync(Elect(new Controller.ControllerOptions
        {
            Name = ControllerScenario.ControllerName,
            Namespace = ControllerScenario.Namespace,
            Kubeconfig = s.Sandbox.KubeconfigPath,
            PlanPollingInterval = TimeSpan.FromSeconds(1),
            AllowShortPollingInterval = true,
        }));
        await s.WaitAsync(() => Task.FromResult(first.IsLeader || second.IsLeader), "a leader is elected");
        Assert.False(first.IsLeader && second.IsLeader);
        var (leader, standby) = first.IsLeader ? (first, second) : (second, first);

        foreach (var plan in ControllerScenario.SeedPlans(Target))
        {
            await s.CreatePlanAsync(plan);
        }

        await s.WaitAsync(async () => (await s.NodesAsync()).Any(n => n.Status.NodeInfo.KubeletVersion == Target), "the leader upgrades a node");
        Assert.False(standby.IsLeader);
        var killedAt = DateTime.UtcNow;
        await leader.DisposeAsync();
        await s.WaitAsync(() => Task.FromResult(standby.IsLeader), "the standby takes over", TimeSpan.FromSeconds(10));
        Assert.True(DateTime.UtcNow - killedAt < TimeSpan.FromSeconds(3) + TimeSpan.FromSeconds(2), "takeover within the lease duration");
        await s.WaitAsync(() => Done(s), "the rollout completes under the new leader", TimeSpan.FromSeconds(60));
        s.AssertSafe();
        var lease = await s.Client.CoordinationV1.ReadNamespacedLeaseAsync(ControllerScenario.ControllerName, ControllerScenario.Namespace);
        Assert.Equal(standby.Identity, lease.Spec.HolderIdentity);
    }
}
