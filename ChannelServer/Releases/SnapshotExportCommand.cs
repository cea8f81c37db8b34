using ChannelServer.Configuration;

namespace ChannelServer.Releases;

/// <summary>
/// <c>export --owner O --repo R [--api URL] [--github-token T] --out FILE</c>: lists every release of a
/// repository (GitHub, GitHub Enterprise or a mirror) and writes a snapshot to carry into an
/// air-gapped site, where the server reads it with <c>--releases-file</c>.
/// </summary>
public static class SnapshotExportCommand
{
    public const string Usage = "usage: ChannelServer export --owner OWNER --repo REPO [--api URL] [--github-token TOKEN] --out FILE";

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i].TrimStart('-');
            if (name is "help" or "h")
            {
                await output.WriteLineAsync(Usage).ConfigureAwait(false);
                return 0;
            }

            if (name is not ("owner" or "repo" or "api" or "github-token" or "out") || !args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Count)
            {
                await error.WriteLineAsync($"export: unexpected argument '{args[i]}'\n{Usage}").ConfigureAwait(false);
                return 2;
            }

            values[name] = args[++i];
        }

        if (!values.TryGetValue("owner", out var owner) || !values.TryGetValue("repo", out var repo) || !values.TryGetValue("out", out var file))
        {
            await error.WriteLineAsync($"export: --owner, --repo and --out are required\n{Usage}").ConfigureAwait(false);
            return 2;
        }

        var token = values.GetValueOrDefault("github-token") ?? Environment.GetEnvironmentVariable("GITHUB_TOKEN");
        var repository = new GitHubRepository(owner, repo, values.GetValueOrDefault("api"));
        using var client = new GitHubReleaseClient(string.IsNullOrEmpty(token) ? null : token, TimeSpan.FromSeconds(60));
        try
        {
            var releases = await client.ListAsync(repository, cancellationToken).ConfigureAwait(false);
            await ReleaseSnapshot.WriteAsync(file, releases, cancellationToken).ConfigureAwait(false);
            await output.WriteLineAsync($"wrote {releases.Count} releases of {repository} to {file}").ConfigureAwait(false);
            return 0;
        }
        catch (Exception e) when (e is ReleaseSourceException or IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"export: {e.Message}").ConfigureAwait(false);
            return 1;
        }
    }
}
