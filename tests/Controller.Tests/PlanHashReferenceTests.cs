using System.Net;
using Contracts.Plans;
using Controller.Planning;
using k8s.Models;
using static Controller.Tests.Fixtures;

namespace Controller.Tests;

public class PlanHashReferenceTests
{
    // kubectl's own vectors (k8s.io/kubectl/pkg/util/hash), the function the reference feeds into latestHash.
    [Theory]
    [InlineData(new string[0], "t75bgf6ctb")]
    [InlineData(new[] { "one=" }, "74bd68bm66")]
    [InlineData(new[] { "two=2", "one=", "three=3" }, "dgcb6h9tmk")]
    public void Secret_hash_is_kubectls(string[] entries, string expected)
    {
        var secret = new V1Secret
        {
            Type = "my-type",
            Data = entries.Select(e => e.Split('=')).ToDictionary(kv => kv[0], kv => System.Text.Encoding.UTF8.GetBytes(kv[1])),
        };
        Assert.Equal(expected, PlanHash.SecretHash(secret));
    }

    [Fact]
    public void Secret_hash_reads_name_type_data_and_immutable_only()
    {
        var secret = new V1Secret { Metadata = new V1ObjectMeta { Name = "s", ResourceVersion = "1" }, Type = "Opaque", Data = new Dictionary<string, byte[]> { ["k"] = [1] } };
        var baseline = PlanHash.SecretHash(secret);
        Assert.Matches("^[0-9b-df-z]{10}$", baseline);
        secret.Metadata.ResourceVersion = "2";
        Assert.Equal(baseline, PlanHash.SecretHash(secret));
        secret.Data["k"] = [2];
        Assert.NotEqual(baseline, PlanHash.SecretHash(secret));
        secret.Data["k"] = [1];
        secret.Immutable = false;
        Assert.NotEqual(baseline, PlanHash.SecretHash(secret));
        secret.Immutable = null;
        secret.Metadata.Name = "t";
        Assert.NotEqual(baseline, PlanHash.SecretHash(secret));
    }

    [Fact]
    public void Digest_paths_read_as_the_reference_prints_them()
    {
        var plan = Plan(configure: s =>
        {
            s.Upgrade!.Envs = [new V1EnvVar { Name = "A", Value = "1" }, new V1EnvVar { Name = "B", Value = "2" }];
            s.Upgrade.Args = [];
            s.Concurrency = 2;
            s.Cordon = true;
            s.NodeSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["z"] = "1", ["a"] = "2" } };
        });
        plan.Metadata.Annotations = new Dictionary<string, string>
        {
            [UpgradeLabels.Digest] = "spec.upgrade.image,spec.upgrade.envs,spec.upgrade.args,spec.concurrency,spec.cordon,spec.nodeSelector,spec.missing.path,spec.upgrade.envs.1.value,,",
        };
        Assert.Equal(
            ["rancher/k3s-upgrade", "map[name:A value:1]", "", "2", "true", "map[matchLabels:map[a:2 z:1]]", "", "2"],
            PlanHash.DigestValues(plan));
    }

    [Fact]
    public void Latest_hash_concatenates_version_account_digest_values_and_secret_hashes()
    {
        var plan = Plan(configure: s =>
        {
            s.Upgrade!.Envs = [new V1EnvVar { Name = "A", Value = "1" }];
            s.Secrets = [new SecretSpec { Name = "creds" }, new SecretSpec { Name = "skipped", IgnoreUpdates = true }];
        });
        plan.Metadata.Annotations = new Dictionary<string, string> { [UpgradeLabels.Digest] = "spec.upgrade.envs" };
        var creds = new V1Secret { Metadata = new V1ObjectMeta { Name = "creds" }, Type = "Opaque", Data = new Dictionary<string, byte[]> { ["token"] = "abc"u8.ToArray() } };
        var input = "v1.31.2-k3s1" + "system-upgrade" + "map[name:A value:1]" + PlanHash.SecretHash(creds);
        var expected = new Org.BouncyCastle.Crypto.Digests.Sha224Digest();
        var bytes = System.Text.Encoding.UTF8.GetBytes(input);
        expected.BlockUpdate(bytes, 0, bytes.Length);
        var output = new byte[28];
        expected.DoFinal(output, 0);
        Assert.Equal(Convert.ToHexStringLower(output), PlanHash.Compute(plan, "v1.31.2-k3s1", name => name == "creds" ? creds : null));
    }

    [Fact]
    public void Like_the_reference_a_list_path_follows_its_first_element_only()
    {
        // The reference renders a list by its first element; matching it keeps the labels of nodes it upgraded valid.
        // A path with an index (spec.upgrade.envs.1) reaches the others.
        Plan WithEnvs(string second)
        {
            var p = Plan(configure: s => s.Upgrade!.Envs = [new V1EnvVar { Name = "A", Value = "1" }, new V1EnvVar { Name = "B", Value = second }]);
            p.Metadata.Annotations = new Dictionary<string, string> { [UpgradeLabels.Digest] = "spec.upgrade.envs" };
            return p;
        }

        Assert.Equal(PlanHash.Compute(WithEnvs("x"), "v1", _ => null), PlanHash.Compute(WithEnvs("y"), "v1", _ => null));
        Plan Indexed(string second)
        {
            var p = WithEnvs(second);
            p.Metadata.Annotations![UpgradeLabels.Digest] = "spec.upgrade.envs,spec.upgrade.envs.1";
            return p;
        }

        Assert.NotEqual(PlanHash.Compute(Indexed("x"), "v1", _ => null), PlanHash.Compute(Indexed("y"), "v1", _ => null));
    }
}
