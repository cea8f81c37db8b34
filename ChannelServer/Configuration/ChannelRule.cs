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

    public bool NeedsReleases => string.IsNullOrEmpty(Latest) && Include is not null;
}
