using System.Security.Cryptography;
using System.Text;
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
                Write(digest, SecretContentHash(found));
            }
        }

        var output = new byte[digest.GetDigestSize()];
        digest.DoFinal(output, 0);
        return Convert.ToHexStringLower(output);
    }

    /// <summary>The JSON text at each comma-separated dotted path of the digest annotation ("" where nothing is).</summary>
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
                node = node is JsonObject obj && obj.TryGetPropertyValue(part, out var child) ? child : null;
            }

            yield return node?.ToJsonString() ?? "";
        }
    }

    /// <summary>SHA-256 over the secret's keys in order with their values, so a change of any value changes it.</summary>
    public static string SecretContentHash(V1Secret secret)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (key, value) in (secret.Data ?? new Dictionary<string, byte[]>()).OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            sha.AppendData(Encoding.UTF8.GetBytes(key));
            sha.AppendData([0]);
            sha.AppendData(value ?? []);
            sha.AppendData([0]);
        }

        foreach (var (key, value) in (secret.StringData ?? new Dictionary<string, string>()).OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            sha.AppendData(Encoding.UTF8.GetBytes(key));
            sha.AppendData([1]);
            sha.AppendData(Encoding.UTF8.GetBytes(value ?? ""));
            sha.AppendData([0]);
        }

        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    private static void Write(Sha224Digest digest, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        digest.BlockUpdate(bytes, 0, bytes.Length);
    }
}
