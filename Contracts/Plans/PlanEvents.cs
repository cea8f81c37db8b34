namespace Contracts.Plans;

/// <summary>Event reasons recorded on a Plan (the reference's names).</summary>
public static class PlanEvents
{
    public const string Validated = "Validated";
    public const string ValidateFailed = "ValidateFailed";
    public const string Resolved = "Resolved";
    public const string ResolveFailed = "ResolveFailed";
    public const string Waiting = "Waiting";
    public const string SyncJob = "SyncJob";
    public const string Complete = "Complete";
    public const string JobComplete = "JobComplete";
    public const string JobCompleteWaiting = "JobCompleteWaiting";
    public const string JobFailed = "JobFailed";

    // Ours.
    public const string Gated = "Gated";
    public const string NodeNotReady = "NodeNotReady";
    public const string Held = "Held";
    public const string AlertsUnavailable = "AlertsUnavailable";
    public const string ReconcileFailed = "ReconcileFailed";
}
