using System.Text.Json.Nodes;
using Sandbox.Storage;

namespace Sandbox.Api;

/// <summary>
/// kube-apiserver's pruning of custom resources: every field the CRD's structural schema does not declare
/// is dropped, on every write (create, update, patch, status). A schema node with
/// <c>x-kubernetes-preserve-unknown-fields: true</c> keeps its unknown fields (its declared ones are still
/// pruned inside); <c>additionalProperties</c> declares every key with one schema; an embedded resource
/// keeps its apiVersion, kind and metadata; an object schema with none of these keeps nothing. The root's
/// apiVersion, kind and metadata are never pruned. Returns the dropped paths (<c>spec.foo</c>,
/// <c>status.items[0].bar</c>), which the API reports as warnings or, with <c>fieldValidation=Strict</c>, refuses.
/// </summary>
public static class SchemaPruning
{
    public static List<string> Prune(JsonObject? schema, JsonObject obj)
    {
        var pruned = new List<string>();
        if (schema is null)
        {
            return pruned;
        }

        foreach (var key in obj.Select(p => p.Key).ToList())
        {
            if (key is "apiVersion" or "kind" or "metadata")
            {
                continue;
            }

            PruneField(schema, obj, key, key, pruned);
        }

        return pruned;
    }

    private static void PruneField(JsonObject schema, JsonObject parent, string key, string path, List<string> pruned)
    {
        if (schema.GetPath("properties", key) is JsonObject declared)
        {
            PruneValue(declared, parent[key], path, pruned);
        }
        else if (schema["additionalProperties"] is JsonObject additional)
        {
            PruneValue(additional, parent[key], path, pruned);
        }
        else if (schema.GetBool("x-kubernetes-embedded-resource") && key is "apiVersion" or "kind" or "metadata")
        {
            // an embedded object's type and metadata are the object's own, not the schema's
        }
        else if (!schema.GetBool("x-kubernetes-preserve-unknown-fields") && schema["additionalProperties"] is not JsonValue)
        {
            parent.Remove(key);
            pruned.Add(path);
        }
    }

    private static void PruneValue(JsonObject schema, JsonNode? value, string path, List<string> pruned)
    {
        switch (value)
        {
            case JsonObject o:
                foreach (var key in o.Select(p => p.Key).ToList())
                {
                    PruneField(schema, o, key, $"{path}.{key}", pruned);
                }

                break;
            case JsonArray a when schema["items"] is JsonObject items:
                for (var i = 0; i < a.Count; i++)
                {
                    PruneValue(items, a[i], $"{path}[{i}]", pruned);
                }

                break;
        }
    }
}
