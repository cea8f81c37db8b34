using Sandbox.Storage;

namespace Sandbox.Api;

/// <summary>What a REST path names: a resource, maybe a namespace, maybe an object and a subresource.</summary>
public sealed record ApiTarget(ResourceType Type, string? Namespace, string? Name, string? Subresource)
{
    /// <summary>
    /// Parses the part of the path after <c>/api/v1</c> or <c>/apis/g/v</c>. Null when the group/version
    /// does not serve that resource.
    /// </summary>
    public static ApiTarget? Parse(ResourceCatalog catalog, string group, string version, IReadOnlyList<string> segments)
    {
        if (segments.Count >= 3 && segments[0] == "namespaces" &&
            catalog.Find(group, version, segments[2]) is { Namespaced: true } namespaced)
        {
            return segments.Count switch
            {
                3 => new ApiTarget(namespaced, segments[1], null, null),
                4 => new ApiTarget(namespaced, segments[1], segments[3], null),
                5 => new ApiTarget(namespaced, segments[1], segments[3], segments[4]),
                _ => null,
            };
        }

        if (segments.Count is < 1 or > 3 || catalog.Find(group, version, segments[0]) is not { } type)
        {
            return null;
        }

        if (type.Namespaced && segments.Count > 1)
        {
            return null;
        }

        return new ApiTarget(type, null, segments.Count > 1 ? segments[1] : null, segments.Count > 2 ? segments[2] : null);
    }
}
