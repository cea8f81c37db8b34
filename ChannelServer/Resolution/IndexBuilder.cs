using ChannelServer.Configuration;
using ChannelServer.Releases;

namespace ChannelServer.Resolution;

/// <summary>Builds a <see cref="ChannelIndex"/> from loaded configs and release lists. Pure.</summary>
public static class IndexBuilder
{
    public static ChannelIndex Build(
        IReadOnlyList<(PrefixBinding Binding, ChannelConfig Config)> configs,
        IReadOnlyDictionary<GitHubRepository, IReadOnlyList<GitHubRelease>> releases,
        DateTimeOffset builtAt,
        string configSource,
        IReadOnlyList<string> releaseOrigins,
        Action<string, string>? onUnparsable = null)
    {
        var prefixes = new List<PrefixIndex>(configs.Count);
        foreach (var (binding, config) in configs)
        {
            IReadOnlyList<GitHubRelease> list = config.GitHub is not null && releases.TryGetValue(config.GitHub, out var found) ? found : [];
            var channels = config.Channels.Select(rule =>
            {
                var version = ChannelResolver.Resolve(rule, list, tag => onUnparsable?.Invoke(rule.Name, tag));
                var location = version is null ? null : RedirectLocation.Resolve(config.RedirectBase, version);
                return new ResolvedChannel(rule.Name, version, rule.LatestRegexp, rule.ExcludeRegexp, location);
            }).ToList();
            prefixes.Add(new PrefixIndex(binding, channels, config.Releases, config.AppDefaults));
        }

        return new ChannelIndex(prefixes, builtAt, configSource, releaseOrigins);
    }
}
