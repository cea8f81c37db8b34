using Sandbox;
using TestSupport;

namespace Docs.Tests;

/// <summary><c>kubectl apply -k config/</c>: what it builds, and that it applies to a cluster (the Sandbox).</summary>
public sealed class KustomizationTests
{
    [Fact]
    public async Task The_kustomization_holds_the_CRD_the_controller_and_the_channel_server_once_each()
    {
        var built = await Tool.OkAsync("kubectl", "kubernetes-client", "kustomize", RepoPaths.Config());
        var kinds = built.Split('\n').Where(l => l.StartsWith("kind: ", StringComparison.Ordinal)).Select(l => l[6..].Trim()).ToList();
        Assert.Equal(1, kinds.Count(k => k == "CustomResourceDefinition"));
        Assert.Equal(1, kinds.Count(k => k == "Namespace"));
        Assert.Equal(2, kinds.Count(k => k == "Deployment"));
        Assert.Contains("name: system-upgrade-controller", built, StringComparison.Ordinal);
        Assert.Contains("name: channel-server", built, StringComparison.Ordinal);
        Assert.Contains("pod-security.kubernetes.io/enforce: privileged", built, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_air_gapped_example_applies_with_private_images_a_pull_secret_and_the_snapshot_from_a_config_map()
    {
        var built = await Tool.OkAsync("kubectl", "kubernetes-client", "kustomize", Path.Combine(RepoPaths.Root, "docs", "examples", "air-gapped"));
        Assert.Contains("image: registry.internal.example/k3s-channels/upgrade-controller:", built, StringComparison.Ordinal);
        Assert.Contains("image: registry.internal.example/k3s-channels/channel-server:", built, StringComparison.Ordinal);
        Assert.Contains("value: /etc/channel-server/releases/k3s-releases.json", built, StringComparison.Ordinal);
        Assert.Contains("SYSTEM_UPGRADE_JOB_KUBECTL_IMAGE: registry.internal.example/rancher/kubectl:v1.30.3", built, StringComparison.Ordinal);
        Assert.DoesNotContain("image: k3s-channels/", built, StringComparison.Ordinal);

        // The guide's steps, on a cluster: the pull secret and the snapshot ConfigMap, the kustomization, the plans.
        await using var sandbox = await SandboxHost.StartAsync(new SandboxOptions { Servers = 1, Agents = 0, Simulate = false });
        string[] On(params string[] args) => ["--kubeconfig", sandbox.KubeconfigPath, .. args];
        await Tool.OkAsync("kubectl", "kubernetes-client", On("apply", "-k", Path.Combine(RepoPaths.Root, "docs", "examples", "air-gapped")));
        var kubectl = $"kubectl --kubeconfig {sandbox.KubeconfigPath} -n system-upgrade";
        await Tool.OkAsync("bash", "bash", "-c",
            $"{kubectl} create secret docker-registry registry-internal --docker-server=registry.internal.example --docker-username=fleet --docker-password=secret --dry-run=client -o yaml | {kubectl} apply -f -");
        await Tool.OkAsync("bash", "bash", "-c",
            $"{kubectl} create configmap k3s-releases --from-file=k3s-releases.json={RepoPaths.Config("k3s-releases.json")} --dry-run=client -o yaml | {kubectl} apply -f -");
        var snapshot = await Tool.OkAsync("kubectl", "kubernetes-client", On("-n", "system-upgrade", "get", "configmap", "k3s-releases", "-o", "jsonpath={.data.k3s-releases\\.json}"));
        Assert.Contains("\"tag_name\": \"v1.35.0+k3s1\"", snapshot, StringComparison.Ordinal);
        var plans = await Tool.OkAsync("kubectl", "kubernetes-client", On("apply", "-f", Path.Combine(RepoPaths.Root, "docs", "examples", "air-gapped", "plans.yaml")));
        Assert.Contains("plan.upgrade.cattle.io/agent-plan created", plans, StringComparison.Ordinal);
        var secrets = await Tool.OkAsync("kubectl", "kubernetes-client", On("-n", "system-upgrade", "get", "plan", "server-plan", "-o", "jsonpath={.spec.imagePullSecrets[0].name}"));
        Assert.Equal("registry-internal", secrets.Trim());
    }

    [Fact]
    public async Task The_monitoring_kustomization_builds_the_pod_monitors_and_the_dashboard_config_map()
    {
        var built = await Tool.OkAsync("kubectl", "kubernetes-client", "kustomize", RepoPaths.Config("monitoring"));
        Assert.Equal(2, built.Split('\n').Count(l => l.Trim() == "kind: PodMonitor"));
        Assert.Contains("grafana_dashboard: \"1\"", built, StringComparison.Ordinal);
        Assert.Contains("name: k3s-upgrades-dashboard", built, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apply_k_config_installs_everything_on_a_cluster_and_a_second_apply_changes_nothing()
    {
        await using var sandbox = await SandboxHost.StartAsync(new SandboxOptions { Servers = 1, Agents = 0, Simulate = false });
        var kubeconfig = sandbox.KubeconfigPath;

        var applied = await Tool.OkAsync("kubectl", "kubernetes-client", "--kubeconfig", kubeconfig, "apply", "-k", RepoPaths.Config());
        Assert.Contains("customresourcedefinition.apiextensions.k8s.io/plans.upgrade.cattle.io created", applied, StringComparison.Ordinal);
        Assert.Contains("deployment.apps/system-upgrade-controller created", applied, StringComparison.Ordinal);
        Assert.Contains("deployment.apps/channel-server created", applied, StringComparison.Ordinal);
        Assert.Contains("service/channel-server created", applied, StringComparison.Ordinal);

        var again = await Tool.OkAsync("kubectl", "kubernetes-client", "--kubeconfig", kubeconfig, "apply", "-k", RepoPaths.Config());
        Assert.DoesNotContain(" created", again, StringComparison.Ordinal);
        Assert.DoesNotContain(" configured", again, StringComparison.Ordinal);

        // Plans can follow once the CRD serves: the in-cluster example applies on top.
        var plans = await Tool.OkAsync("kubectl", "kubernetes-client", "--kubeconfig", kubeconfig, "apply", "-f", RepoPaths.Config("examples", "k3s-upgrade-channel.yaml"));
        Assert.Contains("plan.upgrade.cattle.io/server-plan created", plans, StringComparison.Ordinal);
        var annotations = await Tool.OkAsync("kubectl", "kubernetes-client", "--kubeconfig", kubeconfig, "-n", "system-upgrade", "get", "deployment", "channel-server",
            "-o", "jsonpath={.spec.template.metadata.annotations.prometheus\\.io/scrape}");
        Assert.Equal("true", annotations.Trim());
    }
}
