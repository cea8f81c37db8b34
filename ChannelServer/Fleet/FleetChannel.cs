namespace ChannelServer.Fleet;

/// <summary>The clusters following one channel, as the fleet view shows them.</summary>
/// <param name="Behind">clusters that reported a version lower than the channel's (or none)</param>
/// <param name="Versions">how many clusters reported each version ("unknown": none or not a version)</param>
public sealed record FleetChannel(
    string Prefix,
    string Channel,
    string? ChannelVersion,
    int Clusters,
    int Behind,
    DateTimeOffset? OldestLastSeen,
    IReadOnlyDictionary<string, int> Versions,
    IReadOnlyList<(Guid Cluster, string? Version, DateTimeOffset LastSeen)> Members);
