namespace ChannelServer.Releases;

/// <summary>
/// A release list in service for one repository, with where it came from and as of when: the time
/// GitHub (or the mirror) gave it, the time the state file was written, the snapshot's newest release.
/// </summary>
/// <param name="Location">the file or URL it was read from, for people</param>
public sealed record ReleaseData(IReadOnlyList<GitHubRelease> Releases, ReleaseSourceKind Kind, string Location, DateTimeOffset AsOf);
