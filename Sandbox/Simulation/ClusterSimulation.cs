using System.Threading.Channels;
using Sandbox.Api;
using Sandbox.Storage;

namespace Sandbox.Simulation;

/// <summary>
/// Runs the simulated cluster's controllers (job controller, scheduler, kubelets) level-triggered:
/// a pass over the current state whenever a relevant object changes or a timed step (deadline, TTL,
/// upgrade duration) falls due on the <see cref="TimeProvider"/>. It never spins: between passes it
/// waits for a signal.
/// </summary>
public sealed class ClusterSimulation : BackgroundService
{
    private readonly Channel<bool> _signal = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly ResourceOperations _ops;
    private readonly SandboxOptions _options;
    private readonly JobController _jobs;
    private readonly Scheduler _scheduler;
    private readonly Kubelet _kubelet;
    private readonly NodeFaultController _nodeFaults;
    private readonly ILogger<ClusterSimulation> _logger;
    private long _passes;
    private long _busyTicks;

    public ClusterSimulation(ResourceOperations ops, SandboxOptions options, PodLogs logs, ILogger<ClusterSimulation> logger)
    {
        _ops = ops;
        _options = options;
        _logger = logger;
        var events = new EventRecorder(ops);
        _jobs = new JobController(ops, options, events);
        _scheduler = new Scheduler(ops, events);
        _kubelet = new Kubelet(ops, options, logs, events);
        _nodeFaults = new NodeFaultController(ops, events);
        ops.Store.Committed += OnCommitted;
    }

    /// <summary>Passes run so far (for tests and the benchmark).</summary>
    public long Passes => Interlocked.Read(ref _passes);

    /// <summary>Wall time spent inside passes so far.</summary>
    public TimeSpan BusyTime => TimeSpan.FromTicks(Interlocked.Read(ref _busyTicks));

    public void Wake() => _signal.Writer.TryWrite(true);

    private void OnCommitted(WatchEvent e)
    {
        if (Kinds.BuiltInKinds.For(e.Object.Type) is { WakesSimulation: false })
        {
            return;
        }

        Wake();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.Simulate)
        {
            return;
        }

        var time = _options.TimeProvider;
        while (!stoppingToken.IsCancellationRequested)
        {
            DateTimeOffset? due;
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            try
            {
                due = Pass(time.GetUtcNow());
            }
            catch (ApiException e)
            {
                // An object changed or vanished under us: the next pass sees the new state.
                Log.PassConflict(_logger, e.Message);
                due = time.GetUtcNow() + TimeSpan.FromMilliseconds(50);
            }

            Interlocked.Increment(ref _passes);
            Interlocked.Add(ref _busyTicks, System.Diagnostics.Stopwatch.GetElapsedTime(started).Ticks);
            ITimer? timer = null;
            if (due is { } at)
            {
                var wait = at - time.GetUtcNow();
                timer = time.CreateTimer(_ => Wake(), null, wait < TimeSpan.Zero ? TimeSpan.Zero : wait, Timeout.InfiniteTimeSpan);
            }

            try
            {
                await _signal.Reader.ReadAsync(stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            finally
            {
                timer?.Dispose();
            }
        }
    }

    private DateTimeOffset? Pass(DateTimeOffset now)
    {
        var pods = _ops.Store.List(BuiltInResources.Pods);
        var due = _jobs.Reconcile(now, pods);
        pods = _ops.Store.List(BuiltInResources.Pods);
        _scheduler.Schedule(pods);
        pods = _ops.Store.List(BuiltInResources.Pods);
        due = Earliest(due, _kubelet.Run(now, pods));
        return Earliest(due, _nodeFaults.Run(now));
    }

    internal static DateTimeOffset? Earliest(DateTimeOffset? a, DateTimeOffset? b) =>
        a is null ? b : b is null ? a : a < b ? a : b;
}

internal static partial class Log
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "simulation pass retried: {Reason}")]
    public static partial void PassConflict(ILogger logger, string reason);
}
