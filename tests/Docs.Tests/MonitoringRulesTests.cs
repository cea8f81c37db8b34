using TestSupport;

namespace Docs.Tests;

/// <summary>config/monitoring/rules.yaml checked and unit-tested by Prometheus' own promtool.</summary>
public sealed class MonitoringRulesTests
{
    private static readonly string[] RequiredAlerts =
    [
        "UpgradePlanStuck", "UpgradeNodeFailed", "UpgradeChannelMovedBackwards", "ChannelServerStale",
        "ChannelServerReleaseDataOld", "ChannelServerGitHubRateLimitLow",
    ];

    [Fact]
    public async Task The_rules_pass_promtool_check_rules()
    {
        var output = await Tool.OkAsync("promtool", "prometheus", "check", "rules", RepoPaths.Config("monitoring", "rules.yaml"));
        Assert.Contains("SUCCESS", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_rules_pass_their_promtool_unit_tests()
    {
        var output = await Tool.OkAsync("promtool", "prometheus", "test", "rules", RepoPaths.Config("monitoring", "rules.test.yaml"));
        Assert.Contains("SUCCESS", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_required_alert_exists_and_every_alert_has_a_unit_test()
    {
        var rules = File.ReadAllText(RepoPaths.Config("monitoring", "rules.yaml"));
        var tests = File.ReadAllText(RepoPaths.Config("monitoring", "rules.test.yaml"));
        var alerts = rules.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("- alert: ", StringComparison.Ordinal)).Select(l => l[9..]).ToList();
        Assert.Subset(alerts.ToHashSet(), RequiredAlerts.ToHashSet());
        Assert.All(alerts, alert => Assert.Contains($"alertname: {alert}\n", tests, StringComparison.Ordinal));
    }
}
