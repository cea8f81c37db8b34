namespace Sandbox.Tests;

/// <summary>
/// The machine's kubectl picks a client version from the server's (/version follows the oldest control-plane
/// node). The seed's downgrade scenario runs nodes on v1.27, which brings kubectl 1.27: it validates against
/// OpenAPI v2, not v3, and must still apply the repository's manifests.
/// </summary>
public sealed class OlderKubectlTests
{
    [Theory]
    [InlineData("v1.27.4+k3s1")]
    [InlineData("v1.29.6+k3s1")]
    public async Task The_repository_manifests_apply_with_the_kubectl_an_older_cluster_brings(string version)
    {
        await using var sandbox = await TestSandbox.StartAsync(o => o.Version = version);
        using var kubectl = new Kubectl(sandbox.Host.KubeconfigPath);

        // Old and new kubectl print the server's version differently; both name it.
        Assert.Contains(version, await kubectl.OkAsync("version"));
        Assert.Contains("customresourcedefinition.apiextensions.k8s.io/plans.upgrade.cattle.io created",
            await kubectl.OkAsync("apply", "-f", TestSupport.RepoPaths.Config("crd.yaml")));
        Assert.Contains("deployment.apps/system-upgrade-controller created",
            await kubectl.OkAsync("apply", "-f", TestSupport.RepoPaths.Config("system-upgrade-controller.yaml")));
        var plans = await kubectl.OkAsync("apply", "-f", TestSupport.RepoPaths.Config("examples", "k3s-upgrade.yaml"));
        Assert.Contains("plan.upgrade.cattle.io/agent-plan created", plans);
        Assert.Contains("server-plan", await kubectl.OkAsync("get", "plans", "-n", "system-upgrade"));
    }
}
