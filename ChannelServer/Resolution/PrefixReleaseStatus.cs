using ChannelServer.Configuration;
using ChannelServer.Releases;

namespace ChannelServer.Resolution;

/// <summary>
/// The release data one prefix answers from: its repository, the list in service (null when none was
/// ever obtained) and, when the last refresh could not renew it, why.
/// </summary>
public sealed record PrefixReleaseStatus(GitHubRepository? Repository, bool NeedsReleases, ReleaseData? Data, string? Error)
{
    public static readonly PrefixReleaseStatus NotNeeded = new(null, false, null, null);

    /// <summary>Every channel can be answered: no regexp channel, or release data in hand.</summary>
    public bool Complete => !NeedsReleases || Data is not null;
}
