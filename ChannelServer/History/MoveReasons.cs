namespace ChannelServer.History;

/// <summary>Why a channel moved, as written in its history.</summary>
public static class MoveReasons
{
    /// <summary>The channel is new, or its rule changed (regexps, pinned version, soak time, required assets).</summary>
    public const string ConfigChange = "config-change";

    /// <summary>A newer matching release appeared.</summary>
    public const string NewRelease = "new-release";

    /// <summary>A release it was waiting on finished its soak time.</summary>
    public const string SoakEnded = "soak-ended";

    /// <summary>A release it was leaving out got its missing assets.</summary>
    public const string AssetsComplete = "assets-complete";

    /// <summary>It moved to a lower version (or to none) because releases were withdrawn or re-flagged; only with allowDowngrade.</summary>
    public const string ReleaseWithdrawn = "release-withdrawn";
}
