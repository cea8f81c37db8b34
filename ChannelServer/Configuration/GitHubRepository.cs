namespace ChannelServer.Configuration;

/// <summary>The repository whose releases feed the regexp channels; <see cref="Api"/> null means github.com.</summary>
public sealed record GitHubRepository(string Owner, string Repo, string? Api)
{
    public bool IsK3s => string.Equals(Owner, "k3s-io", StringComparison.OrdinalIgnoreCase)
        && string.Equals(Repo, "k3s", StringComparison.OrdinalIgnoreCase);

    public override string ToString() => Api is null ? $"{Owner}/{Repo}" : $"{Owner}/{Repo} at {Api}";
}
