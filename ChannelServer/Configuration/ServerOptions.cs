using Contracts.Versions;

namespace ChannelServer.Configuration;

/// <summary>Everything the command line and environment decide, validated before the host is built.</summary>
public sealed record ServerOptions
{
    public required IReadOnlyList<string> Urls { get; init; }

    /// <summary>Config keys and path prefixes, paired by position.</summary>
    public required IReadOnlyList<PrefixBinding> Prefixes { get; init; }

    public TimeSpan RefreshInterval { get; init; } = TimeSpan.FromMinutes(15);
    public string ListenAddress { get; init; } = "0.0.0.0:8080";
    public ReleaseVersion? ChannelServerVersion { get; init; }
    public string? AppName { get; init; }
    public string? GitHubToken { get; init; }

    /// <summary>Set: releases come from this file and GitHub is never called.</summary>
    public string? ReleasesFile { get; init; }

    /// <summary>Read when GitHub cannot be reached at start and no state is kept; null when no bundled snapshot exists.</summary>
    public string? BundledSnapshotFile { get; init; }

    public string? StateDir { get; init; }
    public TimeSpan GitHubTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Log entries as JSON objects (with their structured fields) instead of text lines.</summary>
    public bool JsonLogs { get; init; }

    /// <summary>Set: refreshes follow this schedule (UTC) instead of <see cref="RefreshInterval"/>.</summary>
    public Cronos.CronExpression? RefreshSchedule { get; init; }

    /// <summary>A failed refresh stops the process with status 1, as the reference's --refresh-fatal.</summary>
    public bool RefreshFatal { get; init; }

    /// <summary>Set: /metrics and /livez are served on this address only, not on <see cref="ListenAddress"/>.</summary>
    public string? MetricsListenAddress { get; init; }

    /// <summary>Used when no <see cref="GitHubToken"/> is given.</summary>
    public GitHubAppCredentials? GitHubApp { get; init; }

    /// <summary>Take a release list that is empty or shrank by more than half; refused by default.</summary>
    public bool AcceptReleaseShrink { get; init; }

    /// <summary>Every regexp channel may move backwards, as if each rule said <c>allowDowngrade: true</c>.</summary>
    public bool AllowDowngrade { get; init; }

    /// <summary>Record the clusters polling each channel (in memory, bounded); on unless --fleet-view=false.</summary>
    public bool FleetView { get; init; } = true;

    /// <summary>/livez fails once release data from a live source is older than this.</summary>
    public TimeSpan StaleAfter { get; init; } = TimeSpan.FromHours(24);

    public bool Debug { get; init; }

    // A token is a secret: it must never reach a log line through a record's ToString.
    public override string ToString() =>
        $"urls=[{string.Join(", ", Urls)}] prefixes=[{string.Join(", ", Prefixes)}] refresh={GoDuration.Format(RefreshInterval)} listen={ListenAddress} "
        + $"channelServerVersion={ChannelServerVersion?.Original} appName={AppName} githubToken={(GitHubToken is null ? "unset" : "set")} "
        + $"githubApp={GitHubApp?.ToString() ?? "unset"} releasesFile={ReleasesFile} stateDir={StateDir} schedule={RefreshSchedule?.ToString() ?? "unset"} "
        + $"refreshFatal={RefreshFatal} metricsListen={MetricsListenAddress ?? "unset"} acceptReleaseShrink={AcceptReleaseShrink} allowDowngrade={AllowDowngrade} fleetView={FleetView} staleAfter={GoDuration.Format(StaleAfter)} debug={Debug}";
}
