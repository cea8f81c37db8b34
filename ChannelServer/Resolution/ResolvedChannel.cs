namespace ChannelServer.Resolution;

/// <summary>A channel after resolution, with its redirect prepared once so a request only copies bytes.</summary>
public sealed record ResolvedChannel(string Name, string? Latest, string? LatestRegexp, string? ExcludeRegexp, string? Location)
{
    public byte[]? RedirectBody { get; } = Location is null ? null : RedirectLocation.FoundBody(Location);
}
