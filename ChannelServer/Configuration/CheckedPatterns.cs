using System.Collections.Concurrent;

namespace ChannelServer.Configuration;

/// <summary>
/// The pattern texts that already compiled once. The config is parsed again on every refresh, and compiling a
/// pattern only to check it costs hundreds of kilobytes of garbage in the non-backtracking engine; a text that
/// compiled before compiles again, so it is checked once. Only texts are kept, never compiled patterns.
/// </summary>
internal static class CheckedPatterns
{
    // Far more than any config holds; a config whose patterns change all the time starts afresh instead of
    // growing without bound.
    private const int MaxEntries = 1024;
    private static readonly ConcurrentDictionary<string, bool> Known = new(StringComparer.Ordinal);

    public static bool Contains(string pattern) => Known.ContainsKey(pattern);

    public static void Add(string pattern)
    {
        if (Known.Count >= MaxEntries)
        {
            Known.Clear();
        }

        Known.TryAdd(pattern, true);
    }
}
