using System.Text;
using ChannelServer.Configuration;

namespace ChannelServer.Releases;

/// <summary>
/// Keeps the last release list GitHub gave for each repository under <c>--state-dir</c>, so a restart
/// while GitHub is unreachable serves what was true before rather than nothing.
/// </summary>
public sealed class LastGoodReleaseStore(string? stateDir)
{
    public bool Enabled => stateDir is not null;

    public string? PathFor(GitHubRepository repository)
    {
        if (stateDir is null)
        {
            return null;
        }

        var name = new StringBuilder("releases-");
        foreach (var c in $"{repository.Api ?? "github.com"}-{repository.Owner}-{repository.Repo}")
        {
            name.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_');
        }

        return Path.Combine(stateDir, name.Append(".json").ToString());
    }

    public async Task SaveAsync(GitHubRepository repository, IReadOnlyList<GitHubRelease> releases, CancellationToken cancellationToken)
    {
        if (PathFor(repository) is { } path)
        {
            await ReleaseSnapshot.WriteAsync(path, releases, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <returns>the saved list and its file, or null when nothing usable is saved</returns>
    public async Task<(IReadOnlyList<GitHubRelease> Releases, string Path)?> TryLoadAsync(GitHubRepository repository, CancellationToken cancellationToken)
    {
        if (PathFor(repository) is not { } path || !File.Exists(path))
        {
            return null;
        }

        return (await ReleaseSnapshot.ReadAsync(path, cancellationToken).ConfigureAwait(false), path);
    }
}
