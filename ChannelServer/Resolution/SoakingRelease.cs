namespace ChannelServer.Resolution;

/// <summary>A release newer than what its channel serves that is not yet old enough for the channel's <c>minAge</c>.</summary>
public sealed record SoakingRelease(string Tag, DateTimeOffset PublishedAt, DateTimeOffset EligibleAt);
