namespace Contracts.Channels;

/// <summary>A release entry of the channel configuration (the data behind a <see cref="ReleaseResource"/>).</summary>
public sealed record ReleaseInfo
{
    public string? Version { get; init; }
    public string? MinChannelServerVersion { get; init; }
    public string? MaxChannelServerVersion { get; init; }
    public IReadOnlyDictionary<string, ReleaseArgument>? ServerArgs { get; init; }
    public IReadOnlyDictionary<string, ReleaseArgument>? AgentArgs { get; init; }
    public IReadOnlyDictionary<string, string>? FeatureVersions { get; init; }
    public IReadOnlyDictionary<string, ReleaseChart>? Charts { get; init; }
}
