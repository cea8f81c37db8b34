using System.Text.Json.Nodes;
using Contracts.Plans;
using k8s;
using k8s.Models;
using TestSupport;

namespace Contracts.Tests.Manifests;

public class ManifestTests
{
    private static readonly Dictionary<string, Type> Types = new() { [$"{Plan.GroupVersion}/{Plan.KubeKind}"] = typeof(Plan) };

    public static TheoryData<string> ManifestFiles() =>
    [
        "crd.yaml", "system-upgrade-controller.yaml", "channel-server.yaml",
        "examples/k3s-upgrade.yaml", "examples/k3s-upgrade-channel.yaml",
    ];

    [Theory]
    [MemberData(nameof(ManifestFiles))]
    public void Every_manifest_parses_into_Kubernetes_objects(string file)
    {
        var objects = KubernetesYaml.LoadAllFromString(File.ReadAllText(RepoPaths.Config(file.Split('/'))), Types);
        Assert.NotEmpty(objects);
        foreach (var o in objects)
        {
            var typed = Assert.IsAssignableFrom<IKubernetesObject<V1ObjectMeta>>(o);
            Assert.False(string.IsNullOrEmpty(typed.Metadata.Name), $"{file}: an object without a name");
            Assert.False(string.IsNullOrEmpty(typed.ApiVersion), $"{file}: {typed.Metadata.Name} without apiVersion");
        }
    }

    [Fact]
    public void The_controller_manifest_has_the_reference_configmap_keys_and_a_hardened_deployment()
    {
        var objects = KubernetesYaml.LoadAllFromString(File.ReadAllText(RepoPaths.Config("system-upgrade-controller.yaml")), Types);
        var env = objects.OfType<V1ConfigMap>().Single(c => c.Metadata.Name == "default-controller-env");
        Assert.Equal(
            [
                "SYSTEM_UPGRADE_CONTROLLER_DEBUG", "SYSTEM_UPGRADE_CONTROLLER_THREADS", "SYSTEM_UPGRADE_JOB_ACTIVE_DEADLINE_SECONDS",
                "SYSTEM_UPGRADE_JOB_BACKOFF_LIMIT", "SYSTEM_UPGRADE_JOB_IMAGE_PULL_POLICY", "SYSTEM_UPGRADE_JOB_KUBECTL_IMAGE",
                "SYSTEM_UPGRADE_JOB_PRIVILEGED", "SYSTEM_UPGRADE_JOB_TTL_SECONDS_AFTER_FINISH", "SYSTEM_UPGRADE_PLAN_POLLING_INTERVAL",
            ],
            env.Data.Keys.Order());

        var ns = objects.OfType<V1Namespace>().Single();
        Assert.Equal("privileged", ns.Metadata.Labels["pod-security.kubernetes.io/enforce"]);
        Assert.Contains(objects.OfType<V1ServiceAccount>(), sa => sa.Metadata.Name == "system-upgrade");

        var deployment = objects.OfType<V1Deployment>().Single();
        var pod = deployment.Spec.Template.Spec;
        var container = pod.Containers.Single();
        Assert.True(pod.SecurityContext.RunAsNonRoot);
        Assert.Equal("RuntimeDefault", pod.SecurityContext.SeccompProfile.Type);
        Assert.True(container.SecurityContext.ReadOnlyRootFilesystem);
        Assert.False(container.SecurityContext.AllowPrivilegeEscalation);
        Assert.Equal(["ALL"], container.SecurityContext.Capabilities.Drop);
        Assert.NotNull(container.LivenessProbe);
        Assert.NotNull(container.ReadinessProbe);
        Assert.Contains("--leader-elect", container.Args);
        Assert.Contains(pod.Tolerations, t => t.Key == "node-role.kubernetes.io/control-plane");

        // No wildcard rules and no cluster-admin anywhere.
        foreach (var role in objects.OfType<V1ClusterRole>())
        {
            Assert.DoesNotContain(role.Rules, r => r.Verbs.Contains("*") || r.Resources.Contains("*"));
        }

        Assert.DoesNotContain(objects.OfType<V1ClusterRoleBinding>(), b => b.RoleRef.Name == "cluster-admin");
    }

    [Fact]
    public void The_channel_server_manifest_carries_the_same_channel_config_as_config_channels_yaml()
    {
        var objects = KubernetesYaml.LoadAllFromString(File.ReadAllText(RepoPaths.Config("channel-server.yaml")), Types);
        var config = objects.OfType<V1ConfigMap>().Single(c => c.Metadata.Name == "channel-server-config");
        Assert.Equal(File.ReadAllText(RepoPaths.Config("channels.yaml")), config.Data["channels.yaml"]);
        var deployment = objects.OfType<V1Deployment>().Single();
        Assert.Equal(2, deployment.Spec.Replicas);
        Assert.True(deployment.Spec.Template.Spec.SecurityContext.RunAsNonRoot);
        Assert.Single(objects.OfType<V1Service>());
    }

    [Fact]
    public void The_channel_driven_example_differs_from_the_seed_plans_only_in_following_a_channel()
    {
        var fixedPlans = KubernetesYaml.LoadAllFromString(File.ReadAllText(RepoPaths.Config("examples", "k3s-upgrade.yaml")), Types).Cast<Plan>().ToList();
        var channelPlans = KubernetesYaml.LoadAllFromString(File.ReadAllText(RepoPaths.Config("examples", "k3s-upgrade-channel.yaml")), Types).Cast<Plan>().ToList();
        Assert.Equal(fixedPlans.Count, channelPlans.Count);
        for (var i = 0; i < fixedPlans.Count; i++)
        {
            Assert.Null(channelPlans[i].Spec.Version);
            Assert.Equal("http://channel-server.system-upgrade.svc/v1-release/channels/stable", channelPlans[i].Spec.Channel);
            channelPlans[i].Spec.Channel = null;
            channelPlans[i].Spec.Version = fixedPlans[i].Spec.Version;
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(KubernetesJson.Serialize(fixedPlans[i])), JsonNode.Parse(KubernetesJson.Serialize(channelPlans[i]))));
        }
    }
}
