using System.Text.Json.Serialization;

namespace ChannelServer.Releases;

/// <summary>GitHub's answer to a GitHub App's installation-token request, the two fields the server uses.</summary>
internal sealed record InstallationTokenJson
{
    [JsonPropertyName("token")]
    public string? Token { get; init; }

    [JsonPropertyName("expires_at")]
    public DateTimeOffset ExpiresAt { get; init; }
}
