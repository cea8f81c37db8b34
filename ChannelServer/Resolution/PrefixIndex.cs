using System.Collections.Concurrent;
using ChannelServer.Configuration;
using Contracts.Channels;

namespace ChannelServer.Resolution;

/// <summary>What one path prefix serves: its resolved channels, releases and app defaults. Immutable.</summary>
public sealed class PrefixIndex
{
    private const int MaxCachedBodies = 64;
    private readonly Dictionary<string, ResolvedChannel> _byName;
    private readonly ConcurrentDictionary<(string Type, string BaseUrl), byte[]> _bodies = new();

    public PrefixIndex(PrefixBinding binding, IReadOnlyList<ResolvedChannel> channels, IReadOnlyList<ReleaseInfo> releases, IReadOnlyList<AppDefaultInfo> appDefaults,
        PrefixReleaseStatus? releaseStatus = null)
    {
        ReleaseStatus = releaseStatus ?? PrefixReleaseStatus.NotNeeded;
        Binding = binding;
        Channels = channels;
        Releases = releases;
        AppDefaults = appDefaults;
        _byName = new Dictionary<string, ResolvedChannel>(StringComparer.Ordinal);
        foreach (var channel in channels)
        {
            _byName.TryAdd(channel.Name, channel);
        }
    }

    public PrefixBinding Binding { get; }
    public IReadOnlyList<ResolvedChannel> Channels { get; }
    public IReadOnlyList<ReleaseInfo> Releases { get; }
    public IReadOnlyList<AppDefaultInfo> AppDefaults { get; }
    public PrefixReleaseStatus ReleaseStatus { get; }

    /// <summary>Channel names are case-sensitive.</summary>
    public ResolvedChannel? Channel(string name) => _byName.GetValueOrDefault(name);

    /// <summary>The collection JSON of <paramref name="type"/> with links under <paramref name="baseUrl"/>, built once per base URL.</summary>
    public byte[] CollectionJson(string type, string baseUrl)
    {
        if (_bodies.TryGetValue((type, baseUrl), out var cached))
        {
            return cached;
        }

        var body = BuildCollection(type, baseUrl);
        // Self links come from request headers; cap the cache so odd Host headers cannot grow it.
        if (_bodies.Count < MaxCachedBodies)
        {
            _bodies.TryAdd((type, baseUrl), body);
        }

        return body;
    }

    private byte[] BuildCollection(string type, string baseUrl)
    {
        var root = $"{baseUrl}/{Binding.PathPrefix}/{type}";
        return type switch
        {
            ResourceTypes.Channels => ChannelApiJson.Serialize(new ApiCollection<ChannelResource>(root, type,
                Channels.Select(c => ChannelResources.Of(c, $"{root}/{c.Name}")).ToList())),
            ResourceTypes.Releases => ChannelApiJson.Serialize(new ApiCollection<ReleaseResource>(root, type,
                Releases.Select(r => new ReleaseResource($"{root}/{r.Version}", r)).ToList())),
            ResourceTypes.AppDefaults => ChannelApiJson.Serialize(new ApiCollection<AppDefaultResource>(root, type,
                AppDefaults.Select(a => new AppDefaultResource($"{root}/{a.AppName}", a.AppName, a.Defaults)).ToList())),
            _ => throw new ArgumentOutOfRangeException(nameof(type), type, "unknown resource type"),
        };
    }
}
