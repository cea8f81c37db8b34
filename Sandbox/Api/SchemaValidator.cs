using System.Text.Json;
using System.Text.Json.Nodes;
using Sandbox.Storage;

namespace Sandbox.Api;

/// <summary>
/// The part of a CRD's structural schema the sandbox enforces: <c>required</c> properties and the
/// basic JSON types, with kube-apiserver's field paths and messages.
/// </summary>
public static class SchemaValidator
{
    public static List<(string Field, string Reason, string Message)> Validate(JsonObject? schema, JsonObject obj)
    {
        var causes = new List<(string, string, string)>();
        if (schema is not null)
        {
            foreach (var (key, value) in obj)
            {
                if (key is "metadata" or "apiVersion" or "kind")
                {
                    continue;
                }

                if (schema.GetPath("properties", key) is JsonObject child)
                {
                    Walk(child, value, key, causes);
                }
            }

            foreach (var required in schema["required"].Strings())
            {
                if (required is not ("metadata" or "apiVersion" or "kind") && obj[required] is null)
                {
                    causes.Add((required, "FieldValueRequired", "Required value"));
                }
            }
        }

        return causes;
    }

    private static void Walk(JsonObject schema, JsonNode? value, string path, List<(string, string, string)> causes)
    {
        if (value is null)
        {
            // kube-apiserver drops nulls of non-nullable fields rather than failing.
            return;
        }

        var type = schema.GetString("type");
        if (schema.GetBool("x-kubernetes-int-or-string"))
        {
            type = null;
        }

        var actual = value.GetValueKind() switch
        {
            JsonValueKind.Object => "object",
            JsonValueKind.Array => "array",
            JsonValueKind.String => "string",
            JsonValueKind.True or JsonValueKind.False => "boolean",
            JsonValueKind.Number => value.ToJsonString().Contains('.', StringComparison.Ordinal) ? "number" : "integer",
            _ => "null",
        };
        if (type is not null && type != actual && !(type == "number" && actual == "integer"))
        {
            causes.Add((path, "FieldValueTypeInvalid", $"Invalid value: \"{actual}\": {path} in body must be of type {type}: \"{actual}\""));
            return;
        }

        switch (value)
        {
            case JsonObject o:
                foreach (var required in schema["required"].Strings())
                {
                    if (o[required] is null)
                    {
                        causes.Add(($"{path}.{required}", "FieldValueRequired", "Required value"));
                    }
                }

                var additional = schema["additionalProperties"] as JsonObject;
                foreach (var (key, child) in o)
                {
                    if (schema.GetPath("properties", key) is JsonObject childSchema)
                    {
                        Walk(childSchema, child, $"{path}.{key}", causes);
                    }
                    else if (additional is not null)
                    {
                        Walk(additional, child, $"{path}.{key}", causes);
                    }
                }

                break;
            case JsonArray a when schema["items"] is JsonObject items:
                for (var i = 0; i < a.Count; i++)
                {
                    Walk(items, a[i], $"{path}[{i}]", causes);
                }

                break;
        }
    }
}
