namespace ChannelServer.Resolution;

/// <summary>
/// Everything the server answers from, for all prefixes at once. Built whole by a refresh and swapped
/// in with one reference write, so a reader never sees half of it.
/// </summary>
public sealed class ChannelIndex
{
    public ChannelIndex(IReadOnlyList<PrefixIndex> prefixes, DateTimeOffset builtAt, string configSource, IReadOnlyList<string> releaseOrigins)
    {
        Prefixes = prefixes;
        BuiltAt = builtAt;
        ConfigSource = configSource;
        ReleaseOrigins = releaseOrigins;
        ByPrefix = prefixes.ToDictionary(p => p.Binding.PathPrefix, StringComparer.Ordinal);
    }

    public IReadOnlyList<PrefixIndex> Prefixes { get; }
    public IReadOnlyDictionary<string, PrefixIndex> ByPrefix { get; }
    public DateTimeOffset BuiltAt { get; }
    public string ConfigSource { get; }

    /// <summary>Where each repository's releases came from (GitHub, the state dir, a snapshot file).</summary>
    public IReadOnlyList<string> ReleaseOrigins { get; }
}
