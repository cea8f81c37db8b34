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
        var parsed = SnapshotExportOptionTable.Parse(args, Environment.GetEnvironmentVariable);
        if (parsed.Help)
        {
            await output.WriteLineAsync(Usage + "\n\n" + SnapshotExportOptionTable.Help()).ConfigureAwait(false);
            return 0;
        }

        if (parsed.Options is not { Owner: { } owner, Repo: { } repo, Out: { } file } options)
        {
            foreach (var problem in parsed.Errors)
            {
                await error.WriteLineAsync($"export: {problem}").ConfigureAwait(false);
            }

            await error.WriteLineAsync(Usage).ConfigureAwait(false);
            return 2;
        }

        var repository = new GitHubRepository(owner, repo, options.Api);
        var token = options.GitHubToken?.Reveal();
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
