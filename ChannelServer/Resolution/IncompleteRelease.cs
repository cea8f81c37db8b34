namespace ChannelServer.Resolution;

/// <summary>A release newer than what its channel serves that lacks assets the channel requires (null: its assets are unknown).</summary>
public sealed record IncompleteRelease(string Tag, IReadOnlyList<string>? Missing);
