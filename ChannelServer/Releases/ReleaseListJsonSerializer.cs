using System.Text.Json;
using Octokit;
using Octokit.Internal;

namespace ChannelServer.Releases;

/// <summary>
/// Octokit's JSON seam: a page of releases is read straight into <see cref="GitHubRelease"/> by the
/// source-generated reader that also reads snapshots, with no reflection, so the native build reads
/// GitHub exactly as the JIT build does. A GitHub App's installation token is read the same way; what
/// else Octokit reads or writes keeps its own serializer (its error bodies, kept for it in
/// OctokitReflection.xml).
/// </summary>
internal sealed class ReleaseListJsonSerializer : IJsonSerializer
{
    private readonly SimpleJsonSerializer _octokit = new();

    public string Serialize(object item) => _octokit.Serialize(item);

    public T Deserialize<T>(string json)
    {
        if (typeof(T) == typeof(List<GitHubRelease>))
        {
            var releases = JsonSerializer.Deserialize(json, ReleaseSnapshotJsonContext.Default.ListGitHubRelease) ?? [];
            return (T)(object)releases;
        }

        if (typeof(T) == typeof(AccessToken))
        {
            var token = JsonSerializer.Deserialize(json, GitHubJsonContext.Default.InstallationTokenJson);
            return (T)(object)new AccessToken(token?.Token, token?.ExpiresAt ?? default);
        }

        return _octokit.Deserialize<T>(json);
    }
}
