namespace Contracts.Plans;

/// <summary>Condition types and reasons on a Plan's status.</summary>
public static class PlanConditions
{
    public const string Validated = "Validated";
    public const string LatestResolved = "LatestResolved";
    public const string Complete = "Complete";

    public static class Reasons
    {
        public const string PlanIsValid = "PlanIsValid";
        public const string Error = "Error";
        public const string Version = "Version";
        public const string Channel = "Channel";
        public const string Resolved = "Resolved";
        public const string NotReady = "NotReady";
        public const string Complete = "Complete";
        public const string Waiting = "Waiting";
        public const string JobFailed = "JobFailed";

        // Ours: the version gate and control plane first.
        public const string Downgrade = "Downgrade";
        public const string VersionSkew = "VersionSkew";
        public const string WaitingForControlPlane = "WaitingForControlPlane";

        // Ours: the health gates.
        public const string WaitingForNode = "WaitingForNode";
        public const string NodeNotReady = "NodeNotReady";
        public const string ControlPlaneNotReady = "ControlPlaneNotReady";
        public const string TooManyNotReady = "TooManyNotReady";
        public const string Paused = "Paused";
        public const string AlertFiring = "AlertFiring";
        public const string AlertsUnavailable = "AlertsUnavailable";
        public const string NothingWillRun = "NothingWillRun";
        public const string ReconcileFailed = "ReconcileFailed";
    }
}
