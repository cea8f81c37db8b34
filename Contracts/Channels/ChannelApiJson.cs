using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Contracts.Channels;

/// <summary>
/// Writes the channel API's JSON exactly as the reference (Go's encoding/json) does: compact, a
/// trailing newline, <c>+</c> and non-ASCII text literal, and only <c>&lt;</c>, <c>&gt;</c>, <c>&amp;</c>
/// escaped as <c>\u003c</c>, <c>\u003e</c>, <c>\u0026</c>.
/// </summary>
public static class ChannelApiJson
{
    private static readonly ChannelApiJsonContext Context = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    public static byte[] Serialize(ApiCollection<ChannelResource> value) => Write(value, Context.ApiCollectionChannelResource);

    public static byte[] Serialize(ApiCollection<ReleaseResource> value) => Write(value, Context.ApiCollectionReleaseResource);

    public static byte[] Serialize(ApiCollection<AppDefaultResource> value) => Write(value, Context.ApiCollectionAppDefaultResource);

    public static byte[] Serialize(ApiCollection<ApiRoot> value) => Write(value, Context.ApiCollectionApiRoot);

    public static byte[] Serialize(ApiCollection<ChannelMove> value) => Write(value, Context.ApiCollectionChannelMove);

    public static byte[] Serialize(ApiCollection<FleetChannelResource> value) => Write(value, Context.ApiCollectionFleetChannelResource);

    public static byte[] Serialize(ApiRoot value) => Write(value, Context.ApiRoot);

    public static byte[] Serialize(ApiError value) => Write(value, Context.ApiError);

    private static byte[] Write<T>(T value, JsonTypeInfo<T> typeInfo)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(value, typeInfo);
        return GoEscape(json);
    }

    // The relaxed encoder leaves <, > and & raw; they can only occur inside strings, where Go escapes them.
    private static byte[] GoEscape(byte[] json)
    {
        var extra = 0;
        foreach (var b in json)
        {
            if (b is (byte)'<' or (byte)'>' or (byte)'&')
            {
                extra += 5;
            }
        }

        var output = new byte[json.Length + extra + 1];
        var at = 0;
        foreach (var b in json)
        {
            var escape = b switch
            {
                (byte)'<' => "\\u003c"u8,
                (byte)'>' => "\\u003e"u8,
                (byte)'&' => "\\u0026"u8,
                _ => default,
            };
            if (escape.IsEmpty)
            {
                output[at++] = b;
            }
            else
            {
                escape.CopyTo(output.AsSpan(at));
                at += escape.Length;
            }
        }

        output[at] = (byte)'\n';
        return output;
    }
}
