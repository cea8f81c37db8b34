using Prometheus;

namespace Controller.Reconciliation;

/// <summary>Prometheus metrics of the controller (upstream #99), on the default registry served at <c>/metrics</c>.</summary>
public static class ControllerMetrics
{
    public static readonly Histogram ReconcileDuration = Metrics.CreateHistogram(
        "suc_reconcile_duration_seconds", "Time to reconcile one Plan.",
        new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.001, 2, 14) });

    public static readonly Counter ReconcileErrors = Metrics.CreateCounter(
        "suc_reconcile_errors_total", "Plan reconciliations that failed and were retried.", "plan");

    public static readonly Counter ChannelResolutions = Metrics.CreateCounter(
        "suc_channel_resolutions_total", "Channel polls by outcome (success, not_modified, failure).", "outcome");

    public static readonly Counter NodesUpgraded = Metrics.CreateCounter(
        "suc_nodes_upgraded_total", "Nodes labeled done after their Job completed.", "plan");

    public static readonly Counter JobsFailed = Metrics.CreateCounter(
        "suc_jobs_failed_total", "Upgrade Jobs reported failed.", "plan");

    public static readonly Gauge PlanNodes = Metrics.CreateGauge(
        "suc_plan_nodes", "Nodes of a Plan by state (matching, done, applying, waiting, failed, gated).", "plan", "state");

    public static readonly Gauge PlanComplete = Metrics.CreateGauge(
        "suc_plan_complete", "1 when the Plan's Complete condition is True.", "plan");

    public static readonly Gauge PlanCondition = Metrics.CreateGauge(
        "suc_plan_condition", "1 for the reason the Plan's Complete condition carries now, per Plan (Complete, Resolved, Waiting, Downgrade, VersionSkew, WaitingForControlPlane, JobFailed, ...).", "plan", "reason");

    public static readonly Histogram JobDuration = Metrics.CreateHistogram(
        "suc_job_duration_seconds", "Upgrade Jobs from start to end, by outcome (complete, failed).",
        new HistogramConfiguration { LabelNames = ["plan", "outcome"], Buckets = Histogram.ExponentialBuckets(0.5, 2, 15) });

    public static readonly Gauge QueueDepth = Metrics.CreateGauge(
        "suc_workqueue_depth", "Plans waiting in the work queue.");
}
