using System.Diagnostics;
using ChannelServer.Configuration;
using ChannelServer.History;
using ChannelServer.Releases;
using ChannelServer.Resolution;
using Microsoft.Extensions.Logging;

namespace ChannelServer.Serving;

/// <summary>
/// One refresh: load the config (sources in order), renew the release list of each repository, resolve
/// every channel, and swap the new index in. A config that cannot be loaded keeps the whole index in
/// service. A repository whose list cannot be renewed (unreachable, refused by validation) keeps its last
/// good list, and only the prefixes that use it say so; when there is none yet, the state dir, else
/// the bundled snapshot, stands in, and which one is logged.
/// </summary>
public sealed class IndexRefresher(
    ServerOptions options,
    ConfigSourceLoader configLoader,
    GitHubReleaseClient gitHub,
    LastGoodReleaseStore lastGood,
    ChannelIndexHolder holder,
    ChannelHistoryStore history,
    ChannelServerMetrics metrics,
    TimeProvider time,
    ILogger<IndexRefresher> logger)
{
    // Touched by the refresh loop only: refreshes never overlap.
    private readonly Dictionary<GitHubRepository, ReleaseData> _data = [];
    private long _count;

    public async Task<bool> RefreshAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.StartNew();
        LoadedConfig<IReadOnlyList<(PrefixBinding Binding, ChannelConfig Config)>> loaded;
        try
        {
            loaded = await configLoader.LoadAsync(options.Urls, ParseAll, cancellationToken).ConfigureAwait(false);
        }
        catch (ConfigurationException e) when (!cancellationToken.IsCancellationRequested)
        {
            Log.RefreshFailed(logger, holder.Current is null ? "nothing is served yet" : "keeping the index in service", e.Message);
            WarnAboutBundledSnapshots();
            Finish(started, "failure", e.Message);
            return false;
        }

        foreach (var (source, reason) in loaded.SkippedFailures)
        {
            Log.ConfigSourceSkipped(logger, source, reason);
        }

        var repositories = loaded.Value
            .Where(c => c.Config.GitHub is not null && c.Config.Channels.Any(ch => ch.NeedsReleases))
            .Select(c => c.Config.GitHub!)
            .Distinct()
            .ToList();
        var errors = new Dictionary<GitHubRepository, string>();
        foreach (var repository in repositories)
        {
            if (await RenewAsync(repository, cancellationToken).ConfigureAwait(false) is { } error)
            {
                errors[repository] = error;
            }
        }

        if (history.LoadOnce() is { } historyProblem)
        {
            Log.HistoryProblem(logger, historyProblem);
        }

        // What each channel served before: the index in service, or after a restart its last recorded move.
        var previous = holder.Current;
        ChannelMemory? Remembered(string prefix, string channel) =>
            ChannelMemory.Of(previous?.ByPrefix.GetValueOrDefault(prefix)?.Channel(channel))
            ?? (history.Last(prefix, channel) is { } last ? new ChannelMemory(last.To, last.Rule, [], []) : null);
        var index = IndexBuilder.Build(loaded.Value, _data, errors, time.GetUtcNow(), loaded.Source,
            (channel, tag) => Log.UnparsableTag(logger, channel, tag), Remembered);
        holder.Swap(index);
        RecordMoves(index, previous, Remembered);
        var origins = index.ReleaseOrigins;
        if (errors.Count == 0)
        {
            // Log before recording the outcome: whoever waits on the record then finds the line too.
            Log.RefreshSucceeded(logger, loaded.Source, origins.Count == 0 ? "none needed" : string.Join("; ", origins),
                index.Prefixes.Sum(p => p.Channels.Count), index.Prefixes.Count, started.ElapsedMilliseconds);
            Finish(started, "success", null);
            return true;
        }

        var message = string.Join("; ", errors.Values);
        foreach (var prefix in index.Prefixes.Where(p => p.ReleaseStatus.Error is not null))
        {
            Log.PrefixReleasesNotRenewed(logger, prefix.Binding.PathPrefix,
                prefix.ReleaseStatus.Data is { } data
                    ? $"keeping the index in service with the last good releases ({data.Kind.WireName()} {data.Location}, as of {data.AsOf:u})"
                    : "its regexp channels answer 503 until release data is obtained",
                prefix.ReleaseStatus.Error!);
        }

        WarnAboutBundledSnapshots();
        Finish(started, "failure", message);
        return false;
    }

    private void RecordMoves(ChannelIndex index, ChannelIndex? previous, Func<string, string, ChannelMemory?> remembered)
    {
        var moves = new List<(string Prefix, string Channel, ChannelHistoryEntry Entry)>();
        foreach (var prefix in index.Prefixes)
        {
            foreach (var channel in prefix.Channels)
            {
                var before = remembered(prefix.Binding.PathPrefix, channel.Name);
                if (ChannelMoveRule.Detect(before, channel, index.BuiltAt) is { } move)
                {
                    moves.Add((prefix.Binding.PathPrefix, channel.Name, move));
                    Log.ChannelMoved(logger, prefix.Binding.PathPrefix, channel.Name, move.From ?? "none", move.To ?? "none", move.Reason);
                }

                // Said once, when the hold begins (or the reason changes), not on every refresh.
                if (channel.Resolution?.Held is { } held
                    && previous?.ByPrefix.GetValueOrDefault(prefix.Binding.PathPrefix)?.Channel(channel.Name)?.Resolution?.Held != held)
                {
                    Log.ChannelHeld(logger, prefix.Binding.PathPrefix, channel.Name, held);
                }
            }
        }

        if (history.Record(moves) is { } problem)
        {
            Log.HistoryProblem(logger, problem);
        }
    }

    private IReadOnlyList<(PrefixBinding Binding, ChannelConfig Config)> ParseAll(string text)
    {
        var document = ChannelConfigParser.ParseDocument(text);
        return options.Prefixes
            .Select(binding => (binding, WithFlags(ChannelConfigParser.Select(document, binding.ConfigKey, options.ChannelServerVersion, options.AppName))))
            .ToList();
    }

    private ChannelConfig WithFlags(ChannelConfig config) =>
        options.AllowDowngrade ? config with { Channels = config.Channels.Select(c => c with { AllowDowngrade = true }).ToList() } : config;

    /// <returns>null when the repository's list was renewed, else why not (its last good list stays)</returns>
    private async Task<string?> RenewAsync(GitHubRepository repository, CancellationToken cancellationToken)
    {
        try
        {
            var fresh = await ReadAsync(repository, cancellationToken).ConfigureAwait(false);
            // Measured against what this upstream gave before (in memory or in the state dir), never against
            // the bundled snapshot: that is another list altogether.
            var lastGoodCount = _data.TryGetValue(repository, out var current) && current.Kind != ReleaseSourceKind.BundledSnapshot
                ? current.Releases.Count
                : (await TryLoadStateAsync(repository, quiet: true, cancellationToken).ConfigureAwait(false))?.Releases.Count;
            if (ReleaseListShrinkRule.Refusal(lastGoodCount, fresh.Releases.Count, options.AcceptReleaseShrink) is { } refusal)
            {
                metrics.ReleaseListsRefused.WithLabels(repository.ToString(), refusal.Code).Inc();
                throw new ReleaseSourceException($"{fresh.Location}: {refusal.Message}");
            }

            _data[repository] = fresh;
            if (fresh.Kind.IsLive())
            {
                await SaveStateAsync(repository, fresh.Releases, cancellationToken).ConfigureAwait(false);
            }

            return null;
        }
        catch (Exception e) when (e is ReleaseSourceException or InvalidDataException or IOException or UnauthorizedAccessException
                                  && !cancellationToken.IsCancellationRequested)
        {
            if (!_data.ContainsKey(repository) && options.ReleasesFile is null)
            {
                await FallBackAsync(repository, e.Message, cancellationToken).ConfigureAwait(false);
            }

            return $"{repository}: {e.Message}";
        }
    }

    private async Task<ReleaseData> ReadAsync(GitHubRepository repository, CancellationToken cancellationToken)
    {
        if (options.ReleasesFile is { } file)
        {
            var fromFile = await ReleaseSnapshot.ReadAsync(file, cancellationToken).ConfigureAwait(false);
            return new ReleaseData(fromFile, ReleaseSourceKind.ReleasesFile, file, File.GetLastWriteTimeUtc(file));
        }

        var apiBase = GitHubReleaseClient.ApiBase(repository.Api);
        var list = await gitHub.ListAsync(repository, cancellationToken).ConfigureAwait(false);
        var kind = apiBase == Octokit.GitHubClient.GitHubApiUrl ? ReleaseSourceKind.GitHub : ReleaseSourceKind.Mirror;
        return new ReleaseData(list, kind, $"{apiBase}repos/{repository.Owner}/{repository.Repo}/releases", time.GetUtcNow());
    }

    private async Task FallBackAsync(GitHubRepository repository, string reason, CancellationToken cancellationToken)
    {
        if (await TryLoadStateAsync(repository, quiet: false, cancellationToken).ConfigureAwait(false) is { } saved)
        {
            _data[repository] = new ReleaseData(saved.Releases, ReleaseSourceKind.StateDir, saved.Path, File.GetLastWriteTimeUtc(saved.Path));
            Log.ReleasesFromFallback(logger, repository.ToString(), $"the last good list {saved.Path}", reason);
            return;
        }

        // The bundled snapshot holds K3s releases; it says nothing true about another repository.
        if (options.BundledSnapshotFile is { } snapshot && repository.IsK3s)
        {
            try
            {
                var list = await ReleaseSnapshot.ReadAsync(snapshot, cancellationToken).ConfigureAwait(false);
                var asOf = list.Max(r => r.PublishedAt ?? r.CreatedAt) ?? File.GetLastWriteTimeUtc(snapshot);
                _data[repository] = new ReleaseData(list, ReleaseSourceKind.BundledSnapshot, snapshot, asOf);
                Log.ReleasesFromFallback(logger, repository.ToString(), $"the offline snapshot {snapshot}", reason);
            }
            catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException && !cancellationToken.IsCancellationRequested)
            {
                Log.StateUnusable(logger, repository.ToString(), snapshot, e.Message);
            }
        }
    }

    // Serving the bundled snapshot while GitHub is configured is never silent: it is months old.
    private void WarnAboutBundledSnapshots()
    {
        foreach (var (repository, data) in _data.Where(d => d.Value.Kind == ReleaseSourceKind.BundledSnapshot))
        {
            Log.ServingBundledSnapshot(logger, repository.ToString(), data.Location, data.AsOf.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    // A broken state file (empty after a full disk, truncated, edited by hand) must not stand between
    // the server and its next fallback. It is kept for inspection; the next good refresh overwrites it.
    private async Task<(IReadOnlyList<GitHubRelease> Releases, string Path)?> TryLoadStateAsync(GitHubRepository repository, bool quiet, CancellationToken cancellationToken)
    {
        try
        {
            return await lastGood.TryLoadAsync(repository, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException && !cancellationToken.IsCancellationRequested)
        {
            if (!quiet)
            {
                Log.StateUnusable(logger, repository.ToString(), lastGood.PathFor(repository), e.Message);
            }

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
