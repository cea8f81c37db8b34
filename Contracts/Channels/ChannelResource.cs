namespace Contracts.Channels;

/// <summary>One channel as listed by <c>GET /&lt;prefix&gt;/channels</c>; <see cref="Latest"/> is the resolved version.</summary>
public sealed class ChannelResource
{
    public ChannelResource(string selfUrl, string name, string? latest, string? latestRegexp, string? excludeRegexp)
    {
        Id = name;
        Links = new ApiLinks { ["self"] = selfUrl };
        Name = EmptyAsNull(name);
        Latest = EmptyAsNull(latest);
        LatestRegexp = EmptyAsNull(latestRegexp);
        ExcludeRegexp = EmptyAsNull(excludeRegexp);
    }

    public string Id { get; }
    public string Type => ResourceTypes.Channel;
    public ApiLinks Links { get; }
    public string? Name { get; }
    public string? Latest { get; }
    public string? LatestRegexp { get; }
    public string? ExcludeRegexp { get; }

    internal static string? EmptyAsNull(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
