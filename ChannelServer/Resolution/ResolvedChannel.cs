namespace ChannelServer.Resolution;

/// <summary>A channel after resolution, with its redirect prepared once so a request only copies bytes.</summary>
/// <param name="Unavailable">set when the channel needs release data its prefix never obtained: why (answered 503)</param>
public sealed record ResolvedChannel(string Name, string? Latest, string? LatestRegexp, string? ExcludeRegexp, string? Location, string? Unavailable = null)
{
    /// <summary>What the resolver is waiting for (soaking releases, missing assets) and whether it held a backwards move.</summary>
    public ChannelResolution? Resolution { get; init; }

    /// <summary>
    /// The <see cref="RuleFingerprint"/> of the rule it was resolved under (null for a channel that could not
    /// be resolved): all that the next refresh asks of the rule.
    /// </summary>
    public string? Rule { get; init; }

    public byte[]? RedirectBody { get; } = Location is null ? null : RedirectLocation.FoundBody(Location);
}
