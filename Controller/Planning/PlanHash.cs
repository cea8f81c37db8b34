using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Contracts.Plans;
using k8s;
using k8s.Models;
using Org.BouncyCastle.Crypto.Digests;

namespace Controller.Planning;

/// <summary>
/// <c>latestHash</c>: hex SHA-224 over the target version, the service account, the values at the
/// digest-annotation paths and a content hash of each non-ignored secret, in spec order. A node
/// labeled with it is done; any change of these inputs starts a new rollout.
/// </summary>
public static class PlanHash
{
    public static string Compute(Plan plan, string latestVersion, Func<string, V1Secret?> secret)
    {
        // .NET has no SHA-224; BouncyCastle's is the standard one (FIPS 180-4), not hand-written here.
        var digest = new Sha224Digest();
        Write(digest, latestVersion);
        Write(digest, plan.Spec.ServiceAccountName ?? "");
        foreach (var value in DigestValues(plan))
        {
            Write(digest, value);
        }

        foreach (var s in plan.Spec.Secrets ?? [])
        {
            if (s.IgnoreUpdates != true && secret(s.Name) is { } found)
            {
                Write(digest, SecretHash(found));
            }
        }

        var output = new byte[digest.GetDigestSize()];
        digest.DoFinal(output, 0);
        return Convert.ToHexStringLower(output);
    }

    /// <summary>
    /// The value at each comma-separated dotted path of the digest annotation, as text the way the reference
    /// controller renders it, so that a node it labeled keeps its label valid here: a list counts by its first
    /// element (an empty list, a missing value or null is ""), objects print as Go's <c>map[key:value ...]</c>
    /// with sorted keys, lists inside them as <c>[a b]</c>, and the result is trimmed. A numeric part of a path
    /// indexes a list. Entries are trimmed of spaces (the reference would look up " spec..." and find nothing).
    /// </summary>
    public static IEnumerable<string> DigestValues(Plan plan)
    {
        if (plan.Metadata.Annotations is null || !plan.Metadata.Annotations.TryGetValue(UpgradeLabels.Digest, out var paths) || string.IsNullOrWhiteSpace(paths))
        {
            yield break;
        }

        var root = JsonNode.Parse(KubernetesJson.Serialize(plan));
        foreach (var path in paths.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            JsonNode? node = root;
            foreach (var part in path.Split('.'))
            {
                node = node switch
                {
                    JsonObject obj => obj.TryGetPropertyValue(part, out var child) ? child : null,
                    JsonArray list => int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < list.Count ? list[i] : null,
                    _ => null,
                };
            }

            if (node is JsonArray { Count: > 0 } first)
            {
                node = first[0];
            }
            else if (node is JsonArray)
            {
                node = null;
            }

            yield return node is null ? "" : GoText(node).Trim();
        }
    }

    // What Go's fmt prints for a value decoded from JSON (numbers kept as their literal text).
    private static string GoText(JsonNode? node) => node switch
    {
        null => "<nil>",
        JsonObject obj => "map[" + string.Join(' ', obj.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + ":" + GoText(p.Value))) + "]",
        JsonArray list => "[" + string.Join(' ', list.Select(GoText)) + "]",
        JsonValue value => value.GetValueKind() switch
        {
            JsonValueKind.String => value.GetValue<string>(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => value.ToJsonString(),
        },
        _ => node.ToJsonString(),
    };

    /// <summary>
    /// kubectl's Secret hash, which the reference controller feeds into <c>latestHash</c>: SHA-256 of the JSON
    /// object {data (values base64), immutable (when set), kind "Secret", name, type} with its keys sorted, then
    /// the first 10 hex digits with 0, 1, 3, a, e mapped to g, h, k, m, t.
    /// </summary>
    /// <remarks>
    /// Go's encoder also escapes &lt;, &gt; and &amp;; no valid Secret key or name holds them, so only a type
    /// string with them would hash differently from the reference.
    /// </remarks>
    public static string SecretHash(V1Secret secret)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            if (secret.Data is null)
            {
                json.WriteNull("data");
            }
            else
            {
                json.WriteStartObject("data");
                foreach (var (key, value) in secret.Data.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                {
                    json.WriteString(key, Convert.ToBase64String(value ?? []));
                }

                json.WriteEndObject();
            }

            if (secret.Immutable is { } immutable)
            {
                json.WriteBoolean("immutable", immutable);
            }

            json.WriteString("kind", "Secret");
            json.WriteString("name", secret.Metadata?.Name ?? "");
            json.WriteString("type", secret.Type ?? "");
            json.WriteEndObject();
        }

        var hex = Convert.ToHexStringLower(SHA256.HashData(buffer.WrittenSpan));
        return string.Create(10, hex, static (chars, h) =>
        {
            for (var i = 0; i < chars.Length; i++)
            {
                chars[i] = h[i] switch { '0' => 'g', '1' => 'h', '3' => 'k', 'a' => 'm', 'e' => 't', var c => c };
            }
        });
    }

    private static void Write(Sha224Digest digest, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        digest.BlockUpdate(bytes, 0, bytes.Length);
    }
}
