using System.Text.Json.Nodes;

namespace Sandbox.Storage;

/// <summary>
/// Which group/version/resources are served: the built-in kinds, plus one entry per served version
/// of every CustomResourceDefinition (added when the CRD is created, removed when it is deleted).
/// </summary>
public sealed class ResourceCatalog
{
    private readonly Lock _lock = new();
    private List<ResourceType> _types = [.. BuiltInResources.All];

    public IReadOnlyList<ResourceType> All
    {
        get
        {
            lock (_lock)
            {
                return _types;
            }
        }
    }

    public ResourceType? Find(string group, string version, string plural) =>
        All.FirstOrDefault(t => t.Group == group && t.Version == version && t.Plural == plural);

    public ResourceType Get(string group, string version, string plural) =>
        Find(group, version, plural) ?? throw new InvalidOperationException($"{group}/{version}/{plural} is not served");

    /// <summary>The groups in discovery order: the built-in ones first, then custom ones by name.</summary>
    public IReadOnlyList<(string Group, IReadOnlyList<string> Versions)> Groups() =>
        All.Where(t => t.Group.Length > 0)
            .GroupBy(t => t.Group)
            .Select(g => (g.Key, (IReadOnlyList<string>)g.Select(t => t.Version).Distinct().ToList()))
            .ToList();

    /// <summary>Starts serving the versions a CRD lists as served, replacing what it served before.</summary>
    public IReadOnlyList<ResourceType> Register(JsonObject crd)
    {
        var spec = crd["spec"] as JsonObject ?? throw new FormatException("CustomResourceDefinition without spec");
        var group = spec.GetString("group") ?? "";
        var names = spec["names"] as JsonObject;
        var plural = names.GetString("plural") ?? "";
        var kind = names.GetString("kind") ?? "";
        var namespaced = spec.GetString("scope") != "Cluster";
        var added = new List<ResourceType>();
        foreach (var v in spec["versions"].Objects())
        {
            if (v["served"] is JsonValue served && served.TryGetValue<bool>(out var s) && !s)
            {
                continue;
            }

            var columns = v["additionalPrinterColumns"].Objects()
                .Select(c => new PrinterColumn(
                    c.GetString("name") ?? "",
                    c.GetString("type") ?? "string",
                    c.GetString("jsonPath") ?? "",
                    (int)(c.GetLong("priority") ?? 0),
                    c.GetString("format") ?? "",
                    c.GetString("description") ?? ""))
                .ToList();
            added.Add(new ResourceType(group, v.GetString("name") ?? "v1", plural, kind, namespaced)
            {
                Singular = names.GetString("singular") ?? kind.ToLowerInvariant(),
                ShortNames = names?["shortNames"].Strings().ToList() ?? [],
                Categories = names?["categories"].Strings().ToList() ?? [],
                HasStatus = v.GetPath("subresources", "status") is not null,
                IsCustom = true,
                Schema = v.GetPath("schema", "openAPIV3Schema")?.DeepClone() as JsonObject,
                PrinterColumns = columns,
            });
        }

        lock (_lock)
        {
            _types = [.. _types.Where(t => !(t.IsCustom && t.Group == group && t.Plural == plural)), .. added];
        }

        return added;
    }

    public void Unregister(string group, string plural)
    {
        lock (_lock)
        {
            _types = [.. _types.Where(t => !(t.IsCustom && t.Group == group && t.Plural == plural))];
        }
    }
}
