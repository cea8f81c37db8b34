namespace Contracts.Channels;

/// <summary>A newer release a channel waits for while it soaks (its rule's <c>minAge</c>); times in RFC 3339, UTC.</summary>
public sealed class ChannelSoakingRelease
{
    public string? Version { get; init; }
    public string? PublishedAt { get; init; }
    public string? EligibleAt { get; init; }
}
