using ChannelServer.Resolution;
using Contracts.Versions;
using Microsoft.Extensions.Caching.Memory;

namespace ChannelServer.Fleet;

/// <summary>
/// The clusters that poll each channel, in memory only (nothing is sent anywhere, nothing is written):
/// at most <see cref="MaxClusters"/> entries (cluster and channel); when full, MemoryCache compacts away
/// the least recently seen; an entry not seen for <see cref="Ttl"/> is dropped, and is not shown once older.
/// </summary>
public sealed class FleetTracker : IDisposable
{
    public const int DefaultMaxClusters = 10_000;
    public static readonly TimeSpan DefaultTtl = TimeSpan.FromHours(24);
    private const int MaxMembersShown = 500;
    private readonly MemoryCache _cache;
    private readonly MemoryCacheEntryOptions _entryOptions;
    private readonly TimeProvider _time;

    public FleetTracker(TimeProvider time, bool enabled = true, int maxClusters = DefaultMaxClusters, TimeSpan? ttl = null)
    {
        _time = time;
        Enabled = enabled;
        MaxClusters = maxClusters;
        Ttl = ttl ?? DefaultTtl;
        _cache = new MemoryCache(new MemoryCacheOptions { SizeLimit = maxClusters, CompactionPercentage = 0.1 });
        _entryOptions = new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = Ttl };
    }

    /// <summary>False with --fleet-view=false: nothing is recorded and the view is not served.</summary>
    public bool Enabled { get; }

    public int MaxClusters { get; }
    public TimeSpan Ttl { get; }

    /// <summary>Called on the redirect path: a known cluster updates its entry in place.</summary>
    public void Record(string prefix, string channel, string? clusterHeader, string? versionHeader)
    {
        if (!Enabled || !FleetHeaders.TryClusterId(clusterHeader, out var id))
        {
            return;
        }

        var key = new FleetKey(prefix, channel, id);
        var now = _time.GetUtcNow();
        if (_cache.TryGetValue(key, out FleetEntry? entry) && entry is not null)
        {
            entry.Seen(versionHeader, now);
            return;
        }

        _cache.Set(key, new FleetEntry(versionHeader, FleetHeaders.Version(versionHeader), now), _entryOptions);
    }

    /// <summary>Per channel of the index (every channel, followed or not), for the page, the JSON and the gauges.</summary>
    public IReadOnlyList<FleetChannel> View(ChannelIndex? index)
    {
        var now = _time.GetUtcNow();
        var members = new Dictionary<(string Prefix, string Channel), List<(Guid, string?, DateTimeOffset)>>();
        foreach (var key in _cache.Keys.OfType<FleetKey>())
        {
            if (_cache.Get(key) is FleetEntry entry && now - entry.LastSeen <= Ttl)
            {
                if (!members.TryGetValue((key.Prefix, key.Channel), out var list))
                {
                    members[(key.Prefix, key.Channel)] = list = [];
                }

                list.Add((key.Cluster, entry.Version, entry.LastSeen));
            }
        }

        var result = new List<FleetChannel>();
        foreach (var prefix in index?.Prefixes ?? [])
        {
            foreach (var channel in prefix.Channels)
            {
                var list = members.GetValueOrDefault((prefix.Binding.PathPrefix, channel.Name)) ?? [];
                ReleaseVersion.TryParse(channel.Latest, out var target);
                var behind = list.Count(m => target is not null && (!ReleaseVersion.TryParse(m.Item2, out var v) || v.CompareTo(target) < 0));
                var versions = list.GroupBy(m => m.Item2 ?? "unknown", StringComparer.Ordinal)
                    .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
                    .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
                result.Add(new FleetChannel(prefix.Binding.PathPrefix, channel.Name, channel.Latest, list.Count, behind,
                    list.Count == 0 ? null : list.Min(m => m.Item3), versions,
                    list.OrderByDescending(m => m.Item3).Take(MaxMembersShown).ToList()));
            }
        }

        return result;
    }

    public void Dispose() => _cache.Dispose();
}
