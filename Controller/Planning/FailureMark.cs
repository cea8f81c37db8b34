using System.Text.Json;
using System.Text.Json.Nodes;
using Contracts.Plans;
using k8s.Models;

namespace Controller.Planning;

/// <summary>
/// A failed Job is also remembered on its node, in the annotation <c>failed.upgrade.channels.dev/&lt;plan&gt;</c>
/// = <c>{"job":…,"template":…,"message":…}</c>: the reference's CRD has no <c>status.failedJobs</c>, so the API
/// server prunes it, and once Kubernetes deleted the Job at its TTL nothing else would keep the node from being
/// tried again. A node carries the mark exactly while <see cref="FailedJobMemory"/> holds its failure: it goes when
/// the node completes the Plan, the Plan no longer selects it, or the Plan changed what the Job runs.
/// A plan name longer than a key's name part (63) gets no mark: its failures live in the status alone.
/// </summary>
public static class FailureMark
{
    private const int MaxNameLength = 63;

    public static string? Key(string planName) => planName.Length <= MaxNameLength ? UpgradeLabels.FailedPrefix + planName : null;

    /// <summary>The failure the node's mark for this plan records; none if it has no mark, or one we cannot read.</summary>
    public static PlanJobFailure? Read(V1Node node, string planName)
    {
        if (Key(planName) is not { } key || node.Metadata.Annotations?.TryGetValue(key, out var value) != true)
        {
            return null;
        }

        try
        {
            if (JsonNode.Parse(value!) is JsonObject o
                && o["job"]?.GetValue<string>() is { Length: > 0 } job
                && o["template"]?.GetValue<string>() is { Length: > 0 } template)
            {
                return new PlanJobFailure { Node = node.Metadata.Name, Job = job, Template = template, Message = o["message"]?.GetValue<string>() ?? "" };
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            // Edited by hand into something else: not a failure we recorded.
        }

        return null;
    }

    public static string Value(PlanJobFailure f) =>
        new JsonObject { ["job"] = f.Job, ["template"] = f.Template, ["message"] = f.Message }.ToJsonString();

    /// <summary>Marks the nodes of <paramref name="failures"/> that are not marked with that failure yet and unmarks every other node.</summary>
    public static void Sync(string planName, IEnumerable<V1Node> nodes, IReadOnlyList<PlanJobFailure> failures, DecisionDraft d)
    {
        if (Key(planName) is not { } key)
        {
            return;
        }

        var byNode = failures.ToDictionary(f => f.Node, StringComparer.Ordinal);
        foreach (var node in nodes)
        {
            var marked = node.Metadata.Annotations?.ContainsKey(key) == true;
            if (byNode.TryGetValue(node.Metadata.Name, out var failure))
            {
                if (Read(node, planName) is not { } mark || mark.Job != failure.Job || mark.Template != failure.Template)
                {
                    Annotate(node.Metadata.Name, key, Value(failure), d);
                }
            }
            else if (marked)
            {
                Annotate(node.Metadata.Name, key, null, d);
            }
        }
    }

    /// <summary>The annotation change that removes the plan's mark, when the node has it (else none).</summary>
    public static Dictionary<string, string?> Unmark(V1Node node, string planName) =>
        Key(planName) is { } key && node.Metadata.Annotations?.ContainsKey(key) == true ? new() { [key] = null } : [];

    // One patch per node and pass: joined to a patch an earlier step made for the same node.
    private static void Annotate(string nodeName, string key, string? value, DecisionDraft d)
    {
        var i = d.NodePatches.FindIndex(p => p.NodeName == nodeName);
        if (i < 0)
        {
            d.NodePatches.Add(new NodePatch(nodeName, new Dictionary<string, string?>(), new Dictionary<string, string?> { [key] = value }, null));
            return;
        }

        var annotations = new Dictionary<string, string?>(d.NodePatches[i].Annotations) { [key] = value };
        d.NodePatches[i] = d.NodePatches[i] with { Annotations = annotations };
    }
}
