namespace Controller.Planning;

/// <summary>What the controller was started with that shapes its decisions (flags and SYSTEM_UPGRADE_* environment).</summary>
public sealed record ControllerSettings
{
    public required string Name { get; init; }
    public required string Namespace { get; init; }

    /// <summary>Used when a Plan's jobActiveDeadlineSecs is missing or negative.</summary>
    public long JobActiveDeadlineSeconds { get; init; } = 3600;

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
}
