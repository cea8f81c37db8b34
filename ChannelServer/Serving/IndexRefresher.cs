using System.Diagnostics;
using ChannelServer.Configuration;
using ChannelServer.Releases;
using ChannelServer.Resolution;
using Microsoft.Extensions.Logging;

namespace ChannelServer.Serving;

/// <summary>
/// One refresh: load the config (sources in order), list the releases of each repository, resolve
/// every channel, and swap the new index in. Any failure keeps the index in service. When nothing is
/// served yet and GitHub cannot be reached, the releases come from the state dir, else from the
/// offline snapshot; which one is logged.
/// </summary>
public sealed class IndexRefresher(
    ServerOptions options,
    ConfigSourceLoader configLoader,
    GitHubReleaseClient gitHub,
    LastGoodReleaseStore lastGood,
    ChannelIndexHolder holder,
    ChannelServerMetrics metrics,
    TimeProvider time,
    ILogger<IndexRefresher> logger)
{
    private long _count;

    public async Task<bool> RefreshAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.StartNew();
        try
        {
            var loaded = await configLoader.LoadAsync(options.Urls, ParseAll, cancellationToken).ConfigureAwait(false);
            foreach (var (source, reason) in loaded.SkippedFailures)
            {
                Log.ConfigSourceSkipped(logger, source, reason);
            }

            var repositories = loaded.Value
                .Where(c => c.Config.GitHub is not null && c.Config.Channels.Any(ch => ch.NeedsReleases))
                .Select(c => c.Config.GitHub!)
                .Distinct()
                .ToList();
            var releases = new Dictionary<GitHubRepository, IReadOnlyList<GitHubRelease>>();
            var origins = new List<string>();
            foreach (var repository in repositories)
            {
                var (list, origin) = await ReleasesOfAsync(repository, cancellationToken).ConfigureAwait(false);
                releases[repository] = list;
                origins.Add($"{repository}: {origin}");
            }

            var index = IndexBuilder.Build(loaded.Value, releases, time.GetUtcNow(), loaded.Source, origins,
                (channel, tag) => Log.UnparsableTag(logger, channel, tag));
            holder.Swap(index);
            // Log before recording the outcome: whoever waits on the record then finds the line too.
            Log.RefreshSucceeded(logger, loaded.Source, origins.Count == 0 ? "none needed" : string.Join("; ", origins),
                index.Prefixes.Sum(p => p.Channels.Count), index.Prefixes.Count, started.ElapsedMilliseconds);
            Finish(started, "success", null);
            return true;
        }
        catch (Exception e) when (e is ConfigurationException or ReleaseSourceException or InvalidDataException or IOException or UnauthorizedAccessException
                                  && !cancellationToken.IsCancellationRequested)
        {
            Log.RefreshFailed(logger, holder.Current is null ? "nothing is served yet" : "keeping the index in service", e.Message);
            Finish(started, "failure", e.Message);
            return false;
        }
    }

    private IReadOnlyList<(PrefixBinding Binding, ChannelConfig Config)> ParseAll(string text)
    {
        var document = ChannelConfigParser.ParseDocument(text);
        return options.Prefixes
            .Select(binding => (binding, ChannelConfigParser.Select(document, binding.ConfigKey, options.ChannelServerVersion, options.AppName)))
            .ToList();
    }

    private async Task<(IReadOnlyList<GitHubRelease> Releases, string Origin)> ReleasesOfAsync(GitHubRepository repository, CancellationToken cancellationToken)
    {
        if (options.ReleasesFile is { } file)
        {
            return (await ReleaseSnapshot.ReadAsync(file, cancellationToken).ConfigureAwait(false), $"snapshot file {file}");
        }

        try
        {
            var list = await gitHub.ListAsync(repository, cancellationToken).ConfigureAwait(false);
            await SaveStateAsync(repository, list, cancellationToken).ConfigureAwait(false);
            return (list, "GitHub");
        }
        catch (ReleaseSourceException e) when (holder.Current is null)
        {
            if (await TryLoadStateAsync(repository, cancellationToken).ConfigureAwait(false) is { } saved)
            {
                Log.ReleasesFromFallback(logger, repository.ToString(), $"the last good list {saved.Path}", e.Message);
                return (saved.Releases, $"last good list {saved.Path} (GitHub unreachable)");
            }

            // The bundled snapshot holds K3s releases; it says nothing true about another repository.
            if (options.BundledSnapshotFile is { } snapshot && repository.IsK3s)
            {
                var list = await ReleaseSnapshot.ReadAsync(snapshot, cancellationToken).ConfigureAwait(false);
                Log.ReleasesFromFallback(logger, repository.ToString(), $"the offline snapshot {snapshot}", e.Message);
                return (list, $"offline snapshot {snapshot} (GitHub unreachable)");
            }

            throw;
        }
    }

    // A broken state file (empty after a full disk, truncated, edited by hand) must not stand between
    // the server and its next fallback. It is kept for inspection; the next good refresh overwrites it.
    private async Task<(IReadOnlyList<GitHubRelease> Releases, string Path)?> TryLoadStateAsync(GitHubRepository repository, CancellationToken cancellationToken)
    {
        try
        {
            return await lastGood.TryLoadAsync(repository, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException && !cancellationToken.IsCancellationRequested)
        {
            Log.StateUnusable(logger, repository.ToString(), lastGood.PathFor(repository), e.Message);
            return null;
        }
    }

    private async Task SaveStateAsync(GitHubRepository repository, IReadOnlyList<GitHubRelease> list, CancellationToken cancellationToken)
    {
        if (!lastGood.Enabled)
        {
            return;
        }

        try
        {
            await lastGood.SaveAsync(repository, list, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Not being able to save is worth a warning, not a failed refresh: GitHub did answer.
            Log.StateNotSaved(logger, repository.ToString(), lastGood.PathFor(repository), e.Message);
        }
    }

    private void Finish(Stopwatch started, string outcome, string? error)
    {
        metrics.Refreshes.WithLabels(outcome).Inc();
        metrics.RefreshDuration.Observe(started.Elapsed.TotalSeconds);
        metrics.IndexServed.Set(holder.Current is null ? 0 : 1);
        holder.Record(new RefreshStatus(Interlocked.Increment(ref _count), time.GetUtcNow(), outcome, error));
    }
}
