using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Contracts.Plans;
using Contracts.Versions;
using Sandbox;
using Sandbox.Storage;

namespace EndToEnd.Tests;

/// <summary>
/// Checks the controller's safety rules on every state the Sandbox commits (not on samples): it
/// follows the store's commit stream, in resourceVersion order, and after each change of a node, Job or
/// Plan checks that no Plan runs more Jobs than its concurrency, no node's kubelet version ever goes
/// down, no agent runs a version newer than the oldest control-plane node, never two control-plane nodes
/// are cordoned or upgrading at once while another is NotReady, and no node is labeled done for a Plan's
/// target unless it is Ready at that version.
/// </summary>
public sealed class SafetyMonitor : IDisposable
{
    private readonly ObjectStore _store;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, (ReleaseVersion? Version, string Text, bool ControlPlane)> _nodes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (bool Ready, bool Cordoned, Dictionary<string, string> PlanLabels)> _health = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string Plan, bool Running, string Node)> _jobs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _concurrency = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string? Version, string? Hash)> _targets = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _violations = new();
    private long _events;

    public SafetyMonitor(SandboxHost sandbox)
    {
        _store = sandbox.Store;
        _store.Committed += OnCommitted;
        // The nodes exist before anything watches them; start from what the store holds now.
        foreach (var node in _store.List(sandbox.Catalog.Get("", "v1", "nodes")))
        {
            lock (_lock)
            {
                if (!_nodes.ContainsKey(node.Name))
                {
                    OnNode(node, deleted: false);
                }
            }
        }
    }

    /// <summary>Changes of nodes, Jobs and Plans checked so far.</summary>
    public long Events => Interlocked.Read(ref _events);

    public IReadOnlyCollection<string> Violations => _violations;

    /// <summary>The most Jobs seen running at once for one Plan.</summary>
    public int MaxRunning { get; private set; }

    public void AssertHeld() => Assert.True(_violations.IsEmpty, $"safety violated:\n{string.Join("\n", _violations.Take(20))}");

    private void OnCommitted(WatchEvent e)
    {
        var plural = e.Object.Type.Plural;
        if (plural is not ("nodes" or "jobs" or "plans"))
        {
            return;
        }

        lock (_lock)
        {
            Interlocked.Increment(ref _events);
            var deleted = e.Kind == WatchEventKind.Deleted;
            switch (plural)
            {
                case "nodes":
                    OnNode(e.Object, deleted);
                    break;
                case "jobs":
                    OnJob(e.Object, deleted);
                    break;
                default:
                    if (deleted)
                    {
                        _concurrency.Remove(e.Object.Name);
                        _targets.Remove(e.Object.Name);
                    }
                    else
                    {
                        _concurrency[e.Object.Name] = Math.Max(1, Number(e.Object.Object["spec"]?["concurrency"]) ?? 1);
                        _targets[e.Object.Name] = (e.Object.Object["status"]?["latestVersion"]?.GetValue<string>(), e.Object.Object["status"]?["latestHash"]?.GetValue<string>());
                    }

                    break;
            }
        }
    }

    private void OnNode(StoredObject node, bool deleted)
    {
        if (deleted)
        {
            _nodes.Remove(node.Name);
            _health.Remove(node.Name);
            return;
        }

        var text = node.Object["status"]?["nodeInfo"]?["kubeletVersion"]?.GetValue<string>() ?? "";
        var version = ReleaseVersion.TryParse(text, out var parsed) ? parsed : null;
        var controlPlane = node.Labels.TryGetValue(NodeLabels.ControlPlane, out var cp) && cp == "true";
        if (_nodes.TryGetValue(node.Name, out var before) && before.Version is { } old && version is { } now && now < old)
        {
            _violations.Enqueue($"rv {node.ResourceVersion}: node {node.Name} went down from {before.Text} to {text}");
        }

        _nodes[node.Name] = (version, text, controlPlane);
        CheckHealth(node, text, version);
        var oldestControlPlane = _nodes.Values.Where(n => n.ControlPlane && n.Version is not null).Select(n => n.Version!).Order().FirstOrDefault();
        if (oldestControlPlane is null)
        {
            return;
        }

        foreach (var (name, agent) in _nodes.Where(n => !n.Value.ControlPlane && n.Value.Version is not null))
        {
            if (agent.Version! > oldestControlPlane)
            {
                _violations.Enqueue($"rv {node.ResourceVersion}: agent {name} runs {agent.Text}, ahead of the oldest control-plane node ({oldestControlPlane})");
            }
        }
    }

    /// <summary>A node newly labeled with a Plan's target hash must be Ready at the target; then the quorum rule.</summary>
    private void CheckHealth(StoredObject node, string kubelet, ReleaseVersion? version)
    {
        var ready = node.Object["status"]?["conditions"] is JsonArray conditions
            && conditions.Any(c => c?["type"]?.GetValue<string>() == "Ready" && c["status"]?.GetValue<string>() == "True");
        var cordoned = node.Object["spec"]?["unschedulable"]?.GetValue<bool>() == true;
        var planLabels = node.Labels.Where(l => l.Key.StartsWith(UpgradeLabels.PlanPrefix, StringComparison.Ordinal)).ToDictionary(l => l.Key, l => l.Value, StringComparer.Ordinal);
        var before = _health.TryGetValue(node.Name, out var b) ? b.PlanLabels : [];
        foreach (var (key, value) in planLabels)
        {
            var plan = key[UpgradeLabels.PlanPrefix.Length..];
            if (before.GetValueOrDefault(key) == value || !_targets.TryGetValue(plan, out var target) || target.Hash != value || target.Version is null)
            {
                continue;
            }

            var wanted = VersionMunging.Unmunge(target.Version);
            var atTarget = !ReleaseVersion.TryParse(wanted, out var targetVersion) || version == targetVersion;
            if (!ready || !atTarget)
            {
                _violations.Enqueue($"rv {node.ResourceVersion}: node {node.Name} labeled done for plan {plan} while {(ready ? "Ready" : "NotReady")} at {kubelet}, target {wanted}");
            }
        }

        _health[node.Name] = (ready, cordoned, planLabels);
        CheckQuorum(node.ResourceVersion);
    }

    /// <summary>Never two control-plane nodes cordoned or upgrading at once while another control-plane node is NotReady.</summary>
    private void CheckQuorum(long resourceVersion)
    {
        var controlPlane = _nodes.Where(n => n.Value.ControlPlane).Select(n => n.Key).Where(_health.ContainsKey).ToList();
        var notReady = controlPlane.Where(n => !_health[n].Ready).ToList();
        if (notReady.Count == 0)
        {
            return;
        }

        var upgrading = _jobs.Values.Where(j => j.Running).Select(j => j.Node).ToHashSet(StringComparer.Ordinal);
        var busy = controlPlane.Where(n => !notReady.Contains(n) && (_health[n].Cordoned || upgrading.Contains(n))).ToList();
        if (busy.Count >= 2)
        {
            _violations.Enqueue($"rv {resourceVersion}: control-plane nodes {string.Join(", ", busy)} cordoned or upgrading at once while {string.Join(", ", notReady)} is NotReady");
        }
    }

    private void OnJob(StoredObject job, bool deleted)
    {
        if (deleted)
        {
            _jobs.Remove(job.Key);
            return;
        }

        var plan = job.Labels.TryGetValue(UpgradeLabels.Plan, out var p) ? p : "";
        var jobNode = job.Labels.TryGetValue(UpgradeLabels.Node, out var jn) ? jn : "";
        var parallelism = Number(job.Object["spec"]?["parallelism"]) ?? 1;
        var finished = job.Object["status"]?["conditions"] is JsonArray conditions && conditions.Any(c =>
            c?["status"]?.GetValue<string>() == "True" && c["type"]?.GetValue<string>() is "Complete" or "Failed");
        _jobs[job.Key] = (plan, parallelism > 0 && !finished, jobNode);
        CheckQuorum(job.ResourceVersion);
        var running = _jobs.Values.Count(j => j.Running && j.Plan == plan);
        MaxRunning = Math.Max(MaxRunning, running);
        if (_concurrency.TryGetValue(plan, out var limit) && running > limit)
        {
            _violations.Enqueue($"rv {job.ResourceVersion}: plan {plan} runs {running} Jobs, more than its concurrency {limit}");
        }
    }

    private static long? Number(JsonNode? node) =>
        node is null ? null : long.Parse(node.ToJsonString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);

    public void Dispose() => _store.Committed -= OnCommitted;
}
