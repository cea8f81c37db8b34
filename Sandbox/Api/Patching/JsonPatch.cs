using System.Globalization;
using System.Text.Json.Nodes;
using Sandbox.Storage;

namespace Sandbox.Api.Patching;

/// <summary>JSON patch (RFC 6902): add, remove, replace, move, copy, test.</summary>
public static class JsonPatch
{
    public static JsonNode Apply(JsonNode document, JsonArray operations)
    {
        var root = new JsonObject { ["doc"] = document };
        foreach (var op in operations.Objects())
        {
            var kind = op.GetString("op") ?? throw Bad("operation without op");
            var path = "/doc" + (op.GetString("path") ?? throw Bad($"{kind} without path"));
            switch (kind)
            {
                case "add":
                    Add(root, path, op["value"]?.DeepClone());
                    break;
                case "remove":
                    Remove(root, path);
                    break;
                case "replace":
                    Remove(root, path);
                    Add(root, path, op["value"]?.DeepClone());
                    break;
                case "move":
                    {
                        var from = "/doc" + op.GetString("from");
                        var value = Remove(root, from);
                        Add(root, path, value);
                        break;
                    }

                case "copy":
                    Add(root, path, Resolve(root, "/doc" + op.GetString("from"))?.DeepClone());
                    break;
                case "test":
                    if (!JsonNode.DeepEquals(Resolve(root, path), op["value"]))
                    {
                        throw new Storage.ApiException(422, "Invalid", $"the server rejected our request due to an error in our request: testing value {op.GetString("path")} failed");
                    }

                    break;
                default:
                    throw Bad($"unexpected kind: {kind}");
            }
        }

        var result = root["doc"] ?? throw Bad("the patch removed the whole document");
        root.Remove("doc");
        return result;
    }

    private static Storage.ApiException Bad(string message) => Storage.ApiException.BadRequest(message);

    private static string[] Split(string path) =>
        path.Split('/').Skip(1).Select(p => p.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)).ToArray();

    private static JsonNode? Resolve(JsonNode root, string path)
    {
        JsonNode? node = root;
        foreach (var part in Split(path))
        {
            node = node switch
            {
                JsonObject o when o.TryGetPropertyValue(part, out var child) => child,
                JsonArray a when int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < a.Count => a[i],
                _ => throw new Storage.ApiException(422, "Invalid", $"the server rejected our request due to an error in our request: path {path[4..]} does not exist"),
            };
        }

        return node;
    }

    private static (JsonNode Parent, string Last) Parent(JsonNode root, string path)
    {
        var parts = Split(path);
        var parentPath = "/" + string.Join('/', parts[..^1].Select(p => p.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal)));
        var parent = Resolve(root, parentPath) ?? throw Bad($"missing parent of {path[4..]}");
        return (parent, parts[^1]);
    }

    private static void Add(JsonNode root, string path, JsonNode? value)
    {
        var (parent, last) = Parent(root, path);
        switch (parent)
        {
            case JsonObject o:
                o[last] = value;
                break;
            case JsonArray a when last == "-":
                a.Add(value);
                break;
            case JsonArray a when int.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i <= a.Count:
                a.Insert(i, value);
                break;
            default:
                throw Bad($"cannot add at {path[4..]}");
        }
    }

    private static JsonNode? Remove(JsonNode root, string path)
    {
        var (parent, last) = Parent(root, path);
        switch (parent)
        {
            case JsonObject o when o.TryGetPropertyValue(last, out var old):
                o.Remove(last);
                return old;
            case JsonArray a when int.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < a.Count:
                var item = a[i];
                a.RemoveAt(i);
                return item;
            default:
                throw new Storage.ApiException(422, "Invalid", $"the server rejected our request due to an error in our request: path {path[4..]} does not exist");
        }
    }
}
