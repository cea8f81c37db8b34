using System.IO.Enumeration;
using ChannelServer.Releases;

namespace ChannelServer.Resolution;

/// <summary>
/// A release is eligible for a channel with <c>requireAssets</c> only when each pattern matches one of its
/// asset names (exact, or a glob with <c>*</c> and <c>?</c>, case-sensitive as GitHub names are). A release
/// whose assets are unknown (a snapshot written before assets were kept) is not eligible: promoting a
/// release without its artifacts is the failure this rule exists to prevent.
/// </summary>
public static class RequiredAssetsRule
{
    /// <returns>the patterns no asset matches (empty: eligible), or null when the release's assets are unknown</returns>
    public static IReadOnlyList<string>? Missing(IReadOnlyList<string> patterns, GitHubRelease release)
    {
        if (patterns.Count == 0)
        {
            return [];
        }

        if (release.Assets is not { } assets)
        {
            return null;
        }

        return patterns.Where(p => !assets.Any(a => FileSystemName.MatchesSimpleExpression(p, a.Name, ignoreCase: false))).ToList();
    }
}
