namespace ChannelServer.Configuration;

/// <summary>
/// One channel of the configuration. Its regular expressions are checked while the config is loaded
/// (<see cref="ChannelConfigParser.Compile"/>), so a bad pattern fails the load, never a request; the
/// rule keeps their text, and the resolver compiles them when it runs.
/// </summary>
public sealed record ChannelRule(string Name, string? Latest, string? LatestRegexp, string? ExcludeRegexp)
{
    /// <summary>Only releases published at least this long ago are eligible (the soak time); null: no soak.</summary>
    public TimeSpan? MinAge { get; init; }

    /// <summary>Asset names or glob patterns (<c>*</c>, <c>?</c>) each eligible release must have: the rule's and the config's.</summary>
    public IReadOnlyList<string> RequireAssets { get; init; } = [];

    /// <summary>A regexp channel may resolve to a lower version than it last served only when this is set.</summary>
    public bool AllowDowngrade { get; init; }

    public bool NeedsReleases => string.IsNullOrEmpty(Latest) && !string.IsNullOrEmpty(LatestRegexp);
}
