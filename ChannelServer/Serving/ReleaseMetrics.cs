using ChannelServer.Api;
using ChannelServer.Releases;
using ChannelServer.Resolution;

namespace ChannelServer.Serving;

/// <summary>The gauges read at scrape time: whether an index is served, its age, and each prefix's release data.</summary>
public static class ReleaseMetrics
{
    public static void Update(ChannelServerMetrics metrics, ChannelIndex? index, DateTimeOffset now)
    {
        metrics.IndexServed.Set(index is null ? 0 : 1);
        metrics.IndexAge.Set(index is null ? 0 : (now - index.BuiltAt).TotalSeconds);
        var current = new HashSet<(string Prefix, string Source)>();
        foreach (var prefix in index?.Prefixes ?? [])
        {
            var name = prefix.Binding.PathPrefix;
            metrics.ReleaseDataAvailable.WithLabels(name).Set(prefix.ReleaseStatus.Complete ? 1 : 0);
            if (prefix.ReleaseStatus.Data is { } data)
            {
                var source = data.Kind.WireName();
                current.Add((name, source));
                metrics.ReleaseDataAge.WithLabels(name, source).Set(HealthEndpoints.AgeSeconds(data, now));
            }
        }

        // A prefix whose source changed (state dir, then GitHub) keeps one series, not a stale one beside it.
        foreach (var labels in metrics.ReleaseDataAge.GetAllLabelValues().ToList())
        {
            if (!current.Contains((labels[0], labels[1])))
            {
                metrics.ReleaseDataAge.RemoveLabelled(labels);
            }
        }
    }
}
