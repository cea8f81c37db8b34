using ChannelServer.Configuration;
using ChannelServer.Releases;
using Contracts.Versions;

namespace ChannelServer.Resolution;

/// <summary>
/// Which version a channel stands for: a pure function of the channel's rule, the repository's release
/// list (newest first, as GitHub lists it), the time, and what the channel served before.
/// </summary>
public static class ChannelResolver
{
    /// <summary>The version alone, as if every soak had ended and nothing was served before.</summary>
    public static string? Resolve(ChannelRule rule, IReadOnlyList<GitHubRelease> releases, Action<string>? onUnparsable = null) =>
        Evaluate(rule, releases, DateTimeOffset.MaxValue, null, onUnparsable).Version;

    /// <param name="now">soak times are measured against it</param>
    /// <param name="previous">the version the channel served under the same rule, if any (no silent backwards moves)</param>
    /// <param name="onUnparsable">told about each matching tag that is not a version (the caller logs it at debug level)</param>
    public static ChannelResolution Evaluate(
        ChannelRule rule, IReadOnlyList<GitHubRelease> releases, DateTimeOffset now, string? previous, Action<string>? onUnparsable = null)
    {
        if (!string.IsNullOrEmpty(rule.Latest))
        {
            // Pinned: whatever the operator wrote, backwards included.
            return new ChannelResolution(rule.Latest, [], [], null);
        }

        // Compiled for this evaluation only (see ChannelConfigParser.Compile): the index keeps no pattern.
        if (ChannelConfigParser.Compile(rule.Name, "latestRegexp", rule.LatestRegexp) is not { } include)
        {
            return new ChannelResolution(null, [], [], null);
        }

        var exclude = ChannelConfigParser.Compile(rule.Name, "excludeRegexp", rule.ExcludeRegexp);

        ReleaseVersion? best = null;
        var soaking = new List<(ReleaseVersion Version, SoakingRelease Release)>();
        var incomplete = new List<(ReleaseVersion Version, IncompleteRelease Release)>();
        foreach (var release in releases)
        {
            var tag = release.TagName;
            // GitHub's prerelease flag decides, not the tag text; drafts are not skipped (as the reference).
            if (string.IsNullOrEmpty(tag) || release.Prerelease)
            {
                continue;
            }

            if (!include.IsMatch(tag) || (exclude is not null && exclude.IsMatch(tag)))
            {
                continue;
            }

            if (!ReleaseVersion.TryParse(tag, out var version))
            {
                onUnparsable?.Invoke(tag);
                continue;
            }

            var missing = RequiredAssetsRule.Missing(rule.RequireAssets, release);
            if (missing is null || missing.Count > 0)
            {
                incomplete.Add((version, new IncompleteRelease(tag, missing)));
                continue;
            }

            if (rule.MinAge is { } minAge)
            {
                // Without a publication date (a draft) a release never ends its soak.
                if (release.PublishedAt is not { } published)
                {
                    continue;
                }

                var eligibleAt = published + minAge;
                if (eligibleAt > now)
                {
                    soaking.Add((version, new SoakingRelease(tag, published, eligibleAt)));
                    continue;
                }
            }

            // Strictly greater: on a full tie the release GitHub lists first (the newer) stays.
            if (best is null || version.CompareTo(best) > 0)
            {
                best = version;
            }
        }

        var chosen = best;
        string? held = null;
        if (!rule.AllowDowngrade && ReleaseVersion.TryParse(previous, out var before) && (chosen is null || chosen.CompareTo(before) < 0))
        {
            held = chosen is null
                ? $"stays at {before.Original}: no release matches any more (withdrawn or re-flagged as prerelease?) and allowDowngrade is not set"
                : $"stays at {before.Original}: the newest eligible release is now the lower {chosen.Original} (a release withdrawn or re-flagged as prerelease?) and allowDowngrade is not set";
            chosen = before;
        }

        var newer = soaking.Where(s => chosen is null || s.Version.CompareTo(chosen) > 0).Select(s => s.Release).OrderBy(s => s.EligibleAt).ToList();
        var lacking = incomplete.Where(s => chosen is null || s.Version.CompareTo(chosen) > 0).Select(s => s.Release).ToList();
        return new ChannelResolution(chosen?.Original, newer, lacking, held);
    }
}
