namespace Contracts.Channels;

/// <summary>
/// One channel as listed by <c>GET /&lt;prefix&gt;/channels</c>; <see cref="Latest"/> is the resolved version.
/// The fields after <see cref="ExcludeRegexp"/> are ours (the reference has none of them) and are written
/// only when set, so a channel without soak, asset or downgrade rules reads byte for byte as the reference's.
/// </summary>
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

    /// <summary>Newer releases still soaking, in the order they become eligible.</summary>
    public IReadOnlyList<ChannelSoakingRelease>? Soaking { get; init; }

    /// <summary>When the channel moves to the first soaking release (RFC 3339, UTC).</summary>
    public string? MovesAt { get; init; }

    /// <summary>Newer releases left out for missing required assets.</summary>
    public IReadOnlyList<ChannelIncompleteRelease>? MissingAssets { get; init; }

    /// <summary>Why the channel stayed at its version instead of moving backwards.</summary>
    public string? Held { get; init; }

    internal static string? EmptyAsNull(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
