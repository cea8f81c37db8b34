using TestSupport;

namespace ChannelServer.Tests.Infrastructure;

/// <summary>The repository's own data files (config/), found from the test's working directory.</summary>
public static class RepoFiles
{
    public static string Root => RepoPaths.Root;

    public static string K3sChannels => Path.Combine(Root, "config", "channels.yaml");
    public static string Rke2Channels => Path.Combine(Root, "config", "channels.rke2.yaml");
    public static string K3sReleases => Path.Combine(Root, "config", "k3s-releases.json");

    /// <summary>The repo's K3s channel config, pointed at a fake GitHub (and optionally another redirect base).</summary>
    public static string K3sConfigFor(Uri gitHub, string? redirectBase = null)
    {
        var text = File.ReadAllText(K3sChannels);
        const string repoLine = "  repo: k3s\n";
        Assert.Contains(repoLine, text);
        text = text.Replace(repoLine, $"{repoLine}  api: {gitHub.ToString().TrimEnd('/')}\n", StringComparison.Ordinal);
        if (redirectBase is not null)
        {
            const string original = "redirectBase: https://github.com/k3s-io/k3s/releases/tag/";
            Assert.Contains(original, text);
            text = text.Replace(original, $"redirectBase: {redirectBase}", StringComparison.Ordinal);
        }

        return text;
    }
}
