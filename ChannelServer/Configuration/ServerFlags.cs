using Contracts.CommandLine;

namespace ChannelServer.Configuration;

/// <summary>
/// What <see cref="ChannelServerOptionTable"/> fills: the <see cref="ServerOptions"/> a row sets on its own, and the
/// values that only mean something together (config keys with path prefixes, the three GitHub App flags).
/// </summary>
public sealed record ServerFlags
{
    /// <summary>The list-valued options start empty: their defaults depend on where the server runs.</summary>
    public ServerOptions Options { get; init; } = new() { Urls = [], Prefixes = [] };

    public IReadOnlyList<string> ConfigKeys { get; init; } = [""];
    public IReadOnlyList<string> PathPrefixes { get; init; } = [CommandLine.DefaultPathPrefix];
    public string? GitHubAppId { get; init; }
    public SecretText? GitHubAppPrivateKey { get; init; }
    public string? GitHubAppInstallationId { get; init; }
}
