using k8s;

namespace Sandbox.Tests;

/// <summary>The kube-system namespace's UID is the cluster id: every sandbox has its own unless it is fixed.</summary>
public sealed class ClusterIdentityTests
{
    private static async Task<string> ClusterIdAsync(Action<SandboxOptions>? configure = null)
    {
        await using var sandbox = await TestSandbox.StartAsync(o =>
        {
            o.Simulate = false;
            configure?.Invoke(o);
        });
        return (await sandbox.Client.CoreV1.ReadNamespaceAsync("kube-system")).Metadata.Uid;
    }

    [Fact]
    public async Task Two_sandboxes_with_the_same_seed_are_two_clusters()
    {
        var a = await ClusterIdAsync();
        var b = await ClusterIdAsync();
        Assert.NotEqual(a, b);
        Assert.True(Guid.TryParse(a, out _), a);
    }

    [Fact]
    public async Task A_uid_seed_makes_the_cluster_id_reproducible()
    {
        var seeded = CommandLine.Parse(["--uid-seed", "42"], out _).UidSeed;
        Assert.Equal(42, seeded);
        var a = await ClusterIdAsync(o => o.UidSeed = seeded);
        var b = await ClusterIdAsync(o => o.UidSeed = seeded);
        var other = await ClusterIdAsync(o => o.UidSeed = 43);
        Assert.Equal(a, b);
        Assert.NotEqual(a, other);
    }
}
