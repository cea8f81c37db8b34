namespace Sandbox.Tests;

/// <summary>Every manifest the repository ships applies with kubectl, in the order the README gives.</summary>
public sealed class ManifestApplyTests
{
    [Fact]
    public async Task Every_manifest_in_config_applies_with_kubectl()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        using var kubectl = new Kubectl(sandbox.Host.KubeconfigPath);
        string Config(params string[] parts) => TestSupport.RepoPaths.Config(parts);

        Assert.Contains("customresourcedefinition.apiextensions.k8s.io/plans.upgrade.cattle.io created", await kubectl.OkAsync("apply", "-f", Config("crd.yaml")));
        Assert.Contains("deployment.apps/system-upgrade-controller created", await kubectl.OkAsync("apply", "-f", Config("system-upgrade-controller.yaml")));

        var channelServer = await kubectl.OkAsync("apply", "-f", Config("channel-server.yaml"));
        Assert.Contains("configmap/channel-server-config created", channelServer);
        Assert.Contains("deployment.apps/channel-server created", channelServer);
        Assert.Contains("service/channel-server created", channelServer);
        // The namespace has one owner (the controller manifest): applying the channel server keeps its pod-security labels.
        Assert.Equal(
            "privileged",
            (await kubectl.OkAsync("get", "namespace", "system-upgrade", "-o", "jsonpath={.metadata.labels.pod-security\\.kubernetes\\.io/enforce}")).Trim());

        Assert.Contains("plan.upgrade.cattle.io/server-plan created", await kubectl.OkAsync("apply", "-f", Config("examples", "k3s-upgrade.yaml")));
        var switched = await kubectl.OkAsync("apply", "-f", Config("examples", "k3s-upgrade-channel.yaml"));
        Assert.Contains("plan.upgrade.cattle.io/server-plan configured", switched);
        Assert.Contains("plan.upgrade.cattle.io/agent-plan configured", switched);

        var plans = await kubectl.OkAsync("get", "plans", "-n", "system-upgrade", "-o", "jsonpath={.items[*].spec.channel}");
        Assert.Equal(
            "http://channel-server.system-upgrade.svc/v1-release/channels/stable http://channel-server.system-upgrade.svc/v1-release/channels/stable",
            plans.Trim());
    }
}
