using Contracts.Plans;
using k8s;
using k8s.Models;

namespace EndToEnd.Tests;

/// <summary>Replacing rancher/system-upgrade-controller with ours on a cluster it already upgraded.</summary>
public class TakeoverTests
{
    /// <summary>
    /// The label value the reference writes for a plan with one secret and no digest annotation: hex SHA-224 of
    /// the munged version, the service account name and kubectl's hash of the secret (its DigestStatus).
    /// </summary>
    private static string ReferenceHash(string mungedVersion, string serviceAccount, string secretHash)
    {
        var digest = new Org.BouncyCastle.Crypto.Digests.Sha224Digest();
        var input = System.Text.Encoding.UTF8.GetBytes(mungedVersion + serviceAccount + secretHash);
        digest.BlockUpdate(input, 0, input.Length);
        var output = new byte[digest.GetDigestSize()];
        digest.DoFinal(output, 0);
        return Convert.ToHexStringLower(output);
    }

    /// <summary>
    /// kubectl's Secret hash, written out for this one secret: SHA-256 of its JSON (keys sorted, data in base64),
    /// the first 10 hex digits with 0, 1, 3, a, e turned into g, h, k, m, t.
    /// </summary>
    private static string KubectlSecretHash(string json)
    {
        var hex = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(json)))[..10];
        return new string(hex.Select(c => c switch { '0' => 'g', '1' => 'h', '3' => 'k', 'a' => 'm', 'e' => 't', _ => c }).ToArray());
    }

    [Fact]
    public async Task Nodes_the_reference_labeled_are_not_upgraded_again()
    {
        await using var s = await ControllerScenario.StartAsync(o => { o.Servers = 1; o.Agents = 2; });
        await s.Client.CoreV1.CreateNamespacedSecretAsync(
            new V1Secret { Metadata = new V1ObjectMeta { Name = "creds" }, Type = "Opaque", Data = new Dictionary<string, byte[]> { ["token"] = "abc"u8.ToArray() } },
            ControllerScenario.Namespace);
        var hash = ReferenceHash("v1.32.3-k3s1", "system-upgrade", KubectlSecretHash("""{"data":{"token":"YWJj"},"kind":"Secret","name":"creds","type":"Opaque"}"""));
        foreach (var node in new[] { "server-1", "agent-1" })
        {
            var patch = "{\"metadata\":{\"labels\":{\"plan.upgrade.cattle.io/takeover\":\"" + hash + "\"}}}";
            await s.Client.CoreV1.PatchNodeAsync(new V1Patch(patch, V1Patch.PatchType.MergePatch), node);
        }

        await s.StartControllerAsync();
        await s.CreatePlanAsync(Plans.For("takeover", version: ControllerScenario.StartVersion, concurrency: 3, configure: p =>
        {
            p.ServiceAccountName = "system-upgrade";
            p.Secrets = [new SecretSpec { Name = "creds" }];
            p.Cordon = true;
        }));
        await s.WaitAsync(async () => (await s.ConditionAsync("takeover", PlanConditions.Complete))?.Status == "True", "the plan completes");

        // Same hash as the reference: only the node it had not upgraded got a Job.
        Assert.Equal(hash, (await s.GetPlanAsync("takeover")).Status!.LatestHash);
        var job = Assert.Single(await s.JobsAsync());
        Assert.Equal("agent-2", job.Metadata.Labels[UpgradeLabels.Node]);
        Assert.All(await s.NodesAsync(), n => Assert.Equal(hash, n.Metadata.Labels["plan.upgrade.cattle.io/takeover"]));
        s.AssertSafe();
    }
}
