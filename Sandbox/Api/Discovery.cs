using System.Text.Json.Nodes;
using Sandbox.Storage;

namespace Sandbox.Api;

/// <summary>
/// Legacy discovery documents (<c>/api</c>, <c>/apis</c>, <c>/api/v1</c>, <c>/apis/g/v</c>). kubectl asks for
/// aggregated discovery first; a plain <c>application/json</c> answer makes it fall back to these.
/// </summary>
public static class Discovery
{
    private static readonly string[] AllVerbs = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];

    public static JsonObject ApiVersions(string serverAddress) => new()
    {
        ["kind"] = "APIVersions",
        ["versions"] = new JsonArray("v1"),
        ["serverAddressByClientCIDRs"] = new JsonArray(new JsonObject { ["clientCIDR"] = "0.0.0.0/0", ["serverAddress"] = serverAddress }),
    };

    public static JsonObject ApiGroupList(ResourceCatalog catalog) => new()
    {
        ["kind"] = "APIGroupList",
        ["apiVersion"] = "v1",
        ["groups"] = new JsonArray(catalog.Groups().Select(g => (JsonNode)Group(g.Group, g.Versions)).ToArray()),
    };

    public static JsonObject Group(string group, IReadOnlyList<string> versions) => new()
    {
        ["kind"] = "APIGroup",
        ["apiVersion"] = "v1",
        ["name"] = group,
        ["versions"] = new JsonArray(versions.Select(v => (JsonNode)new JsonObject { ["groupVersion"] = $"{group}/{v}", ["version"] = v }).ToArray()),
        ["preferredVersion"] = new JsonObject { ["groupVersion"] = $"{group}/{versions[0]}", ["version"] = versions[0] },
    };

    public static JsonObject ResourceList(ResourceCatalog catalog, string group, string version)
    {
        var resources = new JsonArray();
        foreach (var t in catalog.All.Where(t => t.Group == group && t.Version == version))
        {
            var r = new JsonObject
            {
                ["name"] = t.Plural,
                ["singularName"] = t.Singular,
                ["namespaced"] = t.Namespaced,
                ["kind"] = t.Kind,
                ["verbs"] = Json.ToArray(AllVerbs),
            };
            if (t.ShortNames.Count > 0)
            {
                r["shortNames"] = Json.ToArray(t.ShortNames);
            }

            if (t.Categories.Count > 0)
            {
                r["categories"] = Json.ToArray(t.Categories);
            }

            resources.Add(r);
            if (t.HasStatus)
            {
                resources.Add(Subresource(t, "status", ["get", "patch", "update"]));
            }

            foreach (var (name, verbs, kind, subGroup, subVersion) in Kinds.BuiltInKinds.For(t)?.Subresources ?? [])
            {
                resources.Add(Subresource(t, name, verbs, kind, subGroup, subVersion));
            }
        }

        return new JsonObject
        {
            ["kind"] = "APIResourceList",
            ["apiVersion"] = "v1",
            ["groupVersion"] = group.Length == 0 ? version : $"{group}/{version}",
            ["resources"] = resources,
        };
    }

    private static JsonObject Subresource(ResourceType t, string name, string[] verbs, string? kind = null, string? group = null, string? version = null)
    {
        var r = new JsonObject
        {
            ["name"] = $"{t.Plural}/{name}",
            ["singularName"] = "",
            ["namespaced"] = t.Namespaced,
            ["kind"] = kind ?? t.Kind,
            ["verbs"] = Json.ToArray(verbs),
        };
        if (group is not null)
        {
            r["group"] = group;
            r["version"] = version;
        }

        return r;
    }
}
