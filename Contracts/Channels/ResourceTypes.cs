namespace Contracts.Channels;

/// <summary>Names of the three resource types, as the collection's <c>resourceType</c> (plural) and as an item's <c>type</c>.</summary>
public static class ResourceTypes
{
    public const string Channels = "channels";
    public const string Releases = "releases";
    public const string AppDefaults = "appdefaults";

    public const string Channel = "channel";
    public const string Release = "release";
    public const string AppDefault = "appDefault";

    /// <summary>
    /// The plural collection name for a path segment as clients write it: case-insensitive, singular or
    /// plural (<c>channel</c>, <c>Channels</c>, <c>appDefault</c>); null when the type is unknown.
    /// </summary>
    public static string? Normalize(string? segment)
    {
        if (segment is null)
        {
            return null;
        }

        return segment.ToLowerInvariant() switch
        {
            "channels" or "channel" => Channels,
            "releases" or "release" => Releases,
            "appdefaults" or "appdefault" => AppDefaults,
            _ => null,
        };
    }
}
