using System.Text.Json;
using System.Text.Json.Serialization;

namespace ChannelServer.History;

/// <summary>
/// The moves of every channel, newest last: at most <see cref="MaxPerChannel"/> per channel and
/// <see cref="MaxChannels"/> channels (the ones that moved least recently go first). Kept in
/// <c>history.json</c> under <c>--state-dir</c> (written whole to a temporary file and renamed), so it
/// survives restarts; without a state dir it lives in memory only.
/// </summary>
public sealed class ChannelHistoryStore(string? stateDir)
{
    public const int MaxPerChannel = 100;
    public const int MaxChannels = 1000;
    private readonly Lock _lock = new();
    private Dictionary<string, Dictionary<string, List<ChannelHistoryEntry>>> _byPrefix = new(StringComparer.Ordinal);
    private bool _loaded;

    public string? FilePath => stateDir is null ? null : Path.Combine(stateDir, "history.json");

    /// <summary>Reads the saved history once; a broken file is kept aside for inspection and history starts again.</summary>
    /// <returns>null, or why the saved history could not be used</returns>
    public string? LoadOnce()
    {
        lock (_lock)
        {
            if (_loaded)
            {
                return null;
            }

            _loaded = true;
            if (FilePath is not { } path || !File.Exists(path))
            {
                return null;
            }

            try
            {
                var saved = JsonSerializer.Deserialize(File.ReadAllText(path), ChannelHistoryJsonContext.Default.DictionaryStringDictionaryStringListChannelHistoryEntry);
                _byPrefix = saved is null
                    ? new(StringComparer.Ordinal)
                    : saved.ToDictionary(p => p.Key, p => new Dictionary<string, List<ChannelHistoryEntry>>(p.Value, StringComparer.Ordinal), StringComparer.Ordinal);
                return null;
            }
            catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException or NotSupportedException)
            {
                var aside = path + ".broken";
                TryMove(path, aside);
                return $"{path}: {e.Message} (moved to {aside}; history starts again)";
            }
        }
    }

    public ChannelHistoryEntry? Last(string prefix, string channel)
    {
        lock (_lock)
        {
            return _byPrefix.GetValueOrDefault(prefix)?.GetValueOrDefault(channel) is { Count: > 0 } list ? list[^1] : null;
        }
    }

    /// <summary>Newest first, at most <paramref name="limit"/>.</summary>
    public IReadOnlyList<ChannelHistoryEntry> Of(string prefix, string channel, int limit = MaxPerChannel)
    {
        lock (_lock)
        {
            return _byPrefix.GetValueOrDefault(prefix)?.GetValueOrDefault(channel) is { } list
                ? Enumerable.Reverse(list).Take(limit).ToList()
                : [];
        }
    }

    /// <summary>Adds the moves and saves the whole history.</summary>
    /// <returns>null, or why it could not be saved (the moves are kept in memory)</returns>
    public string? Record(IReadOnlyList<(string Prefix, string Channel, ChannelHistoryEntry Entry)> moves)
    {
        if (moves.Count == 0)
        {
            return null;
        }

        string json;
        lock (_lock)
        {
            foreach (var (prefix, channel, entry) in moves)
            {
                if (!_byPrefix.TryGetValue(prefix, out var channels))
                {
                    _byPrefix[prefix] = channels = new(StringComparer.Ordinal);
                }

                if (!channels.TryGetValue(channel, out var list))
                {
                    channels[channel] = list = [];
                }

                list.Add(entry);
                if (list.Count > MaxPerChannel)
                {
                    list.RemoveRange(0, list.Count - MaxPerChannel);
                }
            }

            Trim();
            json = JsonSerializer.Serialize(_byPrefix, ChannelHistoryJsonContext.Default.DictionaryStringDictionaryStringListChannelHistoryEntry);
        }

        return Save(json);
    }

    private void Trim()
    {
        var all = _byPrefix.SelectMany(p => p.Value.Select(c => (Prefix: p.Key, Channel: c.Key, Last: c.Value.Count == 0 ? DateTimeOffset.MinValue : c.Value[^1].Time))).ToList();
        foreach (var (prefix, channel, _) in all.OrderBy(c => c.Last).Take(Math.Max(0, all.Count - MaxChannels)))
        {
            _byPrefix[prefix].Remove(channel);
        }
    }

    private string? Save(string json)
    {
        if (FilePath is not { } path)
        {
            return null;
        }

        var temp = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        try
        {
            Directory.CreateDirectory(stateDir!);
            File.WriteAllText(temp, json + "\n");
            File.Move(temp, path, overwrite: true);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temp);
            return $"{path}: {e.Message}";
        }
    }

    private static void TryMove(string from, string to)
    {
        try
        {
            File.Move(from, to, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // left where it is; the next save overwrites it
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // a stray temporary file is harmless
        }
    }
}

[JsonSourceGenerationOptions(WriteIndented = true)]
[JsonSerializable(typeof(Dictionary<string, Dictionary<string, List<ChannelHistoryEntry>>>))]
internal sealed partial class ChannelHistoryJsonContext : JsonSerializerContext;
