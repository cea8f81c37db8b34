using ChannelServer.Configuration;
using ChannelServer.Releases;

namespace ChannelServer.Resolution;

/// <summary>
/// Builds a <see cref="ChannelIndex"/> from loaded configs and the release data of each repository. Pure.
/// Each prefix stands alone: a pinned channel answers from its config whatever the releases, and a regexp
/// channel whose repository has no data at all is marked unavailable with the reason, not resolved to nothing.
/// </summary>
public static class IndexBuilder
{
    public static ChannelIndex Build(
        IReadOnlyList<(PrefixBinding Binding, ChannelConfig Config)> configs,
        IReadOnlyDictionary<GitHubRepository, ReleaseData> releases,
        IReadOnlyDictionary<GitHubRepository, string> errors,
        DateTimeOffset builtAt,
        string configSource,
        Action<string, string>? onUnparsable = null,
        Func<string, string, ChannelMemory?>? remembered = null)
    {
        var prefixes = new List<PrefixIndex>(configs.Count);
        foreach (var (binding, config) in configs)
        {
            var status = StatusOf(config, releases, errors);
            var list = status.Data?.Releases ?? [];
            var channels = config.Channels.Select(rule =>
            {
                if (rule.NeedsReleases && status.Data is null)
                {
                    var why = status.Repository is null
                        ? "its config names no github repository"
                        : $"no release data for {status.Repository} has been obtained yet: {status.Error ?? "not tried yet"}";
                    return new ResolvedChannel(rule.Name, null, rule.LatestRegexp, rule.ExcludeRegexp, null,
                        status.Repository is null ? null : $"channel \"{rule.Name}\" cannot be resolved: {why}") { Rule = RuleFingerprint.Of(rule) };
                }

                var before = remembered?.Invoke(binding.PathPrefix, rule.Name);
                var fingerprint = RuleFingerprint.Of(rule);
                // A backwards move is held only under the same rule: a changed rule is the operator's explicit act.
                var previousVersion = before is not null && before.Rule == fingerprint ? before.Version : null;
                var resolution = ChannelResolver.Evaluate(rule, list, builtAt, previousVersion, tag => onUnparsable?.Invoke(rule.Name, tag));
                var version = resolution.Version;
                var location = version is null ? null : RedirectLocation.Resolve(config.RedirectBase, version);
                return new ResolvedChannel(rule.Name, version, rule.LatestRegexp, rule.ExcludeRegexp, location) { Resolution = resolution, Rule = fingerprint };
            }).ToList();
            prefixes.Add(new PrefixIndex(binding, channels, config.Releases, config.AppDefaults, status));
        }

        return new ChannelIndex(prefixes, builtAt, configSource);
    }

    private static PrefixReleaseStatus StatusOf(
        ChannelConfig config, IReadOnlyDictionary<GitHubRepository, ReleaseData> releases, IReadOnlyDictionary<GitHubRepository, string> errors)
    {
        var needs = config.Channels.Any(c => c.NeedsReleases);
        if (config.GitHub is not { } repository)
        {
            return needs ? new PrefixReleaseStatus(null, false, null, null) : PrefixReleaseStatus.NotNeeded;
        }

        return new PrefixReleaseStatus(repository, needs, releases.GetValueOrDefault(repository), errors.GetValueOrDefault(repository));
    }
}
