using ChannelServer.Configuration;
using ChannelServer.Releases;
using Contracts.Versions;

namespace ChannelServer.Resolution;

/// <summary>
/// Which version a channel stands for today: a pure function of the channel's rule and the
/// repository's release list (newest first, as GitHub lists it).
/// </summary>
public static class ChannelResolver
{
    /// <param name="onUnparsable">told about each matching tag that is not a version (the caller logs it at debug level)</param>
    /// <returns>the original tag of the chosen release, or null when the channel has no version</returns>
    public static string? Resolve(ChannelRule rule, IReadOnlyList<GitHubRelease> releases, Action<string>? onUnparsable = null)
    {
        if (!string.IsNullOrEmpty(rule.Latest))
        {
            return rule.Latest;
        }

        if (rule.Include is null)
        {
            return null;
        }

        ReleaseVersion? best = null;
        foreach (var release in releases)
        {
            var tag = release.TagName;
            // GitHub's prerelease flag decides, not the tag text; drafts are not skipped (as the reference).
            if (string.IsNullOrEmpty(tag) || release.Prerelease)
            {
                continue;
            }

            if (!rule.Include.IsMatch(tag) || (rule.Exclude is not null && rule.Exclude.IsMatch(tag)))
            {
                continue;
            }

            if (!ReleaseVersion.TryParse(tag, out var version))
            {
                onUnparsable?.Invoke(tag);
                continue;
            }

            // Strictly greater: on a full tie the release GitHub lists first (the newer) stays.
            if (best is null || version.CompareTo(best) > 0)
            {
                best = version;
            }
        }

        return best?.Original;
    }
}
