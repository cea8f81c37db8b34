using System.Text.Json;

namespace ChannelServer.Releases;

/// <summary>
/// What a release list must look like before it counts: a JSON array of objects, each with a string
/// <c>tag_name</c>. A 200 carrying <c>{"message": ...}</c> (an error page, a proxy's answer) is no list. Pure.
/// </summary>
public static class ReleaseListShape
{
    /// <returns>null when the text is a release list, else what is wrong with it</returns>
    public static string? Problem(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            return $"not JSON: {e.Message}";
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Array)
            {
                var message = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String
                    ? $" (message: \"{Shorten(m.GetString()!)}\")"
                    : string.Empty;
                return $"a JSON {Kind(root.ValueKind)}, not an array of releases{message}";
            }

            var index = 0;
            foreach (var item in root.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.Object)
                {
                    return $"item {index} is a JSON {Kind(item.ValueKind)}, not a release object";
                }

                if (!item.TryGetProperty("tag_name", out var tag) || tag.ValueKind != JsonValueKind.String)
                {
                    return $"item {index} has no string tag_name";
                }

                index++;
            }
        }

        return null;
    }

    private static string Kind(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Null => "null",
        _ => kind.ToString(),
    };

    // An upstream's message goes into a log line and /readyz, where a whole HTML error page would bury
    // the reason; its first line's worth says what went wrong.
    private const int MaxQuotedLength = 120;

    private static string Shorten(string text) => text.Length <= MaxQuotedLength ? text : text[..MaxQuotedLength] + "...";
}
