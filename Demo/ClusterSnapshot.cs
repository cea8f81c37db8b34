using Contracts.Plans;
using k8s;
using k8s.Models;

namespace Demo;

/// <summary>One read of what the demo shows: nodes, plans and upgrade Jobs.</summary>
public sealed record ClusterSnapshot(IReadOnlyList<V1Node> Nodes, IReadOnlyList<Plan> Plans, IReadOnlyList<V1Job> Jobs)
{
    public static async Task<ClusterSnapshot> ReadAsync(Kubernetes client, string ns, CancellationToken cancellationToken)
    {
        var nodes = await client.CoreV1.ListNodeAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        var plans = await client.CustomObjects.ListNamespacedCustomObjectAsync<PlanList>(
            group: Plan.KubeGroup, version: Plan.KubeApiVersion, namespaceParameter: ns, plural: Plan.KubePluralName,
            cancellationToken: cancellationToken).ConfigureAwait(false);
        var jobs = await client.BatchV1.ListNamespacedJobAsync(ns, cancellationToken: cancellationToken).ConfigureAwait(false);
        return new ClusterSnapshot(
            [.. nodes.Items.OrderBy(n => n.Metadata.Name, StringComparer.Ordinal)],
            [.. plans.Items.OrderBy(p => p.Metadata.Name, StringComparer.Ordinal)],
            [.. jobs.Items]);
    }
}
