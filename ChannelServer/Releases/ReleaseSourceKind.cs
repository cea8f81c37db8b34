namespace ChannelServer.Releases;

/// <summary>Where a prefix's release data came from, as /readyz, the HTML page and the metrics name it.</summary>
public enum ReleaseSourceKind
{
    GitHub,
    Mirror,
    StateDir,
    BundledSnapshot,
    ReleasesFile,
}
