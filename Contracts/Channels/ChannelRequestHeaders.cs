namespace Contracts.Channels;

/// <summary>Headers system-upgrade-controller sends with every channel poll; the channel server may read them.</summary>
public static class ChannelRequestHeaders
{
    /// <summary>The UID of namespace <c>kube-system</c>: which cluster asks.</summary>
    public const string ClusterId = "X-SUC-Cluster-ID";

    /// <summary>The Plan's current <c>status.latestVersion</c> (empty before the first resolution).</summary>
    public const string LatestVersion = "X-SUC-Latest-Version";
}
