namespace ChannelServer.Fleet;

/// <summary>One cluster following one channel.</summary>
public readonly record struct FleetKey(string Prefix, string Channel, Guid Cluster);
