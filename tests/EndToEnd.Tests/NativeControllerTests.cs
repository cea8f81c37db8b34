using System.Net;
using Contracts.Plans;
using k8s;
using k8s.Models;
using TestSupport;

namespace EndToEnd.Tests;

/// <summary>
/// The controller as the image ships it: the Native AOT executable, as a process of its own, against the
/// Sandbox. Natively there is no reflection to fall back on, so every kind it lists, watches, patches and
/// writes must have compile-time metadata; these tests drive each of those paths: kubeconfig, Plans, nodes,
/// Jobs, Secrets, events, the Lease, the channel poll, status and metrics.
/// </summary>
public sealed class NativeControllerTests
{
    private const string Target = "v1.32.4+k3s1";

    private static Task<string> NativeAsync() => NativeBuild.PublishAsync("Controller/Controller.csproj");

    [Fact]
    public async Task The_native_executable_rolls_out_the_seed_plans_from_a_channel_with_a_secret_and_reports_it()
    {
        var native = await NativeAsync();
        await using var s = await ControllerScenario.StartAsync(o =>
        {
            o.Servers = 2;
            o.Agents = 3;
        });
        await using var channel = await ChannelStub.StartAsync();
        channel.Version = Target;
        await s.Client.CoreV1.CreateNamespacedSecretAsync(
            new V1Secret { Metadata = new V1ObjectMeta { Name = "upgrade-env", NamespaceProperty = ControllerScenario.Namespace }, StringData = new Dictionary<string, string> { ["MODE"] = "native" } },
            ControllerScenario.Namespace);
        foreach (var plan in ControllerScenario.SeedPlans(Target))
        {
            plan.Spec.Version = null;
            plan.Spec.Channel = channel.ChannelUrl;
            if (plan.Metadata.Name == "agent-plan")
            {
                plan.Spec.Secrets = [new SecretSpec { Name = "upgrade-env", Path = "/host/run/upgrade-env" }];
            }

            await s.CreatePlanAsync(plan);
        }

        // the channel answers the target from the start: the first poll, at start, is all the rollout needs
        // (debug logging: the memory trim says at that level when it ran)
        await using var controller = ControllerProcess.Start(s.Sandbox.KubeconfigPath, new Dictionary<string, string> { ["SYSTEM_UPGRADE_CONTROLLER_DEBUG"] = "true" }, native);
        var agentJob = (V1Job?)null;
        await Wait(s, controller, async () =>
        {
            agentJob ??= (await s.JobsAsync()).FirstOrDefault(j => j.Metadata.Labels?.TryGetValue(UpgradeLabels.Plan, out var p) == true && p == "agent-plan");
            return await DoneAsync(s);
        }, "both plans Complete at the channel's version", TimeSpan.FromSeconds(90));

        foreach (var node in await s.NodesAsync())
        {
            Assert.Equal(Target, node.Status.NodeInfo.KubeletVersion);
            Assert.NotEqual(true, node.Spec.Unschedulable);
        }

        var agentPlan = await s.GetPlanAsync("agent-plan");
        Assert.Equal("v1.32.4-k3s1", agentPlan.Status!.LatestVersion);
        Assert.Contains(agentPlan.Status.Conditions!, c => c.Type == PlanConditions.Complete && c.Status == "True");
        Assert.NotNull(agentJob);
        Assert.Contains(agentJob!.Spec.Template.Spec.Volumes, v => v.Secret?.SecretName == "upgrade-env");
        Assert.Contains(await s.EventsAsync("agent-plan"), e => e.Reason == "SyncJob");

        // the channel was asked as the reference asks it, with the cluster's id (kube-system's uid)
        var kubeSystem = await s.Client.CoreV1.ReadNamespaceAsync("kube-system");
        Assert.Contains(channel.Requests, r => r.ClusterId == kubeSystem.Metadata.Uid);

        await Wait(s, controller, async () => (await controller.TryGetAsync("/readyz"))?.Status == HttpStatusCode.OK, "the controller is ready");
        var metrics = (await controller.GetAsync("/metrics")).Body;
        Assert.Contains("suc_plan_condition{plan=\"agent-plan\",reason=\"Complete\"} 1", metrics);
        Assert.Contains("suc_plan_nodes{plan=\"agent-plan\",state=\"done\"} 3", metrics);
        s.AssertSafe();

        // the executable gives the garbage of its start and rollout back (MemoryTrimService): a full collection ran in it
        await Wait(s, controller, () => Task.FromResult(controller.Output.Any(line => line.Contains("Memory trimmed: a full collection took", StringComparison.Ordinal))),
            "the native controller trimmed its memory", TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Two_native_controllers_hold_one_lease_and_the_standby_takes_over_when_the_leader_is_killed()
    {
        var native = await NativeAsync();
        await using var s = await ControllerScenario.StartAsync(o =>
        {
            o.Servers = 1;
            o.Agents = 2;
        });
        var elect = new Dictionary<string, string> { ["SYSTEM_UPGRADE_CONTROLLER_LEADER_ELECT"] = "true" };
        await using var first = ControllerProcess.Start(s.Sandbox.KubeconfigPath, elect, native);
        await Wait(s, first, () => Task.FromResult(Leads(first)), "the first controller leads");
        await using var second = ControllerProcess.Start(s.Sandbox.KubeconfigPath, elect, native);
        await Wait(s, second, async () => (await second.TryGetAsync("/readyz"))?.Status == HttpStatusCode.OK, "the standby is up");

        var lease = await s.Client.CoordinationV1.ReadNamespacedLeaseAsync(ControllerScenario.ControllerName, ControllerScenario.Namespace);
        Assert.False(string.IsNullOrEmpty(lease.Spec.HolderIdentity));
        Assert.False(Leads(second), "the standby leads while the leader holds the lease");

        await first.KillAsync();
        await Wait(s, second, () => Task.FromResult(Leads(second)), "the standby takes the lease", TimeSpan.FromSeconds(45));
        // the server: an agent would wait for the control plane to go first
        await s.CreatePlanAsync(Plans.For("after-takeover", Target, ["server-1"]));
        await Wait(s, second, async () => (await s.NodesAsync()).Single(n => n.Metadata.Name == "server-1").Status.NodeInfo.KubeletVersion == Target,
            "the new leader upgrades server-1", TimeSpan.FromSeconds(60));
        var taken = await s.Client.CoordinationV1.ReadNamespacedLeaseAsync(ControllerScenario.ControllerName, ControllerScenario.Namespace);
        Assert.NotEqual(lease.Spec.HolderIdentity, taken.Spec.HolderIdentity);
    }

    [Fact]
    public async Task A_kubeconfig_that_is_not_yaml_is_refused_at_start_with_the_reason()
    {
        var native = await NativeAsync();
        var kubeconfig = Path.Combine(Path.GetTempPath(), $"broken-{Guid.NewGuid():N}.kubeconfig");
        await File.WriteAllTextAsync(kubeconfig, "clusters: [unclosed\n");
        try
        {
            await using var controller = ControllerProcess.Start(kubeconfig, null, native);
            Assert.Equal(2, await controller.WaitForExitAsync(TimeSpan.FromSeconds(30)));
            Assert.Contains(controller.Output, line => line.Contains("not valid YAML", StringComparison.Ordinal) && line.Contains(kubeconfig, StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(kubeconfig);
        }
    }

    private static bool Leads(ControllerProcess controller) => controller.Output.Any(line => line.Contains(" leads: holding Lease", StringComparison.Ordinal));

    private static async Task Wait(ControllerScenario s, ControllerProcess controller, Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        try
        {
            await s.WaitAsync(condition, what, timeout);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}\nthe native controller printed:\n{string.Join('\n', controller.Output.TakeLast(40))}", e);
        }
    }

    private static async Task<bool> DoneAsync(ControllerScenario s)
    {
        var server = await s.ConditionAsync("server-plan", PlanConditions.Complete);
        var agent = await s.ConditionAsync("agent-plan", PlanConditions.Complete);
        return server?.Status == "True" && agent?.Status == "True"
            && (await s.NodesAsync()).All(n => n.Status.NodeInfo.KubeletVersion == Target && n.Spec.Unschedulable != true);
    }
}
