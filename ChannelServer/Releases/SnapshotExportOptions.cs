using Contracts.CommandLine;

namespace ChannelServer.Releases;

/// <summary>What the <c>export</c> command is told: the repository to list and where its snapshot goes.</summary>
public sealed record SnapshotExportOptions
{
    public string? Owner { get; init; }
    public string? Repo { get; init; }

    /// <summary>GitHub Enterprise or a mirror; null: api.github.com.</summary>
    public string? Api { get; init; }

    public SecretText? GitHubToken { get; init; }
    public string? Out { get; init; }
}
