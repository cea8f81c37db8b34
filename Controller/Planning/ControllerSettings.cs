namespace Controller.Planning;

/// <summary>What the controller was started with that shapes its decisions (flags and SYSTEM_UPGRADE_* environment).</summary>
public sealed record ControllerSettings
{
    public required string Name { get; init; }
    public required string Namespace { get; init; }

    /// <summary>The reference's default (pkg/upgrade/job): ten minutes.</summary>
    public const long DefaultJobActiveDeadlineSeconds = 600;

    /// <summary>Ours: a k3s node restarts on its new binary in well under a minute; ten minutes leaves room for a slow one.</summary>
    public static readonly TimeSpan DefaultNodeReadyTimeout = TimeSpan.FromMinutes(10);

    /// <summary>Used when a Plan's jobActiveDeadlineSecs is missing or negative.</summary>
    public long JobActiveDeadlineSeconds { get; init; } = DefaultJobActiveDeadlineSeconds;

    /// <summary>When above 0, every deadline (and "no deadline") is clamped to it.</summary>
    public long JobActiveDeadlineSecondsMax { get; init; }

    public int JobBackoffLimit { get; init; } = 2;
    public string JobImagePullPolicy { get; init; } = "IfNotPresent";
    public string JobKubectlImage { get; init; } = "rancher/kubectl:v1.30.3";
    public string? JobKubectlImageWindows { get; init; }
    public bool JobPrivileged { get; init; } = true;
    public int JobTtlSecondsAfterFinished { get; init; } = 900;
    public string JobPodReplacementPolicy { get; init; } = "TerminatingOrFailed";
    public TimeSpan PlanPollingInterval { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>False: the security contexts a Plan gives are ignored and the built-in ones used.</summary>
    public bool AllowUserDefinedSecurityContext { get; init; } = true;

    /// <summary>After a node's Job completed, how long it may take to be Ready at the target (a Plan's annotation wins).</summary>
    public TimeSpan NodeReadyTimeout { get; init; } = DefaultNodeReadyTimeout;

    /// <summary>True: while Prometheus cannot be read, no new node starts.</summary>
    public bool BlockOnAlertsUnavailable { get; init; }
}
