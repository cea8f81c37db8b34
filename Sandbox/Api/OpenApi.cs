using System.Text.Json.Nodes;
using Sandbox.Storage;

namespace Sandbox.Api;

/// <summary>
/// Just enough OpenAPI v3 for kubectl: each group/version document lists the PATCH operations with
/// their <c>x-kubernetes-group-version-kind</c> and the <c>fieldValidation</c> query parameter, so
/// kubectl's validation sees that the server validates fields itself (without this, <c>kubectl apply</c>
/// fails with "failed to download openapi"), and one schema per kind for <c>kubectl explain</c>: a CRD's
/// own openAPIV3Schema (metadata shown as ObjectMeta, as kube-apiserver publishes it), a short one for
/// the built-in kinds.
/// </summary>
public static class OpenApi
{
    public static JsonObject Root(ResourceCatalog catalog)
    {
        var paths = new JsonObject();
        foreach (var gv in catalog.All.Select(t => t.ApiVersion).Distinct())
        {
            var path = Prefix(gv);
            paths[path] = new JsonObject { ["serverRelativeURL"] = $"/openapi/v3/{path}?hash={Hash(catalog, gv)}" };
        }

        return new JsonObject { ["paths"] = paths };
    }

    public static JsonObject? GroupVersion(ResourceCatalog catalog, string path)
    {
        var gv = path.StartsWith("api/", StringComparison.Ordinal) ? path["api/".Length..]
            : path.StartsWith("apis/", StringComparison.Ordinal) ? path["apis/".Length..]
            : null;
        var types = catalog.All.Where(t => t.ApiVersion == gv).ToList();
        if (gv is null || types.Count == 0)
        {
            return null;
        }

        var paths = new JsonObject();
        var schemas = new JsonObject();
        foreach (var t in types)
        {
            var schema = Schema(t);
            schema["x-kubernetes-group-version-kind"] = new JsonArray(new JsonObject { ["group"] = t.Group, ["kind"] = t.Kind, ["version"] = t.Version });
            schemas[SchemaName(t)] = schema;
            var item = t.Namespaced
                ? $"/{Prefix(gv)}/namespaces/{{namespace}}/{t.Plural}/{{name}}"
                : $"/{Prefix(gv)}/{t.Plural}/{{name}}";
            paths[item] = new JsonObject
            {
                ["patch"] = new JsonObject
                {
                    ["operationId"] = $"patch{t.Kind}",
                    ["x-kubernetes-action"] = "patch",
                    ["x-kubernetes-group-version-kind"] = new JsonObject { ["group"] = t.Group, ["version"] = t.Version, ["kind"] = t.Kind },
                    ["parameters"] = new JsonArray(
                        new JsonObject { ["name"] = "fieldValidation", ["in"] = "query", ["schema"] = new JsonObject { ["type"] = "string" } },
                        new JsonObject { ["name"] = "fieldManager", ["in"] = "query", ["schema"] = new JsonObject { ["type"] = "string" } },
                        new JsonObject { ["name"] = "dryRun", ["in"] = "query", ["schema"] = new JsonObject { ["type"] = "string" } }),
                    ["responses"] = new JsonObject(),
                },
            };
        }

        return new JsonObject
        {
            ["openapi"] = "3.0.0",
            ["info"] = new JsonObject { ["title"] = "Kubernetes", ["version"] = "v1.32.3" },
            ["paths"] = paths,
            ["components"] = new JsonObject { ["schemas"] = schemas },
        };
    }

    private static JsonObject Schema(ResourceType type)
    {
        if (!type.IsCustom)
        {
            return BuiltInSchemas.For(type);
        }

        var schema = type.Schema?.DeepClone() as JsonObject ?? new JsonObject { ["type"] = "object", ["x-kubernetes-preserve-unknown-fields"] = true };
        schema.Ensure("properties")["metadata"] = BuiltInSchemas.ObjectMeta();
        return schema;
    }

    /// <summary>The schema's key, named like kube-apiserver names them (reversed group, version, kind).</summary>
    private static string SchemaName(ResourceType type) =>
        type.Group.Length == 0
            ? $"io.k8s.api.core.{type.Version}.{type.Kind}"
            : $"{string.Join('.', type.Group.Split('.').Reverse())}.{type.Version}.{type.Kind}";

    private static string Prefix(string gv) => gv.Contains('/', StringComparison.Ordinal) ? $"apis/{gv}" : $"api/{gv}";

    private static string Hash(ResourceCatalog catalog, string gv) =>
        Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(
            string.Join(',', catalog.All.Where(t => t.ApiVersion == gv).Select(t => t.Plural + (t.Schema?.ToJsonString() ?? ""))))))[..16];
}
