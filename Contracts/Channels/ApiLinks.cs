namespace Contracts.Channels;

/// <summary>
/// A links (or actions) map. The reference serializes a Go map, whose keys come out in byte order,
/// so this map keeps its keys sorted ordinally.
/// </summary>
public sealed class ApiLinks : SortedDictionary<string, string>
{
    public ApiLinks()
        : base(StringComparer.Ordinal)
    {
    }
}
