using System.Text.Json;
using System.Text.Json.Serialization;

namespace ChannelServer.Releases;

/// <summary>
/// A release list saved in GitHub's own response format (a JSON array, newest first). Used for the
/// offline snapshot (<c>--releases-file</c>), the export command and the last-good state.
/// </summary>
public static class ReleaseSnapshot
{
    // Tags such as v1.33.6+k3s1 stay readable (the default encoder would write \u002B).
    private static readonly ReleaseSnapshotJsonContext Writer = new(new JsonSerializerOptions
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    public static IReadOnlyList<GitHubRelease> Parse(string json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            throw new InvalidDataException("the release snapshot is empty");
        }

        if (ReleaseListShape.Problem(json) is { } problem)
        {
            throw new InvalidDataException(json.TrimStart().StartsWith("null", StringComparison.Ordinal)
                ? "the release snapshot is null, not a list"
                : $"the release snapshot is not a JSON list of releases: {problem}");
        }

        try
        {
            return JsonSerializer.Deserialize(json, ReleaseSnapshotJsonContext.Default.ListGitHubRelease)
                ?? throw new InvalidDataException("the release snapshot is null, not a list");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"the release snapshot is not a JSON list of releases: {e.Message}", e);
        }
    }

    public static async Task<IReadOnlyList<GitHubRelease>> ReadAsync(string path, CancellationToken cancellationToken)
    {
        var json = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        try
        {
            return Parse(json);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }
    }

    /// <summary>Writes to a temporary file beside <paramref name="path"/> and renames it, so a reader never sees half a file.</summary>
    public static async Task WriteAsync(string path, IReadOnlyList<GitHubRelease> releases, CancellationToken cancellationToken)
    {
        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(directory);
        var temp = Path.Combine(directory, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            await using (var stream = File.Create(temp))
            {
                await JsonSerializer.SerializeAsync(stream, releases.ToList(), Writer.ListGitHubRelease, cancellationToken)
                    .ConfigureAwait(false);
                await stream.WriteAsync("\n"u8.ToArray(), cancellationToken).ConfigureAwait(false);
            }

            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }
}

[JsonSourceGenerationOptions(WriteIndented = true)]
[JsonSerializable(typeof(List<GitHubRelease>))]
internal sealed partial class ReleaseSnapshotJsonContext : JsonSerializerContext;
