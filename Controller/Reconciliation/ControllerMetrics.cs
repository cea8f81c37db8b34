using Prometheus;

namespace Controller.Reconciliation;

/// <summary>
/// Prometheus metrics of one controller (upstream #99), in a registry of its own served at <c>/metrics</c>,
/// so that two controllers in one process (the end-to-end tests run a leader and a standby) share no series.
/// </summary>
public sealed class ControllerMetrics
{
    public ControllerMetrics()
    {
        Registry = Metrics.NewCustomRegistry();
        var factory = Metrics.WithCustomRegistry(Registry);
        ReconcileDuration = factory.CreateHistogram(
            "suc_reconcile_duration_seconds", "Time to reconcile one Plan.",
            new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.001, 2, 14) });
        ReconcileErrors = factory.CreateCounter(
            "suc_reconcile_errors_total", "Plan reconciliations that failed and were retried.", "plan");
        ChannelResolutions = factory.CreateCounter(
            "suc_channel_resolutions_total", "Channel polls by outcome (success, not_modified, failure).", "outcome");
        NodesUpgraded = factory.CreateCounter(
            "suc_nodes_upgraded_total", "Nodes labeled done after their Job completed and they came back Ready at the target.", "plan");
        JobsFailed = factory.CreateCounter(
            "suc_jobs_failed_total", "Upgrade Jobs reported failed.", "plan");
        NodeReadyTimeouts = factory.CreateCounter(
            "suc_node_ready_timeouts_total", "Nodes that were not Ready at the target within the deadline after their Job completed (the Plan halted).", "plan");
        PlanNodes = factory.CreateGauge(
            "suc_plan_nodes", "Nodes of a Plan by state (matching, done, applying, waiting, failed, gated).", "plan", "state");
        PlanComplete = factory.CreateGauge(
            "suc_plan_complete", "1 when the Plan's Complete condition is True.", "plan");
        PlanCondition = factory.CreateGauge(
            "suc_plan_condition", "1 for the reason the Plan's Complete condition carries now, per Plan (Complete, Resolved, Waiting, Downgrade, VersionSkew, WaitingForControlPlane, JobFailed, WaitingForNode, NodeNotReady, Paused, AlertFiring, ...).", "plan", "reason");
        JobDuration = factory.CreateHistogram(
            "suc_job_duration_seconds", "Upgrade Jobs from start to end, by outcome (complete, failed).",
            new HistogramConfiguration { LabelNames = ["plan", "outcome"], Buckets = Histogram.ExponentialBuckets(0.5, 2, 15) });
        QueueDepth = factory.CreateGauge(
            "suc_workqueue_depth", "Plans waiting in the work queue.");
        AlertsReadable = factory.CreateGauge(
            "suc_prometheus_up", "1 when the last read of Prometheus' alerts succeeded, 0 when it failed (only with --prometheus-url).");
        AlertsFiring = factory.CreateGauge(
            "suc_alerts_firing", "Firing alerts that match the alert filter, as last read from Prometheus.");
    }

    public CollectorRegistry Registry { get; }
    public Histogram ReconcileDuration { get; }
    public Counter ReconcileErrors { get; }
    public Counter ChannelResolutions { get; }
    public Counter NodesUpgraded { get; }
    public Counter JobsFailed { get; }
    public Counter NodeReadyTimeouts { get; }
    public Gauge PlanNodes { get; }
    public Gauge PlanComplete { get; }
    public Gauge PlanCondition { get; }
    public Histogram JobDuration { get; }
    public Gauge QueueDepth { get; }
    public Gauge AlertsReadable { get; }
    public Gauge AlertsFiring { get; }
}
