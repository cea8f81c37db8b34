using Microsoft.Extensions.Logging;
using ChannelServer;
using Contracts.Plans;

namespace EndToEnd.Tests;

/// <summary>The seed plans following the real channel server (offline snapshot, our own channel file), not a stub.</summary>
public class RealChannelServerTests
{
    [Fact]
    public async Task Seed_plans_follow_the_real_channel_server_through_two_releases()
    {
        var dir = Directory.CreateTempSubdirectory("channels-");
        var config = Path.Combine(dir.FullName, "channels.yaml");
        await File.WriteAllTextAsync(config, "channels:\n- name: stable\n  latest: v1.31.7+k3s1\n");
        var snapshot = Path.Combine(AppContext.BaseDirectory, "k3s-releases.json");
        await using var server = await ChannelServerHost.StartAsync(
            ["--url", config, "--releases-file", Path.GetFullPath(snapshot), "--refresh-interval", "1s", "--state-dir", dir.FullName],
            new ChannelServerHostOptions { Environment = _ => null, ConfigureLogging = l => l.ClearProviders() });
        var channel = new Uri(server.Url, "v1-release/channels/stable").AbsoluteUri;

        await using var s = await ControllerScenario.StartAsync(o => { o.Servers = 2; o.Agents = 2; o.Version = "v1.31.6+k3s1"; });
        await s.StartControllerAsync();
        foreach (var plan in ControllerScenario.SeedPlans("unused"))
        {
            plan.Spec.Version = null;
            plan.Spec.Channel = channel;
            await s.CreatePlanAsync(plan);
        }

        await s.WaitAsync(() => AllAt(s, "v1.31.7+k3s1"), "first release rolled out", TimeSpan.FromSeconds(60));

        await File.WriteAllTextAsync(config, "channels:\n- name: stable\n  latest: v1.32.3+k3s1\n");
        await s.WaitAsync(() => AllAt(s, "v1.32.3+k3s1"), "second release rolled out", TimeSpan.FromSeconds(60));
        s.AssertSafe();
        Assert.Equal("v1.32.3-k3s1", (await s.GetPlanAsync("agent-plan")).Status!.LatestVersion);
        dir.Delete(recursive: true);
    }

    private static async Task<bool> AllAt(ControllerScenario s, string version)
    {
        foreach (var name in new[] { "server-plan", "agent-plan" })
        {
            if ((await s.ConditionAsync(name, PlanConditions.Complete))?.Status != "True")
            {
                return false;
            }
        }

        return (await s.NodesAsync()).All(n => n.Status.NodeInfo.KubeletVersion == version && n.Spec.Unschedulable != true);
    }
}
