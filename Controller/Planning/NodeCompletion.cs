using Contracts.Plans;
using k8s.Models;

namespace Controller.Planning;

/// <summary>
/// A completed Job finishes its node once the node is back (<see cref="ReadinessGate"/>: Ready at the target;
/// until then it waits, in <see cref="Waits"/>, holding its slot): once <c>postCompleteDelay</c> has passed
/// since the Job completed, the node gets the <c>postCompleteLabels</c> and <c>plan.upgrade.cattle.io/&lt;plan&gt;</c>
/// = the Job's hash. Either way a node back and cordoned by this plan is uncordoned. The labels set here count
/// for the node choice that follows, so <see cref="Labels"/> holds every relabelled node's labels after this pass.
/// </summary>
public sealed class NodeCompletion
{
    // Copied on first write: most passes relabel a few nodes out of thousands.
    private readonly Dictionary<string, Dictionary<string, string>> _labels = [];

    private readonly List<NodeWait> _waits = [];

    public IReadOnlyDictionary<string, Dictionary<string, string>> Labels => _labels;

    public IReadOnlyList<NodeWait> Waits => _waits;

    /// <param name="readyTimeout">How long after its Job completed a node may take to be back before the Plan halts.</param>
    public static NodeCompletion Apply(Plan plan, IReadOnlyList<TriagedJob> completed, IReadOnlyDictionary<string, V1Node> nodes, string latestVersion, string latestHash, DateTimeOffset now, TimeSpan readyTimeout, DecisionDraft d)
    {
        var result = new NodeCompletion();
        var spec = plan.Spec;
        var planLabel = UpgradeLabels.ForPlan(plan.Metadata.Name);
        var planKey = CordonOwnership.PlanKey(plan);
        var cordons = CordonOwnership.Cordons(spec);
        var delay = PlanValidation.PostCompleteDelay(spec);
        foreach (var (job, nodeName, state) in completed)
        {
            var node = nodes[nodeName];
            var jobHash = job.Metadata.Labels!.TryGetValue(planLabel, out var h) ? h : "";
            var current = result._labels.TryGetValue(nodeName, out var relabelled) ? relabelled : node.Metadata.Labels;
            if (current is not null && current.TryGetValue(planLabel, out var currentHash) && currentHash == jobHash)
            {
                continue;
            }

            var finishedAt = state.FinishedAt ?? now;
            if (ReadinessGate.NotYet(node, latestVersion) is { } reports)
            {
                var deadline = finishedAt + readyTimeout;
                result._waits.Add(new NodeWait(node, reports, deadline, now >= deadline));
                if (now < deadline)
                {
                    d.Wake(deadline - now);
                }

                continue;
            }

            var readyAt = finishedAt + delay;
            var uncordon = cordons && CordonOwnership.IsCordonedBy(node, planKey) && node.Spec?.Unschedulable == true;
            var unmark = CordonOwnership.Unmark(node, planKey);
            if (now < readyAt)
            {
                d.Events.Add(PlanEvent.Normal(PlanEvents.JobCompleteWaiting, $"Job completed on Node {nodeName}, waiting for postCompleteDelay {spec.PostCompleteDelay}"));
                d.Wake(readyAt - now);
                if (uncordon)
                {
                    d.NodePatches.Add(new NodePatch(nodeName, new Dictionary<string, string?>(), unmark, false));
                }

                continue;
            }

            var newLabels = new Dictionary<string, string?>();
            foreach (var (key, value) in LabelExpansion.ExpandAll(spec.PostCompleteLabels, latestVersion, latestHash))
            {
                newLabels[key] = value;
            }

            newLabels[planLabel] = jobHash;
            if (!result._labels.TryGetValue(nodeName, out var relabel))
            {
                result._labels[nodeName] = relabel = new Dictionary<string, string>(node.Metadata.Labels ?? new Dictionary<string, string>());
            }

            foreach (var (key, value) in newLabels)
            {
                relabel[key] = value!;
            }

            d.NodePatches.Add(new NodePatch(nodeName, newLabels, unmark, uncordon ? false : null));
            d.Events.Add(PlanEvent.Normal(PlanEvents.JobComplete, $"Job completed on Node {nodeName}"));
        }

        return result;
    }

    /// <summary>The nodes as the rest of the pass sees them: with the labels this step set.</summary>
    public IReadOnlyList<V1Node> Effective(IReadOnlyList<V1Node> nodes) =>
        _labels.Count == 0 ? nodes : [.. nodes.Select(n => _labels.TryGetValue(n.Metadata.Name, out var labels) ? WithLabels(n, labels) : n)];

    private static V1Node WithLabels(V1Node node, Dictionary<string, string> labels)
    {
        if (labels.Count == (node.Metadata.Labels?.Count ?? 0) && labels.All(kv => node.Metadata.Labels!.TryGetValue(kv.Key, out var v) && v == kv.Value))
        {
            return node;
        }

        return new V1Node
        {
            ApiVersion = node.ApiVersion,
            Kind = node.Kind,
            Metadata = new V1ObjectMeta { Name = node.Metadata.Name, Uid = node.Metadata.Uid, Labels = labels, Annotations = node.Metadata.Annotations },
            Spec = node.Spec,
            Status = node.Status,
        };
    }
}
