using System.Text.Json.Serialization;

namespace Contracts.Channels;

/// <summary>
/// The fleet following one channel, as served by <c>GET /&lt;prefix&gt;/fleet</c>: how many clusters, how
/// many report a version behind the channel's, the oldest last poll, counts per reported version, and the
/// clusters themselves (most recently seen first, at most 500).
/// </summary>
public sealed class FleetChannelResource
{
    public string? Channel { get; init; }
    public string? Latest { get; init; }
    // Zero is an answer here, not an absent field.
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public int Clusters { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public int Behind { get; init; }
    public string? OldestLastSeen { get; init; }
    public IReadOnlyDictionary<string, int>? Versions { get; init; }
    public IReadOnlyList<FleetMember>? Members { get; init; }
}
