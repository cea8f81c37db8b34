using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Sandbox.Storage;

/// <summary>Small helpers over System.Text.Json nodes, the one object model of the sandbox.</summary>
public static class Json
{
    public static readonly JsonSerializerOptions Options = new() { WriteIndented = false };

    public static JsonNode? GetPath(this JsonNode? node, params string[] path)
    {
        foreach (var part in path)
        {
            if (node is not JsonObject o || !o.TryGetPropertyValue(part, out node))
            {
                return null;
            }
        }

        return node;
    }

    public static string? GetString(this JsonNode? node, params string[] path) =>
        node.GetPath(path) is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    public static long? GetLong(this JsonNode? node, params string[] path)
    {
        if (node.GetPath(path) is not JsonValue v)
        {
            return null;
        }

        if (v.GetValueKind() == JsonValueKind.Number)
        {
            return decimal.TryParse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? (long)d : null;
        }

        return v.TryGetValue<string>(out var s) && long.TryParse(s, CultureInfo.InvariantCulture, out var l) ? l : null;
    }

    public static bool GetBool(this JsonNode? node, params string[] path) =>
        node.GetPath(path) is JsonValue v && v.TryGetValue<bool>(out var b) && b;

    /// <summary>The object at <paramref name="path"/>, created (and any missing parents) when absent.</summary>
    public static JsonObject Ensure(this JsonObject node, params string[] path)
    {
        foreach (var part in path)
        {
            if (node[part] is not JsonObject child)
            {
                child = new JsonObject();
                node[part] = child;
            }

            node = child;
        }

        return node;
    }

    public static JsonArray EnsureArray(this JsonObject node, string name)
    {
        if (node[name] is not JsonArray array)
        {
            array = new JsonArray();
            node[name] = array;
        }

        return array;
    }

    public static JsonObject Metadata(this JsonObject obj) => obj.Ensure("metadata");

    public static IReadOnlyDictionary<string, string> StringMap(JsonNode? node)
    {
        if (node is not JsonObject o || o.Count == 0)
        {
            return new Dictionary<string, string>();
        }

        var map = new Dictionary<string, string>(o.Count, StringComparer.Ordinal);
        foreach (var (k, v) in o)
        {
            map[k] = v is JsonValue value && value.TryGetValue<string>(out var s) ? s : v?.ToJsonString() ?? "";
        }

        return map;
    }

    public static IEnumerable<JsonObject> Objects(this JsonNode? node) =>
        node is JsonArray a ? a.OfType<JsonObject>() : [];

    public static IEnumerable<string> Strings(this JsonNode? node) =>
        node is JsonArray a ? a.Select(x => x is JsonValue v && v.TryGetValue<string>(out var s) ? s : x?.ToJsonString() ?? "") : [];

    public static string Timestamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static DateTimeOffset? ParseTimestamp(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t) ? t : null;

    /// <summary>
    /// Materializes every lazily parsed node, so that concurrent readers of a committed tree never
    /// race on System.Text.Json's on-demand initialization.
    /// </summary>
    public static void Freeze(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                _ = o.Count;
                foreach (var (_, child) in o)
                {
                    Freeze(child);
                }

                break;
            case JsonArray a:
                _ = a.Count;
                foreach (var child in a)
                {
                    Freeze(child);
                }

                break;
        }
    }

    public static JsonArray ToArray(IEnumerable<string> values) => new(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
}
