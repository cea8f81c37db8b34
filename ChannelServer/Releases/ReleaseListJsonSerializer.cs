using System.Text.Json;
using Octokit.Internal;

namespace ChannelServer.Releases;

/// <summary>
/// Octokit's JSON seam: a page of releases is read straight into <see cref="GitHubRelease"/> by the
/// source-generated reader that also reads snapshots, with no reflection, so the native build reads
/// GitHub exactly as the JIT build does. Everything else Octokit reads or writes (a GitHub App's
/// installation token, its error bodies) keeps Octokit's own serializer.
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

        return _octokit.Deserialize<T>(json);
    }
}
