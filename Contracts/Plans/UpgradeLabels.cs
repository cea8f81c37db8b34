namespace Contracts.Plans;

/// <summary>Label and annotation keys: the reference's (<c>upgrade.cattle.io</c>) and ours (<see cref="OwnDomain"/>), in one place.</summary>
public static class UpgradeLabels
{
    /// <summary>Prefix of the node label <c>plan.upgrade.cattle.io/&lt;plan&gt;</c> = the hash the node was upgraded to.</summary>
    public const string PlanPrefix = "plan.upgrade.cattle.io/";

    /// <summary>Value of the plan label that opts a node out of that plan.</summary>
    public const string Disabled = "disabled";

    public const string Controller = "upgrade.cattle.io/controller";
    public const string Plan = "upgrade.cattle.io/plan";
    public const string Node = "upgrade.cattle.io/node";
    public const string Version = "upgrade.cattle.io/version";
    public const string Exclusive = "upgrade.cattle.io/exclusive";

    /// <summary>Job annotation carrying the TTL as a fallback for clusters without the TTL controller.</summary>
    public const string TtlSecondsAfterFinished = "upgrade.cattle.io/ttl-seconds-after-finished";

    /// <summary>Plan annotation: comma-separated dotted paths whose values also feed <c>latestHash</c>.</summary>
    public const string Digest = "upgrade.cattle.io/digest";

    /// <summary>Keys containing this are never copied from a Plan to its Jobs.</summary>
    public const string CattleMarker = "cattle.io/";

    /// <summary>Annotations containing this are never copied from a Plan to its Jobs.</summary>
    public const string KubectlMarker = "kubectl.kubernetes.io/";

    /// <summary>Our own domain, for what the reference does not have.</summary>
    public const string OwnDomain = "upgrade.channels.dev";

    /// <summary>Plan annotation: <c>"true"</c> lets the plan jump more than one minor version on purpose.</summary>
    public const string AllowMinorSkip = OwnDomain + "/allow-minor-skip";

    /// <summary>Plan annotation: <c>"true"</c> starts no new node (running Jobs finish); removing it resumes.</summary>
    public const string Paused = OwnDomain + "/paused";

    /// <summary>Plan annotation: a Go duration, how long a node may take after its Job to be Ready at the target.</summary>
    public const string NodeReadyTimeout = OwnDomain + "/node-ready-timeout";

    /// <summary>Node annotation: the plan (<c>namespace/name</c>) that cordoned this node, so only it uncordons it.</summary>
    public const string CordonedBy = OwnDomain + "/cordoned-by";

    /// <summary>
    /// Prefix of the node annotation <c>failed.upgrade.channels.dev/&lt;plan&gt;</c>: the plan's failed Job on this
    /// node, kept where no CRD schema can prune it (the reference's CRD drops <c>status.failedJobs</c>).
    /// </summary>
    public const string FailedPrefix = "failed." + OwnDomain + "/";

    /// <summary>Plan finalizer: uncordon what the plan cordoned and delete its Jobs even if the controller was down.</summary>
    public const string Finalizer = OwnDomain + "/cleanup";

    /// <summary>Job annotation: hash of the Job's template, so an edit of a Plan that keeps its hash (args, image) replaces unfinished Jobs.</summary>
    public const string JobTemplate = OwnDomain + "/job-template";

    public static string ForPlan(string planName) => PlanPrefix + planName;

    /// <summary>
    /// Plan annotations that steer the controller, not the Job: never copied to Jobs, so pausing a Plan or
    /// changing its deadline does not change the Job template (which would replace running Jobs).
    /// </summary>
    public static bool SteersController(string annotation) => annotation is Paused or NodeReadyTimeout or AllowMinorSkip;
}
