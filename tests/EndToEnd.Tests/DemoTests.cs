using Contracts.Plans;
using Demo;
using k8s.Models;

namespace EndToEnd.Tests;

/// <summary>The README's first command, run in process: the whole system on the embedded default.</summary>
public class DemoTests
{
    private static DemoOptions Fast() => new()
    {
        UpgradeDuration = TimeSpan.FromMilliseconds(300),
        Timeout = TimeSpan.FromMinutes(3),
        KubeconfigOut = Path.Combine(Path.GetTempPath(), $"demo-{Guid.NewGuid():N}.kubeconfig"),
    };

    [Fact]
    public async Task The_demo_upgrades_every_node_to_the_stable_channel_servers_first_and_exits_0()
    {
        var output = new StringWriter();
        var exit = await DemoRun.RunAsync(Fast(), output, CancellationToken.None);
        var text = output.ToString();

        Assert.True(exit == 0, text);
        Assert.Contains("stable -> v1.31.4+k3s1", text, StringComparison.Ordinal);
        Assert.Contains("All 6 nodes run v1.31.4+k3s1, labeled and schedulable", text, StringComparison.Ordinal);

        var lines = text.Split('\n');
        var lastServerDone = Array.FindLastIndex(lines, l => l.Contains("done (server-plan)", StringComparison.Ordinal));
        var firstAgentUpgrade = Array.FindIndex(lines, l => l.Contains("upgrading (agent-plan)", StringComparison.Ordinal));
        Assert.True(lastServerDone >= 0 && firstAgentUpgrade > lastServerDone, "an agent started before every server was done:\n" + text);

        var table = lines.SkipWhile(l => !l.StartsWith("NAME", StringComparison.Ordinal)).Skip(1).TakeWhile(l => l.Trim().Length > 0).ToList();
        Assert.Equal(6, table.Count);
        Assert.All(table, row =>
        {
            Assert.Contains(" Ready ", row, StringComparison.Ordinal);
            Assert.Contains("v1.31.4+k3s1", row, StringComparison.Ordinal);
            Assert.Contains("-plan=", row, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task A_channel_without_a_version_ends_the_demo_with_a_clear_error()
    {
        var output = new StringWriter();
        var exit = await DemoRun.RunAsync(Fast() with { Channel = "no-such-channel" }, output, CancellationToken.None);
        Assert.Equal(1, exit);
        Assert.Contains("has no version for channel 'no-such-channel'", output.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "--servers", "x" }, "--servers")]
    [InlineData(new[] { "--from", "v1.2-rc1" }, "--from")]
    [InlineData(new[] { "--timeout", "5" }, "--timeout")]
    [InlineData(new[] { "--servers", "0" }, "--servers")]
    [InlineData(new[] { "--bogus" }, "--bogus")]
    public void Bad_flags_are_refused_naming_the_flag(string[] args, string flag) =>
        Assert.Contains(flag, Assert.Throws<ArgumentException>(() => DemoOptions.Parse(args)).Message, StringComparison.Ordinal);

    [Fact]
    public void Progress_prints_each_change_once_and_finishes_only_when_every_node_is_done()
    {
        var view = new ProgressView("v1.31.4+k3s1");
        var plan = new Plan
        {
            Metadata = new V1ObjectMeta { Name = "server-plan" },
            Status = new PlanStatus { LatestHash = "h1", Applying = ["server-1"], Conditions = [new PlanCondition { Type = PlanConditions.Complete, Status = "False", Reason = "Resolved" }] },
        };
        V1Node Node(string version, bool cordoned, string? label) => new()
        {
            Metadata = new V1ObjectMeta
            {
                Name = "server-1",
                Labels = label is null
                    ? new Dictionary<string, string> { [NodeLabels.ControlPlane] = "true" }
                    : new Dictionary<string, string> { [NodeLabels.ControlPlane] = "true", [UpgradeLabels.ForPlan("server-plan")] = label },
            },
            Spec = new V1NodeSpec { Unschedulable = cordoned },
            Status = new V1NodeStatus { NodeInfo = new V1NodeSystemInfo { KubeletVersion = version }, Conditions = [new V1NodeCondition { Type = "Ready", Status = "True" }] },
        };

        var upgrading = new ClusterSnapshot([Node("v1.30.11+k3s1", true, null)], [plan], []);
        var first = view.Changes(upgrading).ToList();
        Assert.Equal(2, first.Count);
        Assert.Contains(first, l => l.Contains("Ready,SchedulingDisabled", StringComparison.Ordinal) && l.Contains("upgrading (server-plan)", StringComparison.Ordinal));
        Assert.Empty(view.Changes(upgrading));
        Assert.False(view.IsFinished(upgrading));

        plan.Status.Applying = [];
        plan.Status.Conditions = [new PlanCondition { Type = PlanConditions.Complete, Status = "True", Reason = "Complete" }];
        var done = new ClusterSnapshot([Node("v1.31.4+k3s1", false, "h1")], [plan], []);
        Assert.Contains(view.Changes(done), l => l.Contains("done (server-plan)", StringComparison.Ordinal));
        Assert.True(view.IsFinished(done));
        Assert.Contains("control-plane", ProgressView.NodeTable(done), StringComparison.Ordinal);
        Assert.False(view.IsFinished(new ClusterSnapshot([Node("v1.31.4+k3s1", true, "h1")], [plan], [])), "a cordoned node is not finished");
    }
}
