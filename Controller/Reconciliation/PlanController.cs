using Contracts.Plans;
using Controller.Kubernetes;
using Controller.Planning;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Controller.Reconciliation;

/// <summary>
/// The imperative shell: keeps the caches, turns changes into Plan keys on the work queue, gathers a
/// snapshot per key, asks <see cref="PlanReconciler"/> what to do and applies it in a safe order.
/// </summary>
public sealed partial class PlanController : IDisposable
{
    private readonly ControllerSettings _settings;
    private readonly ClusterApi _api;
    private readonly PlanReconciler _reconciler;
    private readonly EventRecorder _events;
    private readonly ChannelPoller _channels;
    private readonly ControllerMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly WorkQueue _queue;
    private readonly JobDurations _durations = new();
    private readonly WrittenStatuses _written = new();
    private readonly int _workers;
    private readonly AlertWatcher? _alerts;
    private string? _clusterId;

    public PlanController(
        ControllerSettings settings,
        ClusterApi api,
        PlanCaches caches,
        ChannelPoller channels,
        EventRecorder events,
        ControllerMetrics metrics,
        TimeProvider time,
        ILogger<PlanController> logger,
        int workers,
        AlertWatcher? alerts = null)
    {
        _alerts = alerts;
        _settings = settings;
        _api = api;
        _channels = channels;
        _events = events;
        _metrics = metrics;
        _time = time;
        _workers = Math.Max(1, workers);
        _logger = logger;
        _reconciler = new PlanReconciler(settings);
        _queue = new WorkQueue(time);
        (Plans, Nodes, Jobs, Secrets) = caches;

        // Only what a decision reads wakes a Plan: Job pod counts and node heartbeats do not.
        Nodes.Equivalent = DecisionInputs.SameNode;
        Jobs.Equivalent = DecisionInputs.SameJob;
        Plans.Changed += plan => _queue.Add(plan.Metadata.Name);
        Jobs.Changed += job =>
        {
            if (_durations.Observe(job, Jobs.Get(Informer<V1Job>.KeyOf(job)) is not null) is { } timed)
            {
                _metrics.JobDuration.WithLabels(timed.Plan, timed.Outcome).Observe(timed.Duration.TotalSeconds);
            }

            if (job.Metadata.Labels?.TryGetValue(UpgradeLabels.Plan, out var plan) == true)
            {
                _queue.Add(plan);
            }
        };
        Nodes.Changed += _ => EnqueueAll();
        Secrets.Changed += secret =>
        {
            foreach (var plan in Plans.Items.Where(p => p.Spec.Secrets?.Any(s => s.Name == secret.Metadata.Name) == true))
            {
                _queue.Add(plan.Metadata.Name);
            }
        };
        if (alerts is not null)
        {
            alerts.Changed += EnqueueAll;
        }

        // A channel answered (off the workers): the Plans following it decide again with the new answer.
        _channels.Answered += url =>
        {
            foreach (var plan in Plans.Items.Where(p => string.IsNullOrEmpty(p.Spec.Version) && p.Spec.Channel == url))
            {
                _queue.Add(plan.Metadata.Name);
            }
        };
    }

    public static readonly TimeSpan Resync = TimeSpan.FromMinutes(5);

    public Informer<Plan> Plans { get; }
    public Informer<V1Node> Nodes { get; }
    public Informer<V1Job> Jobs { get; }
    public Informer<V1Secret> Secrets { get; }
    public int QueueDepth => _queue.Depth;

    /// <summary>Every cache holds a full list.</summary>
    public bool Synced => Plans.Synced.IsCompletedSuccessfully && Nodes.Synced.IsCompletedSuccessfully && Jobs.Synced.IsCompletedSuccessfully && Secrets.Synced.IsCompletedSuccessfully;

    public async Task RunAsync(CancellationToken ct)
    {
        var informers = new[] { Plans.RunAsync(ct), Nodes.RunAsync(ct), Jobs.RunAsync(ct), Secrets.RunAsync(ct) };
        // Decide nothing on a partial picture: every cache must hold a full list first.
        var synced = Task.WhenAll(Plans.Synced, Nodes.Synced, Jobs.Synced, Secrets.Synced);
        await Task.WhenAny(synced, Task.Delay(Timeout.Infinite, ct)).ConfigureAwait(false);
        if (ct.IsCancellationRequested)
        {
            await Task.WhenAll(informers).ConfigureAwait(false);
            return;
        }

        if (_alerts is not null)
        {
            // No node starts before the alert gate has looked once.
            await _alerts.FirstRead.WaitAsync(ct).ConfigureAwait(false);
        }

        LogSynced(_logger, Plans.Items.Count, Nodes.Items.Count, Jobs.Items.Count);
        EnqueueAll();
        var workers = Enumerable.Range(0, _workers).Select(_ => WorkAsync(ct)).ToList();
        await Task.WhenAll([.. informers, .. workers, _events.RunAsync(ct)]).ConfigureAwait(false);
    }

    private void EnqueueAll()
    {
        foreach (var plan in Plans.Items)
        {
            _queue.Add(plan.Metadata.Name);
        }
    }

    private async Task WorkAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            string key;
            try
            {
                key = await _queue.TakeAsync(ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            try
            {
                var started = _time.GetTimestamp();
                var next = await ReconcileAsync(key, ct).ConfigureAwait(false);
                var elapsed = _time.GetElapsedTime(started);
                _metrics.ReconcileDuration.Observe(elapsed.TotalSeconds);
                LogReconciled(_logger, key, elapsed.TotalMilliseconds, next?.TotalSeconds);
                _queue.Forget(key);
                // Besides the Plan's own timers, look again after a while regardless: a missed event cannot stall a Plan.
                _queue.AddAfter(key, next is { } after && after < Resync ? after : Resync);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogReconcileFailed(_logger, key, e);
                _metrics.ReconcileErrors.WithLabels(key).Inc();
                _queue.Retry(key);
                await ReportFailureAsync(key, e, ct).ConfigureAwait(false);
            }
            finally
            {
                _queue.Done(key);
                _metrics.QueueDepth.Set(_queue.Depth);
            }
        }
    }

    /// <summary>
    /// A pass that threw says so on the Plan, not only in the log: condition Complete False, reason
    /// ReconcileFailed, and an event. A conflict (our copy was stale) is routine and only retried.
    /// </summary>
    private async Task ReportFailureAsync(string name, Exception e, CancellationToken ct)
    {
        if (e is StaleSnapshotException || (e is k8s.Autorest.HttpOperationException http && http.Response.StatusCode == System.Net.HttpStatusCode.Conflict))
        {
            return;
        }

        if (Plans.Get($"{_settings.Namespace}/{name}") is not { } plan || PlanCleanup.IsDeleting(plan))
        {
            return;
        }

        var message = $"reconciling failed, retrying with backoff: {e.GetType().Name}: {e.Message}";
        var status = new DecisionDraft(plan.Status).Status;
        if (!Conditions.Set(status, PlanConditions.Complete, false, PlanConditions.Reasons.ReconcileFailed, message, _time.GetUtcNow()))
        {
            return;
        }

        _events.Post(plan, PlanEvent.Warning(PlanEvents.ReconcileFailed, message));
        try
        {
            if (await _api.ReplaceStatusAsync(plan, status, ct).ConfigureAwait(false) is { } stored)
            {
                Plans.Remember(stored);
            }
        }
        catch (Exception again) when (again is not OperationCanceledException)
        {
            // The API that failed the pass may fail this too: the log and the metric have it, the retry follows.
            LogReportFailed(_logger, name, again);
        }
    }

    /// <summary>One pass over one Plan; returns when to look again, if the Plan asked for it.</summary>
    public async Task<TimeSpan?> ReconcileAsync(string name, CancellationToken ct)
    {
        var plan = Plans.Get($"{_settings.Namespace}/{name}");
        var jobs = Jobs.Items.Where(j => j.Metadata.Labels?.TryGetValue(UpgradeLabels.Plan, out var p) == true && p == name).ToList();
        if (plan is null)
        {
            ForgetPlan(name);
            // The Plan is gone: so are its Jobs.
            foreach (var job in jobs)
            {
                await _api.DeleteJobAsync(job.Metadata.Name, ct).ConfigureAwait(false);
                Jobs.Forget($"{_settings.Namespace}/{job.Metadata.Name}");
            }

            return null;
        }

        if (PlanCleanup.IsDeleting(plan))
        {
            if (PlanCleanup.HasFinalizer(plan))
            {
                await ApplyAsync(plan, PlanCleanup.Decide(plan, Nodes.Items, jobs), ct).ConfigureAwait(false);
                if (await _api.SetFinalizersAsync(plan, PlanCleanup.Finalizers(plan, withOurs: false), ct).ConfigureAwait(false) is { } released)
                {
                    Plans.Remember(released);
                }
            }

            return null;
        }

        if (!PlanCleanup.HasFinalizer(plan))
        {
            // So that deleting the Plan, even while we are down, undoes its cordons and removes its Jobs.
            plan = await _api.SetFinalizersAsync(plan, PlanCleanup.Finalizers(plan, withOurs: true), ct).ConfigureAwait(false)
                ?? throw new StaleSnapshotException($"Plan {plan.Metadata.Name} changed before its finalizer was added");
            Plans.Remember(plan);
        }

        TimeSpan? channelDue = null;
        ChannelAnswer? answer = null;
        if (string.IsNullOrEmpty(plan.Spec.Version) && !string.IsNullOrEmpty(plan.Spec.Channel))
        {
            _clusterId ??= await _api.ClusterIdAsync(ct).ConfigureAwait(false);
            // Never waits for the channel: a slow one is polled in the background and wakes the Plan when it answers.
            (answer, var due) = _channels.Peek(plan.Spec.Channel, _clusterId, plan.Status?.LatestVersion);
            channelDue = due;
        }

        var secrets = Secrets.Items.ToDictionary(s => s.Metadata.Name);
        var snapshot = new PlanSnapshot(plan, [.. Nodes.Items], jobs, secrets, _time.GetUtcNow(), answer) { Alerts = _alerts?.Current };
        var decision = _reconciler.Decide(snapshot);
        await ApplyAsync(plan, decision, ct).ConfigureAwait(false);
        Observe(plan.Metadata.Name, decision);
        return Min(decision.RequeueAfter, channelDue);
    }

    private async Task ApplyAsync(Plan plan, PlanDecision decision, CancellationToken ct)
    {
        // Deletions, node patches and creations are independent of one another and run together; creations are
        // paused Jobs, so nothing runs before the status below is stored.
        var deletes = decision.Delete.Select(async deletion =>
        {
            LogDeleteJob(_logger, deletion.Name, deletion.Why);
            await _api.DeleteJobAsync(deletion.Name, ct).ConfigureAwait(false);
            Jobs.Forget($"{_settings.Namespace}/{deletion.Name}");
        });
        var patches = decision.NodePatches.Select(async patch =>
        {
            if (await _api.PatchNodeAsync(patch, ct).ConfigureAwait(false) is { } patched)
            {
                Nodes.Remember(patched);
            }
        });
        var creates = decision.Create.Select(async job =>
        {
            if (await _api.CreateJobAsync(job, ct).ConfigureAwait(false) is { } created)
            {
                Jobs.Remember(created);
            }
        });
        await Task.WhenAll([.. deletes, .. patches, .. creates]).ConfigureAwait(false);

        if (decision.StatusChanged && !_written.AlreadyStored(plan, decision.Status))
        {
            var stored = await _api.ReplaceStatusAsync(plan, decision.Status, ct).ConfigureAwait(false)
                ?? throw new StaleSnapshotException($"Plan {plan.Metadata.Name} changed since it was read");
            Plans.Remember(stored);
            _written.Stored(stored, decision.Status);
        }

        // Only now is every node in decision.Status.Applying stored: its Job may run.
        await Task.WhenAll(decision.Release.Select(async name =>
        {
            if (await _api.ReleaseJobAsync(name, ct).ConfigureAwait(false) is { } released)
            {
                Jobs.Remember(released);
            }
        })).ConfigureAwait(false);

        // Explanations are written off the Plan's critical path.
        foreach (var e in decision.Events)
        {
            _events.Post(plan, e);
        }
    }

    private void Observe(string plan, PlanDecision decision)
    {
        if (decision.Status.Nodes is { } n)
        {
            _metrics.PlanNodes.WithLabels(plan, "matching").Set(n.Matching);
            _metrics.PlanNodes.WithLabels(plan, "done").Set(n.Done);
            _metrics.PlanNodes.WithLabels(plan, "applying").Set(n.Applying);
            _metrics.PlanNodes.WithLabels(plan, "waiting").Set(n.Waiting);
            _metrics.PlanNodes.WithLabels(plan, "failed").Set(n.Failed);
            _metrics.PlanNodes.WithLabels(plan, "gated").Set(n.Gated);
        }

        if (Conditions.Get(decision.Status, PlanConditions.Complete) is { } complete)
        {
            _metrics.PlanComplete.WithLabels(plan).Set(complete.Status == "True" ? 1 : 0);
            var reason = complete.Reason ?? "";
            ForgetSeries(_metrics.PlanCondition, plan, keepReason: reason);
            _metrics.PlanCondition.WithLabels(plan, reason).Set(1);
        }

        _metrics.NodesUpgraded.WithLabels(plan).Inc(decision.Events.Count(e => e.Reason == PlanEvents.JobComplete));
        _metrics.JobsFailed.WithLabels(plan).Inc(decision.Events.Count(e => e.Reason == PlanEvents.JobFailed));
        _metrics.NodeReadyTimeouts.WithLabels(plan).Inc(decision.Events.Count(e => e.Reason == PlanEvents.NodeNotReady));
    }

    /// <summary>Drops a Plan's series (all of them, or all but one reason) so a gone state does not linger on /metrics.</summary>
    private static void ForgetSeries(Prometheus.Gauge gauge, string plan, string? keepReason = null)
    {
        foreach (var labels in gauge.GetAllLabelValues().ToList())
        {
            if (labels[0] == plan && (keepReason is null || labels.Length < 2 || labels[1] != keepReason))
            {
                gauge.RemoveLabelled(labels);
            }
        }
    }

    private void ForgetPlan(string plan)
    {
        _written.Forget(plan);
        ForgetSeries(_metrics.PlanCondition, plan);
        ForgetSeries(_metrics.PlanNodes, plan);
        ForgetSeries(_metrics.PlanComplete, plan);
    }

    private static TimeSpan? Min(TimeSpan? a, TimeSpan? b) => a is null ? b : b is null ? a : a < b ? a : b;

    public void Dispose()
    {
        _queue.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Caches filled: {Plans} plans, {Nodes} nodes, {Jobs} jobs; reconciling")]
    private static partial void LogSynced(ILogger logger, int plans, int nodes, int jobs);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Reconciled Plan {Plan} in {Ms} ms; next look in {NextSeconds} s")]
    private static partial void LogReconciled(ILogger logger, string plan, double ms, double? nextSeconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reconciling Plan {Plan} failed; retrying with backoff")]
    private static partial void LogReconcileFailed(ILogger logger, string plan, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not write the failure of Plan {Plan} into its status")]
    private static partial void LogReportFailed(ILogger logger, string plan, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleting Job {Job}: {Why}")]
    private static partial void LogDeleteJob(ILogger logger, string job, string why);
}
