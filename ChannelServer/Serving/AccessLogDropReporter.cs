namespace ChannelServer.Serving;

/// <summary>
/// Says in the log, at most once per <see cref="Interval"/>, how many access log lines were dropped
/// since it last said so; the running total is the metric channelserver_access_log_dropped_total.
/// </summary>
public sealed class AccessLogDropReporter(AccessLogWriter writer, TimeProvider time, ILogger<AccessLogDropReporter> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    private long _reported;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                Report();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: what was dropped since the last tick is still said, once.
            Report();
        }
    }

    private void Report()
    {
        var total = writer.Dropped;
        if (total > _reported)
        {
            Log.AccessLogLinesDropped(logger, total - _reported, total);
            _reported = total;
        }
    }
}
