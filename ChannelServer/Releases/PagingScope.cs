namespace ChannelServer.Releases;

/// <summary>
/// The pages one listing has asked for, so that <see cref="PagingGuardHttpClient"/> can tell a
/// <c>next</c> link that goes back to a page already read, and bound the number of pages.
/// Flows with the listing's async calls through Octokit.
/// </summary>
public sealed class PagingScope : IDisposable
{
    /// <summary>At 100 releases a page, 10,000 releases: K3s has well under a thousand.</summary>
    public const int MaxPages = 100;

    private static readonly AsyncLocal<PagingScope?> CurrentScope = new();
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private readonly PagingScope? _outer;

    private PagingScope()
    {
        _outer = CurrentScope.Value;
    }

    public static PagingScope? Current => CurrentScope.Value;

    public static PagingScope Begin()
    {
        var scope = new PagingScope();
        CurrentScope.Value = scope;
        return scope;
    }

    /// <returns>null when the page may be asked for, else why not</returns>
    public string? Visit(Uri page)
    {
        lock (_seen)
        {
            if (!_seen.Add(page.AbsoluteUri))
            {
                return $"the next link repeats the page {page} (the list does not advance)";
            }

            return _seen.Count > MaxPages ? $"more than {MaxPages} pages; stopped at {page}" : null;
        }
    }

    public void Dispose() => CurrentScope.Value = _outer;
}
