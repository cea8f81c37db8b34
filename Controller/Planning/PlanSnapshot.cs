using Contracts.Plans;
using k8s.Models;

namespace Controller.Planning;

/// <summary>Everything one decision about a Plan looks at, gathered by the shell from its caches.</summary>
/// <param name="Jobs">The Jobs labeled with this controller's name and this Plan's name.</param>
/// <param name="ChannelAnswer">The last poll of the Plan's channel, or null (no channel, or not polled yet).</param>
public sealed record PlanSnapshot(
    Plan Plan,
    IReadOnlyList<V1Node> Nodes,
    IReadOnlyList<V1Job> Jobs,
    IReadOnlyDictionary<string, V1Secret> Secrets,
    DateTimeOffset Now,
    ChannelAnswer? ChannelAnswer)
{
    /// <summary>The last read of Prometheus' alerts; null when the alert gate is off.</summary>
    public AlertState? Alerts { get; init; }
}
