using System.Text.Json.Nodes;

namespace Sandbox.Storage;

/// <summary>One served group/version/resource: how it is addressed, named in discovery and stored.</summary>
public sealed class ResourceType
{
    public ResourceType(string group, string version, string plural, string kind, bool namespaced)
    {
        Group = group;
        Version = version;
        Plural = plural;
        Kind = kind;
        Namespaced = namespaced;
        Singular = kind.ToLowerInvariant();
    }

    public string Group { get; }
    public string Version { get; }
    public string Plural { get; }
    public string Kind { get; }
    public bool Namespaced { get; }
    public string Singular { get; init; }
    public IReadOnlyList<string> ShortNames { get; init; } = [];
    public IReadOnlyList<string> Categories { get; init; } = [];
    public bool HasStatus { get; init; }

    /// <summary>Custom resources carry their CRD's schema and printer columns.</summary>
    public bool IsCustom { get; init; }
    public JsonObject? Schema { get; init; }
    public IReadOnlyList<PrinterColumn> PrinterColumns { get; init; } = [];

    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";
    public string ListKind => Kind + "List";

    /// <summary>
    /// Another type whose objects this one serves in another form (events.k8s.io Events are core Events):
    /// writes are converted with <see cref="ToStored"/> and stored as that type, reads with <see cref="ToServed"/>.
    /// </summary>
    public ResourceType? StoredAs { get; init; }
    public Func<JsonObject, JsonObject>? ToServed { get; init; }
    public Func<JsonObject, JsonObject>? ToStored { get; init; }

    /// <summary>Versions of one resource share their objects.</summary>
    public string StorageKey => StoredAs?.StorageKey ?? $"{Group}/{Plural}";

    /// <summary><c>plans.upgrade.cattle.io</c>, as error messages name a resource.</summary>
    public string GroupResource => Group.Length == 0 ? Plural : $"{Plural}.{Group}";

    public override string ToString() => $"{ApiVersion}/{Plural}";
}

public sealed record PrinterColumn(string Name, string Type, string JsonPath, int Priority = 0, string Format = "", string Description = "");
