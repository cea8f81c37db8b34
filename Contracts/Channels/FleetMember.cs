namespace Contracts.Channels;

/// <summary>A cluster that polls a channel: its <c>X-SUC-Cluster-ID</c>, the <c>X-SUC-Latest-Version</c> it last sent, and when.</summary>
public sealed class FleetMember
{
    public string? Id { get; init; }
    public string? Version { get; init; }
    public string? LastSeen { get; init; }
}
