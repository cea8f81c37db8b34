using System.Text.Json;
using System.Text.RegularExpressions;
using Sandbox;
using TestSupport;

namespace Docs.Tests;

/// <summary>
/// The Grafana dashboard refers only to metrics the programs export: a controller and a channel server run a
/// rollout on the Sandbox (one node fails on purpose, so failure metrics exist too), their /metrics are scraped, and
/// every name in the dashboard's queries, and in the recording rules it uses, is among the scraped names.
/// </summary>
public sealed partial class DashboardTests
{
    // Real processes polled over HTTP: every 200 ms is often enough and leaves them the CPU.
    private static readonly TimeSpan ProgramPoll = TimeSpan.FromMilliseconds(200);

    private static string DashboardPath => RepoPaths.Config("monitoring", "grafana-dashboard.json");

    [Fact]
    public async Task Every_metric_the_dashboard_queries_is_exported_by_a_running_controller_or_channel_server()
    {
        var exported = await ScrapeRolloutAsync();
        var dashboard = Queries();
        var rules = File.ReadAllText(RepoPaths.Config("monitoring", "rules.yaml"));
        var recorded = RecordingRules(rules);

        var missing = new List<string>();
        foreach (var query in dashboard)
        {
            foreach (var name in MetricNames().Matches(RecordedNames().Replace(query, " ")).Select(m => m.Value))
            {
                if (!exported.Contains(name))
                {
                    missing.Add($"{name} (in {query})");
                }
            }

            foreach (var rule in RecordedNames().Matches(query).Select(m => m.Value))
            {
                Assert.True(recorded.TryGetValue(rule, out var expr), $"the dashboard uses {rule}, which rules.yaml does not record");
                missing.AddRange(MetricNames().Matches(expr!).Select(m => m.Value).Where(n => !exported.Contains(n)).Select(n => $"{n} (in rule {rule})"));
            }
        }

        Assert.True(missing.Count == 0, "not exported: " + string.Join("; ", missing.Distinct()));
    }

    [Fact]
    public void The_dashboard_shows_rollouts_job_durations_and_refresh_health()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(DashboardPath));
        var titles = doc.RootElement.GetProperty("panels").EnumerateArray().Select(p => p.GetProperty("title").GetString()!).ToList();
        Assert.Contains(titles, t => t.Contains("Rollout progress", StringComparison.Ordinal));
        Assert.Contains(titles, t => t.Contains("Job duration", StringComparison.Ordinal));
        Assert.Contains(titles, t => t.Contains("Refreshes", StringComparison.Ordinal));
        Assert.Contains(titles, t => t.Contains("Channel polls", StringComparison.Ordinal));
        Assert.NotEmpty(Queries());
    }

    private static List<string> Queries()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(DashboardPath));
        return doc.RootElement.GetProperty("panels").EnumerateArray()
            .Where(p => p.TryGetProperty("targets", out _))
            .SelectMany(p => p.GetProperty("targets").EnumerateArray())
            .Select(t => t.GetProperty("expr").GetString()!)
            .ToList();
    }

    private static Dictionary<string, string> RecordingRules(string rules)
    {
        var stream = new YamlDotNet.RepresentationModel.YamlStream();
        stream.Load(new StringReader(rules));
        var result = new Dictionary<string, string>();
        var root = (YamlDotNet.RepresentationModel.YamlMappingNode)stream.Documents[0].RootNode;
        foreach (var group in (YamlDotNet.RepresentationModel.YamlSequenceNode)root["groups"])
        {
            foreach (var rule in ((YamlDotNet.RepresentationModel.YamlSequenceNode)((YamlDotNet.RepresentationModel.YamlMappingNode)group)["rules"]).Cast<YamlDotNet.RepresentationModel.YamlMappingNode>())
            {
                if (rule.Children.TryGetValue("record", out var record))
                {
                    result[record.ToString()] = rule["expr"].ToString();
                }
            }
        }

        return result;
    }

    private static async Task<HashSet<string>> ScrapeRolloutAsync()
    {
        using var dir = new TempFolder();
        await using var sandbox = await SandboxHost.StartAsync(new SandboxOptions
        {
            Servers = 1,
            Agents = 1,
            Version = "v1.32.3+k3s1",
            UpgradeDuration = TimeSpan.FromMilliseconds(200),
            KubeconfigOut = Path.Combine(dir.Path, "kubeconfig"),
            FailingNodes = { "agent-1" },
        });
        await using var channelServer = ProgramProcess.Start("ChannelServer.dll",
            ["--listen-address", "127.0.0.1:{port}", "--url", RepoPaths.Config("channels.yaml"), "--releases-file", RepoPaths.Config("k3s-releases.json")]);
        await using var controller = ProgramProcess.Start("Controller.dll",
            ["--name", "system-upgrade-controller", "--namespace", "system-upgrade", "--kubeconfig", sandbox.KubeconfigPath],
            new Dictionary<string, string> { ["ASPNETCORE_URLS"] = "http://127.0.0.1:{port}", ["SYSTEM_UPGRADE_JOB_BACKOFF_LIMIT"] = "0" });

        await Eventually.UntilAsync(async () => await channelServer.TryGetAsync("readyz") is not null, "the channel server is ready", TimeSpan.FromSeconds(60), ProgramPoll);
        var kubectl = (string[] args) => Tool.OkAsync("kubectl", "kubernetes-client", ["--kubeconfig", sandbox.KubeconfigPath, .. args]);
        await kubectl(["apply", "-f", RepoPaths.Config("crd.yaml"), "-f", RepoPaths.Config("system-upgrade-controller.yaml")]);
        var plans = (await File.ReadAllTextAsync(RepoPaths.Config("examples", "k3s-upgrade-channel.yaml")))
            .Replace("http://channel-server.system-upgrade.svc/v1-release/channels/stable", new Uri(channelServer.Url, "v1-release/channels/v1.32").ToString(), StringComparison.Ordinal);
        await File.WriteAllTextAsync(Path.Combine(dir.Path, "plans.yaml"), plans);
        await kubectl(["apply", "-f", Path.Combine(dir.Path, "plans.yaml")]);

        // The server upgrades, the agent's Job fails: both outcomes are in the metrics.
        await Eventually.UntilAsync(
            async () => await controller.TryGetAsync("metrics") is { } text
                && text.Contains("suc_nodes_upgraded_total{plan=\"server-plan\"} 1", StringComparison.Ordinal)
                && text.Contains("suc_jobs_failed_total{plan=\"agent-plan\"}", StringComparison.Ordinal),
            "server-1 upgraded and agent-1's Job failed, as the controller's metrics say", TimeSpan.FromMinutes(2), ProgramPoll);

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var program in new[] { controller, channelServer })
        {
            var text = await program.TryGetAsync("metrics") ?? throw new InvalidOperationException($"no /metrics from {program.Url}");
            foreach (var line in text.Split('\n'))
            {
                var sample = line.StartsWith("# TYPE ", StringComparison.Ordinal) ? line[7..] : line.StartsWith('#') ? "" : line;
                var name = sample.Split('{', ' ')[0];
                if (name.Length > 0)
                {
                    names.Add(name);
                }
            }
        }

        Assert.Contains("suc_job_duration_seconds_bucket", names);
        Assert.Contains("channelserver_refresh_total", names);
        return names;
    }

    [GeneratedRegex(@"\b(suc|channelserver)_[a-z0-9_]+\b")]
    private static partial Regex MetricNames();

    [GeneratedRegex(@"\b[a-z_]+:[a-z0-9_]+:[a-z0-9_]+\b")]
    private static partial Regex RecordedNames();
}
