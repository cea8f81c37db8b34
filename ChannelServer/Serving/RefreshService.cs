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
    private readonly SemaphoreSlim _changed = new(0);
    private readonly List<FileSystemWatcher> _watchers = [];

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        Log.Starting(logger, options.ToString());
        await refresher.RefreshAsync(cancellationToken).ConfigureAwait(false);
        WatchLocalConfigFiles();
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

    private async Task WaitAsync(TimeSpan delay, CancellationToken stoppingToken)
    {
        using var wake = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var timer = Task.Delay(delay, time, wake.Token);
        var changed = _changed.WaitAsync(wake.Token);
        var first = await Task.WhenAny(timer, changed).ConfigureAwait(false);
        await wake.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(timer, changed).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // the loser of the race, or shutdown
        }

        if (first == changed && !stoppingToken.IsCancellationRequested)
        {
            // Editors write a file in several steps; let them finish (real time: this is no schedule).
            await Task.Delay(TimeSpan.FromMilliseconds(200), TimeProvider.System, stoppingToken).ConfigureAwait(false);
            while (_changed.CurrentCount > 0)
            {
                await _changed.WaitAsync(stoppingToken).ConfigureAwait(false);
            }
        }
    }

    // The config files and the --releases-file snapshot: dropping a new snapshot into an air-gapped
    // server applies it within seconds too.
    private void WatchLocalConfigFiles()
    {
        foreach (var source in options.ReleasesFile is null ? options.Urls : [.. options.Urls, options.ReleasesFile])
        {
            if (source.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || source.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var full = Path.GetFullPath(source);
            var directory = Path.GetDirectoryName(full);
            if (directory is null || !Directory.Exists(directory))
            {
                continue;
            }

            var watcher = new FileSystemWatcher(directory, Path.GetFileName(full))
            {
                NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size | NotifyFilters.CreationTime,
            };
            FileSystemEventHandler onChange = (_, _) => Signal(full);
            watcher.Changed += onChange;
            watcher.Created += onChange;
            watcher.Renamed += (_, _) => Signal(full);
            watcher.EnableRaisingEvents = true;
            _watchers.Add(watcher);
        }
    }

    private void Signal(string path)
    {
        try
        {
            if (_changed.CurrentCount == 0)
            {
                Log.ConfigFileChanged(logger, path);
            }

            _changed.Release();
        }
        catch (ObjectDisposedException)
        {
            // a late file event during shutdown
        }
    }

    public override void Dispose()
    {
        foreach (var watcher in _watchers)
        {
            watcher.Dispose();
        }

        _changed.Dispose();
        base.Dispose();
    }
}
