using ChannelServer.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ChannelServer.Serving;

/// <summary>
/// Keeps the index fresh: a first refresh before the server takes requests, then as
/// <see cref="RefreshTiming"/> says, or at once when a local config file changes. An unexpected exception
/// escapes and stops the host instead of leaving a server that no longer refreshes; with --refresh-fatal,
/// so does a failed refresh.
/// </summary>
public sealed class RefreshService(
    IndexRefresher refresher,
    ChannelIndexHolder holder,
    ServerOptions options,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    MemoryTrim memoryTrim,
    ILogger<RefreshService> logger) : BackgroundService
{
    private static readonly TimeSpan MaxWaitStep = TimeSpan.FromDays(1);
    private readonly SemaphoreSlim _poked = new(0);
    private LocalFileWatcher? _watcher;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        Log.Starting(logger, options.ToString());
        // Watching before the first load: a change made while it runs is not missed.
        WatchLocalConfigFiles();
        await RefreshAsync(cancellationToken).ConfigureAwait(false);
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            // Regexp channels answering 503 for want of release data count as nothing served: try again soon.
            var incomplete = holder.Current?.Prefixes.Any(p => !p.ReleaseStatus.Complete) ?? true;
            var now = time.GetUtcNow();
            var delay = RefreshTiming.Delay(options, now, incomplete, holder.Current?.NextMoveAt);
            if (holder.Current is null)
            {
                Log.ServingNothing(logger, delay.TotalSeconds);
            }

            await WaitAsync(delay, stoppingToken).ConfigureAwait(false);
            if (stoppingToken.IsCancellationRequested)
            {
                break;
            }

            await RefreshAsync(stoppingToken).ConfigureAwait(false);
        }
    }

    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var succeeded = await refresher.RefreshAsync(cancellationToken).ConfigureAwait(false);
        if (memoryTrim.AfterRefresh() is { } took)
        {
            Log.MemoryTrimmed(logger, took.TotalMilliseconds, GC.GetTotalMemory(forceFullCollection: false));
        }

        if (!succeeded && options.RefreshFatal && !cancellationToken.IsCancellationRequested)
        {
            var reason = holder.LastRefresh.Error ?? "unknown";
            holder.FatalError = reason;
            Log.RefreshFatal(logger, reason);
            lifetime.StopApplication();
        }
    }

    // Until the delay has passed, or a watched file's content changed.
    private async Task WaitAsync(TimeSpan delay, CancellationToken stoppingToken)
    {
        var deadline = time.GetUtcNow() + delay;
        while (!stoppingToken.IsCancellationRequested)
        {
            var remaining = deadline - time.GetUtcNow();
            if (remaining <= TimeSpan.Zero)
            {
                return;
            }

            // Timers take at most about 49 days; a yearly schedule waits in steps.
            if (!await WaitForPokeAsync(remaining < MaxWaitStep ? remaining : MaxWaitStep, stoppingToken).ConfigureAwait(false))
            {
                continue;
            }

            // Editors write a file in several steps; let them finish (real time: this is no schedule).
            await Task.Delay(TimeSpan.FromMilliseconds(200), TimeProvider.System, stoppingToken).ConfigureAwait(false);
            while (_poked.CurrentCount > 0)
            {
                await _poked.WaitAsync(stoppingToken).ConfigureAwait(false);
            }

            var changed = _watcher?.TakeChanged() ?? [];
            if (changed.Count > 0)
            {
                foreach (var path in changed)
                {
                    Log.ConfigFileChanged(logger, path);
                }

                return;
            }

            Log.WatchedFilesUnchanged(logger);
        }
    }

    /// <returns>true when poked by the watcher, false when the time ran out (or on shutdown)</returns>
    private async Task<bool> WaitForPokeAsync(TimeSpan timeout, CancellationToken stoppingToken)
    {
        using var wake = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var timer = Task.Delay(timeout, time, wake.Token);
        var poked = _poked.WaitAsync(wake.Token);
        var first = await Task.WhenAny(timer, poked).ConfigureAwait(false);
        await wake.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(timer, poked).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // the loser of the race, or shutdown
        }

        return first == poked && !stoppingToken.IsCancellationRequested;
    }

    // The config files and the --releases-file snapshot: dropping a new snapshot into an air-gapped
    // server applies it within seconds too.
    private void WatchLocalConfigFiles()
    {
        var sources = options.ReleasesFile is null ? options.Urls : [.. options.Urls, options.ReleasesFile];
        _watcher = new LocalFileWatcher(
            sources.Where(s => !s.StartsWith("http://", StringComparison.OrdinalIgnoreCase) && !s.StartsWith("https://", StringComparison.OrdinalIgnoreCase)),
            Poke);
    }

    private void Poke()
    {
        try
        {
            _poked.Release();
        }
        catch (ObjectDisposedException)
        {
            // a late file event during shutdown
        }
    }

    public override void Dispose()
    {
        _watcher?.Dispose();
        _poked.Dispose();
        base.Dispose();
    }
}
