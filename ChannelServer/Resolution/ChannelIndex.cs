using ChannelServer.Releases;

namespace ChannelServer.Resolution;

/// <summary>
/// Everything the server answers from, for all prefixes at once. Built whole by a refresh and swapped
/// in with one reference write, so a reader never sees half of it. Each prefix carries its own release
/// status: one product's failure shows in its own prefix only.
/// </summary>
public sealed class ChannelIndex
{
    public ChannelIndex(IReadOnlyList<PrefixIndex> prefixes, DateTimeOffset builtAt, string configSource)
    {
        Prefixes = prefixes;
        BuiltAt = builtAt;
        ConfigSource = configSource;
        ByPrefix = prefixes.ToDictionary(p => p.Binding.PathPrefix, StringComparer.Ordinal);
    }

    public IReadOnlyList<PrefixIndex> Prefixes { get; }
    public IReadOnlyDictionary<string, PrefixIndex> ByPrefix { get; }
    public DateTimeOffset BuiltAt { get; }
    public string ConfigSource { get; }

    /// <summary>The first time a soaking release becomes eligible in any channel: the index must be rebuilt then.</summary>
    public DateTimeOffset? NextMoveAt =>
        Prefixes.SelectMany(p => p.Channels).Select(c => c.Resolution?.MovesAt).Where(t => t is not null).Min();

    /// <summary>Where each repository's releases came from, for people: <c>k3s-io/k3s: github https://...</c>.</summary>
    public IReadOnlyList<string> ReleaseOrigins =>
        Prefixes.Where(p => p.ReleaseStatus.Data is not null)
            .Select(p => $"{p.ReleaseStatus.Repository}: {p.ReleaseStatus.Data!.Kind.WireName()} {p.ReleaseStatus.Data.Location}")
            .Distinct(StringComparer.Ordinal)
            .ToList();
}
