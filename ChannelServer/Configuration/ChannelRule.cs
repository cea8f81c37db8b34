using System.Text.RegularExpressions;

namespace ChannelServer.Configuration;

/// <summary>
/// One channel of the configuration. Its regular expressions are compiled while the config is
/// loaded, so a bad pattern fails the load, never a request.
/// </summary>
public sealed record ChannelRule(string Name, string? Latest, string? LatestRegexp, string? ExcludeRegexp)
{
    public Regex? Include { get; init; }
    public Regex? Exclude { get; init; }

    /// <summary>Only releases published at least this long ago are eligible (the soak time); null: no soak.</summary>
    public TimeSpan? MinAge { get; init; }

    /// <summary>Asset names or glob patterns (<c>*</c>, <c>?</c>) each eligible release must have: the rule's and the config's.</summary>
    public IReadOnlyList<string> RequireAssets { get; init; } = [];

    /// <summary>A regexp channel may resolve to a lower version than it last served only when this is set.</summary>
    public bool AllowDowngrade { get; init; }

    public bool NeedsReleases => string.IsNullOrEmpty(Latest) && Include is not null;
}
