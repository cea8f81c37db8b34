namespace Contracts.Channels;

/// <summary>
/// One entry of <c>GET /&lt;prefix&gt;/releases</c>, served verbatim from the configuration. Maps are
/// Go maps in the reference, so their keys are kept sorted ordinally; empty maps are omitted.
/// </summary>
public sealed class ReleaseResource
{
    public ReleaseResource(string selfUrl, ReleaseInfo release)
    {
        Id = release.Version ?? string.Empty;
        Links = new ApiLinks { ["self"] = selfUrl };
        Version = ChannelResource.EmptyAsNull(release.Version);
        MinChannelServerVersion = ChannelResource.EmptyAsNull(release.MinChannelServerVersion);
        MaxChannelServerVersion = ChannelResource.EmptyAsNull(release.MaxChannelServerVersion);
        ServerArgs = EmptyAsNull(release.ServerArgs);
        AgentArgs = EmptyAsNull(release.AgentArgs);
        FeatureVersions = EmptyAsNull(release.FeatureVersions);
        Charts = EmptyAsNull(release.Charts);
    }

    public string Id { get; }
    public string Type => ResourceTypes.Release;
    public ApiLinks Links { get; }
    public string? Version { get; }
    public string? MinChannelServerVersion { get; }
    public string? MaxChannelServerVersion { get; }
    public SortedDictionary<string, ReleaseArgument>? ServerArgs { get; }
    public SortedDictionary<string, ReleaseArgument>? AgentArgs { get; }
    public SortedDictionary<string, string>? FeatureVersions { get; }
    public SortedDictionary<string, ReleaseChart>? Charts { get; }

    private static SortedDictionary<string, TValue>? EmptyAsNull<TValue>(IReadOnlyDictionary<string, TValue>? map)
    {
        if (map is null || map.Count == 0)
        {
            return null;
        }

        var sorted = new SortedDictionary<string, TValue>(StringComparer.Ordinal);
        foreach (var (key, value) in map)
        {
            sorted[key] = value;
        }

        return sorted;
    }
}
