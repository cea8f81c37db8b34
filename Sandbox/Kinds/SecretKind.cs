using System.Text.Json.Nodes;
using Sandbox.Storage;

namespace Sandbox.Kinds;

/// <summary>Secrets: type Opaque by default; <c>stringData</c> is write-only.</summary>
internal static class SecretKind
{
    public static readonly ResourceType Type = new("", "v1", "secrets", "Secret", true);

    public static KindDescriptor Descriptor { get; } = new(Type)
    {
        OnCreate = obj =>
        {
            obj["type"] ??= "Opaque";
            MergeStringData(obj);
        },
        OnUpdate = (next, _) => MergeStringData(next),
        WakesSimulation = false,
    };

    /// <summary>
    /// A Secret's <c>stringData</c> is write-only: its entries are stored base64-encoded in <c>data</c> (winning
    /// over a key of the same name there) and the field itself is never stored nor returned.
    /// </summary>
    private static void MergeStringData(JsonObject secret)
    {
        if (secret["stringData"] is not JsonObject stringData)
        {
            secret.Remove("stringData");
            return;
        }

        var data = secret["data"] as JsonObject ?? new JsonObject();
        foreach (var (key, value) in stringData)
        {
            var text = value?.GetValueKind() == System.Text.Json.JsonValueKind.String ? value.GetValue<string>() : value?.ToJsonString() ?? "";
            data[key] = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(text));
        }

        secret["data"] = data;
        secret.Remove("stringData");
    }
}
