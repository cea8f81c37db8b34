using System.IO.Hashing;

namespace ChannelServer.Serving;

/// <summary>
/// Notices changes of local files. It watches each file's directory, not the file's name: Kubernetes
/// updates a ConfigMap volume by renaming a new <c>..data</c> symlink over the old one, and the key
/// (<c>channels.yaml -> ..data/channels.yaml</c>) is never named by any event. Any event in such a
/// directory pokes the owner, who then asks <see cref="TakeChanged"/> which files really changed: a
/// hash of the content read through the symlinks, so other files in the directory, rewrites with the
/// same content and the half-written states of an editor's save change nothing.
/// </summary>
public sealed class LocalFileWatcher : IDisposable
{
    // The content last taken, by full path; null while the file could not be read.
    private readonly Dictionary<string, byte[]?> _hashes;
    private readonly List<FileSystemWatcher> _watchers = [];

    public LocalFileWatcher(IEnumerable<string> paths, Action poked)
    {
        _hashes = paths.Select(Path.GetFullPath).Distinct(StringComparer.Ordinal).ToDictionary(p => p, HashOf, StringComparer.Ordinal);
        foreach (var directory in _hashes.Keys.Select(Path.GetDirectoryName).OfType<string>().Distinct(StringComparer.Ordinal))
        {
            if (!Directory.Exists(directory))
            {
                continue;
            }

            var watcher = new FileSystemWatcher(directory)
            {
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.CreationTime,
                IncludeSubdirectories = false,
            };
            watcher.Changed += (_, _) => poked();
            watcher.Created += (_, _) => poked();
            watcher.Deleted += (_, _) => poked();
            watcher.Renamed += (_, _) => poked();
            // Lost events (queue overflow) must not hide a change: look at the files anyway.
            watcher.Error += (_, _) => poked();
            watcher.EnableRaisingEvents = true;
            _watchers.Add(watcher);
        }
    }

    /// <summary>Reads the files again and returns those whose content differs from the last look. Not thread-safe: one caller.</summary>
    public IReadOnlyList<string> TakeChanged()
    {
        var changed = new List<string>();
        foreach (var (path, seen) in _hashes.ToList())
        {
            // A file missing, unreadable or empty for a moment (mid-swap, truncated by a save that is not
            // written yet) is no change: the write that follows pokes again. An empty config serves nothing
            // anyway; the index in service stays, as it would after the failed refresh.
            if (HashOf(path) is { } hash && (seen is null || !hash.AsSpan().SequenceEqual(seen)))
            {
                _hashes[path] = hash;
                changed.Add(path);
            }
        }

        return changed;
    }

    private static byte[]? HashOf(string path)
    {
        try
        {
            // A content hash, not a cryptographic one: it only tells edits apart, and a cryptographic hash
            // would load OpenSSL (megabytes resident) into a server that may never speak TLS.
            using var stream = File.OpenRead(path);
            if (stream.Length == 0)
            {
                return null;
            }

            var hash = new XxHash128();
            hash.Append(stream);
            return hash.GetCurrentHash();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public void Dispose()
    {
        foreach (var watcher in _watchers)
        {
            watcher.Dispose();
        }
    }
}
