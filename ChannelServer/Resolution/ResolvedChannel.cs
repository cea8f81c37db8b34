namespace ChannelServer.Resolution;

/// <summary>A channel after resolution, with its redirect prepared once so a request only copies bytes.</summary>
/// <param name="Unavailable">set when the channel needs release data its prefix never obtained: why (answered 503)</param>
public sealed record ResolvedChannel(string Name, string? Latest, string? LatestRegexp, string? ExcludeRegexp, string? Location, string? Unavailable = null)
{
    public byte[]? RedirectBody { get; } = Location is null ? null : RedirectLocation.FoundBody(Location);
}
