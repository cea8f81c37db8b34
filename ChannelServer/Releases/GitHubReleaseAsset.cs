using System.Text.Json.Serialization;

namespace ChannelServer.Releases;

/// <summary>An asset of a release, by the name GitHub lists it under; the rest of GitHub's asset object is not kept.</summary>
public sealed record GitHubReleaseAsset
{
    [JsonPropertyName("name")]
    public string Name { get; init; } = string.Empty;
}
