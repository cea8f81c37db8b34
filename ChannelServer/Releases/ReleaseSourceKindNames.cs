namespace ChannelServer.Releases;

public static class ReleaseSourceKindNames
{
    public static string WireName(this ReleaseSourceKind kind) => kind switch
    {
        ReleaseSourceKind.GitHub => "github",
        ReleaseSourceKind.Mirror => "mirror",
        ReleaseSourceKind.StateDir => "state-dir",
        ReleaseSourceKind.BundledSnapshot => "bundled-snapshot",
        ReleaseSourceKind.ReleasesFile => "releases-file",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>GitHub or a mirror: the data can get fresher, so its age says something is wrong.</summary>
    public static bool IsLive(this ReleaseSourceKind kind) => kind is ReleaseSourceKind.GitHub or ReleaseSourceKind.Mirror;
}
