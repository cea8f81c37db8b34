using System.Text.Json.Nodes;
using Sandbox.Storage;

namespace Sandbox.Api;

/// <summary>
/// Just enough OpenAPI v3 for kubectl: each group/version document lists the PATCH operations with
/// their <c>x-kubernetes-group-version-kind</c> and the <c>fieldValidation</c> query parameter, so
/// kubectl's validation sees that the server validates fields itself and does not need schemas
/// (without this, <c>kubectl apply</c> fails with "failed to download openapi").
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
        foreach (var t in types)
        {
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
            ["components"] = new JsonObject { ["schemas"] = new JsonObject() },
        };
    }

    private static string Prefix(string gv) => gv.Contains('/', StringComparison.Ordinal) ? $"apis/{gv}" : $"api/{gv}";

    private static string Hash(ResourceCatalog catalog, string gv) =>
        Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(
            string.Join(',', catalog.All.Where(t => t.ApiVersion == gv).Select(t => t.Plural)))))[..16];
}
