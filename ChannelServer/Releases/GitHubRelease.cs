using System.Text.Json.Serialization;

namespace ChannelServer.Releases;

/// <summary>
/// A release as GitHub's REST API lists it, reduced to what the channel server reads plus the fields a
/// snapshot keeps for people reading it. The JSON names are GitHub's, so a snapshot is a saved answer.
/// </summary>
public sealed record GitHubRelease
{
    [JsonPropertyName("id")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public long Id { get; init; }

    [JsonPropertyName("tag_name")]
    public string TagName { get; init; } = string.Empty;

    [JsonPropertyName("name")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Name { get; init; }

    [JsonPropertyName("draft")]
    public bool Draft { get; init; }

    [JsonPropertyName("prerelease")]
    public bool Prerelease { get; init; }

    [JsonPropertyName("created_at")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateTimeOffset? CreatedAt { get; init; }

    [JsonPropertyName("published_at")]
    public DateTimeOffset? PublishedAt { get; init; }

    [JsonPropertyName("html_url")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? HtmlUrl { get; init; }

    /// <summary>Null when the list came from a snapshot written before assets were kept: then nothing is known about them.</summary>
    [JsonPropertyName("assets")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<GitHubReleaseAsset>? Assets { get; init; }

    // Value equality over the asset names too (a list compares by reference): an unchanged first page is
    // recognised by comparing releases, and a newly uploaded asset is a change.
    public bool Equals(GitHubRelease? other) =>
        other is not null
        && Id == other.Id && TagName == other.TagName && Name == other.Name && Draft == other.Draft && Prerelease == other.Prerelease
        && CreatedAt == other.CreatedAt && PublishedAt == other.PublishedAt && HtmlUrl == other.HtmlUrl
        && (Assets is null ? other.Assets is null : other.Assets is not null && Assets.SequenceEqual(other.Assets));

    public override int GetHashCode() => HashCode.Combine(Id, TagName, PublishedAt, Assets?.Count);
}
