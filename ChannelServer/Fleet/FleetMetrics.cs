using ChannelServer.Serving;

namespace ChannelServer.Fleet;

/// <summary>
/// The fleet gauges, set at scrape time: counts per channel and reported version, never per cluster.
/// Each channel keeps at most <see cref="MaxVersions"/> version series (the most reported; the rest add
/// up under "other"), so a fleet of any size yields a bounded number of series.
/// </summary>
public static class FleetMetrics
{
    public const int MaxVersions = 10;

    public static void Update(ChannelServerMetrics metrics, IReadOnlyList<FleetChannel> view)
    {
        var current = new HashSet<(string, string, string)>();
        foreach (var channel in view)
        {
            metrics.FleetBehind.WithLabels(channel.Prefix, channel.Channel).Set(channel.Behind);
            var top = channel.Versions.Take(MaxVersions).ToList();
            var other = channel.Versions.Skip(MaxVersions).Sum(v => v.Value);
            foreach (var (version, count) in other > 0 ? [.. top, new("other", other)] : top)
            {
                current.Add((channel.Prefix, channel.Channel, version));
                metrics.FleetClusters.WithLabels(channel.Prefix, channel.Channel, version).Set(count);
            }
        }

        foreach (var labels in metrics.FleetClusters.GetAllLabelValues().ToList())
        {
            if (!current.Contains((labels[0], labels[1], labels[2])))
            {
                metrics.FleetClusters.RemoveLabelled(labels);
            }
        }

        var channels = view.Select(c => (c.Prefix, c.Channel)).ToHashSet();
        foreach (var labels in metrics.FleetBehind.GetAllLabelValues().ToList())
        {
            if (!channels.Contains((labels[0], labels[1])))
            {
                metrics.FleetBehind.RemoveLabelled(labels);
            }
        }
    }
}
