using ChannelServer.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ChannelServer.Serving;

/// <summary>
/// Keeps the index fresh: a first refresh before the server takes requests, then one refresh interval
/// after each refresh ends, or at once when a local config file changes. An unexpected exception
/// escapes and stops the host instead of leaving a server that no longer refreshes.
/// </summary>
public sealed class RefreshService(
    IndexRefresher refresher,
    ChannelIndexHolder holder,
    ServerOptions options,
    TimeProvider time,
    ILogger<RefreshService> logger) : BackgroundService
{
    // While nothing at all is served, waiting a full interval (15 min by default) to try again is too long.
    private static readonly TimeSpan RetryWhileEmpty = TimeSpan.FromSeconds(10);
    private readonly SemaphoreSlim _poked = new(0);
    private LocalFileWatcher? _watcher;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        Log.Starting(logger, options.ToString());
        // Watching before the first load: a change made while it runs is not missed.
        WatchLocalConfigFiles();
        await refresher.RefreshAsync(cancellationToken).ConfigureAwait(false);
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var delay = holder.Current is null && options.RefreshInterval > RetryWhileEmpty ? RetryWhileEmpty : options.RefreshInterval;
            if (holder.Current is null)
            {
                Log.ServingNothing(logger, delay.TotalSeconds);
            }

            await WaitAsync(delay, stoppingToken).ConfigureAwait(false);
            if (stoppingToken.IsCancellationRequested)
            {
                break;
            }

            await refresher.RefreshAsync(stoppingToken).ConfigureAwait(false);
        }
    }

    // Until the delay has passed, or a watched file's content changed.
    private async Task WaitAsync(TimeSpan delay, CancellationToken stoppingToken)
    {
        var deadline = time.GetUtcNow() + delay;
        while (!stoppingToken.IsCancellationRequested)
        {
            var remaining = deadline - time.GetUtcNow();
            if (remaining <= TimeSpan.Zero || !await WaitForPokeAsync(remaining, stoppingToken).ConfigureAwait(false))
            {
                return;
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
