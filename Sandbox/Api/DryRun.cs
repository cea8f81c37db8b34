using System.Text.Json.Nodes;
using Microsoft.Extensions.Primitives;
using Sandbox.Storage;

namespace Sandbox.Api;

/// <summary>
/// The <c>dryRun</c> option of every write (query parameter, or a DeleteOptions body field): empty means a
/// real write, <c>All</c> runs every stage without storing, anything else is refused as kube-apiserver's
/// options validation does (422 on the CreateOptions/UpdateOptions/PatchOptions/DeleteOptions).
/// </summary>
public static class DryRun
{
    public static bool Read(StringValues query, JsonNode? bodyValue, string optionsKind)
    {
        var values = query.Where(v => v is not null).Select(v => v!).Concat(bodyValue.Strings()).ToList();
        foreach (var value in values.Where(v => v != "All"))
        {
            var message = $"Unsupported value: \"{value}\": supported values: \"All\"";
            throw new ApiException(422, "Invalid", $"{optionsKind}.meta.k8s.io \"\" is invalid: dryRun: {message}", new JsonObject
            {
                ["group"] = "meta.k8s.io",
                ["kind"] = optionsKind,
                ["causes"] = new JsonArray(new JsonObject { ["reason"] = "FieldValueNotSupported", ["message"] = message, ["field"] = "dryRun" }),
            });
        }

        return values.Count > 0;
    }
}
