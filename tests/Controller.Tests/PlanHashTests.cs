using System.Net;
using Contracts.Plans;
using Controller.Planning;
using k8s.Models;
using static Controller.Tests.Fixtures;

namespace Controller.Tests;

public class PlanHashTests
{
    [Fact]
    public void Hash_is_hex_sha224_of_the_inputs()
    {
        var plan = Plan();
        var hash = PlanHash.Compute(plan, "v1.31.2-k3s1", _ => null);
        Assert.Equal(56, hash.Length);
        Assert.Matches("^[0-9a-f]+$", hash);
        // SHA-224("v1.31.2-k3s1" + "system-upgrade"), the inputs concatenated as the reference writes them.
        var expected = new Org.BouncyCastle.Crypto.Digests.Sha224Digest();
        var bytes = System.Text.Encoding.UTF8.GetBytes("v1.31.2-k3s1system-upgrade");
        expected.BlockUpdate(bytes, 0, bytes.Length);
        var output = new byte[28];
        expected.DoFinal(output, 0);
        Assert.Equal(Convert.ToHexStringLower(output), hash);
    }

    [Fact]
    public void Known_sha224_vector() // FIPS 180-4 example "abc"
    {
        var d = new Org.BouncyCastle.Crypto.Digests.Sha224Digest();
        d.BlockUpdate("abc"u8.ToArray(), 0, 3);
        var o = new byte[28];
        d.DoFinal(o, 0);
        Assert.Equal("23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7", Convert.ToHexStringLower(o));
    }

    [Fact]
    public void Version_service_account_digest_paths_and_secrets_change_the_hash()
    {
        var baseline = PlanHash.Compute(Plan(), "v1", _ => null);
        Assert.NotEqual(baseline, PlanHash.Compute(Plan(), "v2", _ => null));
        Assert.NotEqual(baseline, PlanHash.Compute(Plan(configure: s => s.ServiceAccountName = "other"), "v1", _ => null));

        var withDigest = Plan(configure: s => s.Upgrade!.Envs = [new V1EnvVar { Name = "A", Value = "1" }]);
        withDigest.Metadata.Annotations = new Dictionary<string, string> { [UpgradeLabels.Digest] = "spec.upgrade.envs" };
        var changedEnv = Plan(configure: s => s.Upgrade!.Envs = [new V1EnvVar { Name = "A", Value = "2" }]);
        changedEnv.Metadata.Annotations = withDigest.Metadata.Annotations;
        Assert.NotEqual(PlanHash.Compute(withDigest, "v1", _ => null), PlanHash.Compute(changedEnv, "v1", _ => null));
        // Without the annotation, envs do not feed the hash.
        Assert.Equal(baseline, PlanHash.Compute(Plan(configure: s => s.Upgrade!.Envs = [new V1EnvVar { Name = "A", Value = "2" }]), "v1", _ => null));

        var secretPlan = Plan(configure: s => s.Secrets = [new SecretSpec { Name = "s" }]);
        var s1 = new V1Secret { Data = new Dictionary<string, byte[]> { ["k"] = [1] } };
        var s2 = new V1Secret { Data = new Dictionary<string, byte[]> { ["k"] = [2] } };
        Assert.NotEqual(PlanHash.Compute(secretPlan, "v1", _ => s1), PlanHash.Compute(secretPlan, "v1", _ => s2));
        var ignored = Plan(configure: s => s.Secrets = [new SecretSpec { Name = "s", IgnoreUpdates = true }]);
        Assert.Equal(PlanHash.Compute(ignored, "v1", _ => s1), PlanHash.Compute(ignored, "v1", _ => s2));
    }
}
