using Contracts.Images;
using Contracts.Plans;
using Controller.Planning;
using k8s.Models;
using static Controller.Tests.Fixtures;

namespace Controller.Tests;

public class JobBuilderTests
{
    private const string Hash = "0123456789abcdef0123456789abcdef0123456789abcdef01234567";

    private static V1Job Build(Plan plan, V1Node? node = null, ControllerSettings? settings = null) =>
        JobBuilder.Build(plan, node ?? Node("node-1.example.com"), "v1.31.2-k3s1", Hash, settings ?? Settings);

    [Fact]
    public void Job_names_are_cut_to_63_characters_keeping_them_unique()
    {
        var a = JobNames.For("a-very-long-plan-name-for-servers", "node-with-a-long-name.example.com", Hash);
        var b = JobNames.For("a-very-long-plan-name-for-servers", "node-with-a-long-name.example.com", Hash.Replace('0', '1'));
        Assert.True(a.Length <= 63, a);
        Assert.StartsWith("apply-a-very-long-plan-name-for-servers-on-node-with-a-lo", a);
        Assert.Equal(63, a.Length);
        Assert.NotEqual(a, b);
        Assert.Matches("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", a);
        Assert.Equal("apply-p-on-n-with-abc", JobNames.For("p", "n.domain", "abc"));
    }

    [Theory]
    [InlineData(12345L, 0L, 12345L)]
    [InlineData(null, 0L, 600L)]
    [InlineData(0L, 0L, null)]
    [InlineData(-1L, 0L, 600L)]
    [InlineData(12345L, 600L, 600L)]
    [InlineData(0L, 600L, 600L)]
    [InlineData(300L, 600L, 300L)]
    public void Active_deadline_follows_the_plan_the_default_and_the_max(long? planValue, long max, long? expected)
    {
        var plan = Plan(configure: s => s.JobActiveDeadlineSecs = planValue);
        var job = Build(plan, settings: Settings with { JobActiveDeadlineSecondsMax = max });
        Assert.Equal(expected, job.Spec.ActiveDeadlineSeconds);
    }

    [Fact]
    public void Labels_and_annotations_are_propagated_without_cattle_io_keys()
    {
        var plan = Plan();
        plan.Metadata.Labels = new Dictionary<string, string> { ["team"] = "infra", ["upgrade.cattle.io/x"] = "no", ["plan.upgrade.cattle.io/y"] = "no" };
        plan.Metadata.Annotations = new Dictionary<string, string> { ["note"] = "yes", ["upgrade.cattle.io/digest"] = "spec.upgrade", ["kubectl.kubernetes.io/last-applied-configuration"] = "{}" };
        var job = Build(plan);
        Assert.Equal("infra", job.Metadata.Labels["team"]);
        Assert.DoesNotContain("upgrade.cattle.io/x", job.Metadata.Labels.Keys);
        Assert.DoesNotContain("plan.upgrade.cattle.io/y", job.Metadata.Labels.Keys);
        Assert.Equal("yes", job.Metadata.Annotations["note"]);
        Assert.DoesNotContain(UpgradeLabels.Digest, job.Metadata.Annotations.Keys);
        Assert.DoesNotContain("kubectl.kubernetes.io/last-applied-configuration", job.Metadata.Annotations.Keys);
        Assert.Equal("infra", job.Spec.Template.Metadata.Labels["team"]);
        Assert.Equal("system-upgrade-controller", job.Metadata.Labels[UpgradeLabels.Controller]);
        Assert.Equal("server-plan", job.Metadata.Labels[UpgradeLabels.Plan]);
        Assert.Equal("node-1.example.com", job.Metadata.Labels[UpgradeLabels.Node]);
        Assert.Equal("v1.31.2-k3s1", job.Metadata.Labels[UpgradeLabels.Version]);
        Assert.Equal("false", job.Metadata.Labels[UpgradeLabels.Exclusive]);
        Assert.Equal(Hash, job.Metadata.Labels["plan.upgrade.cattle.io/server-plan"]);
        Assert.Equal("900", job.Metadata.Annotations[UpgradeLabels.TtlSecondsAfterFinished]);
    }

    [Fact]
    public void Job_shape_follows_the_reference()
    {
        var plan = Plan(configure: s =>
        {
            s.PriorityClassName = "system-node-critical";
            s.ImagePullSecrets = [new V1LocalObjectReference { Name = "regcred" }];
            s.Tolerations = [new V1Toleration { Key = "CriticalAddonsOnly", OperatorProperty = "Exists" }];
        });
        var job = Build(plan);
        Assert.Equal(0, job.Spec.Parallelism);
        Assert.Equal(1, job.Spec.Completions);
        Assert.Equal(2, job.Spec.BackoffLimit);
        Assert.Equal(900, job.Spec.TtlSecondsAfterFinished);
        Assert.Equal("TerminatingOrFailed", job.Spec.PodReplacementPolicy);
        Assert.Null(job.Metadata.OwnerReferences);
        var pod = job.Spec.Template.Spec;
        Assert.True(pod.HostIPC == true && pod.HostPID == true && pod.HostNetwork == true);
        Assert.Equal("ClusterFirstWithHostNet", pod.DnsPolicy);
        Assert.Equal("Never", pod.RestartPolicy);
        Assert.Equal("system-upgrade", pod.ServiceAccountName);
        Assert.Equal("system-node-critical", pod.PriorityClassName);
        Assert.Equal("regcred", Assert.Single(pod.ImagePullSecrets).Name);
        var term = Assert.Single(pod.Affinity.NodeAffinity.RequiredDuringSchedulingIgnoredDuringExecution.NodeSelectorTerms);
        var req = Assert.Single(term.MatchExpressions);
        Assert.Equal((NodeLabels.Hostname, "In", "node-1.example.com"), (req.Key, req.OperatorProperty, Assert.Single(req.Values)));
        var anti = Assert.Single(pod.Affinity.PodAntiAffinity.RequiredDuringSchedulingIgnoredDuringExecution);
        Assert.Equal(NodeLabels.Hostname, anti.TopologyKey);
        Assert.Equal(UpgradeLabels.Plan, Assert.Single(anti.LabelSelector.MatchExpressions).Key);
        Assert.Equal(["node.kubernetes.io/unschedulable", "CriticalAddonsOnly"], pod.Tolerations.Select(t => t.Key));
        Assert.Equal("NoSchedule", pod.Tolerations[0].Effect);
        Assert.Equal(["host-root", "pod-info"], pod.Volumes.Select(v => v.Name));
        Assert.Equal("Directory", pod.Volumes[0].HostPath.Type);
        Assert.Equal(["labels", "annotations"], pod.Volumes[1].DownwardAPI.Items.Select(i => i.Path));
        Assert.Null(pod.InitContainers);
        var upgrade = Assert.Single(pod.Containers);
        Assert.Equal("upgrade", upgrade.Name);
        Assert.Equal("rancher/k3s-upgrade:v1.31.2-k3s1", upgrade.Image);
        Assert.Equal("IfNotPresent", upgrade.ImagePullPolicy);
        Assert.True(upgrade.SecurityContext.Privileged);
        Assert.Equal(["CAP_SYS_BOOT"], upgrade.SecurityContext.Capabilities.Add);
        Assert.Contains(upgrade.VolumeMounts, m => m.Name == "host-root" && m.MountPath == "/host");
        Assert.Contains(upgrade.VolumeMounts, m => m.Name == "pod-info" && m.MountPath == "/run/system-upgrade/pod" && m.ReadOnlyProperty == true);
    }

    [Fact]
    public void Node_affinity_uses_the_hostname_label_rather_than_the_name()
    {
        var node = Node("node-1", labels: new() { [NodeLabels.Hostname] = "host-a" });
        var job = Build(Plan(), node);
        Assert.Equal("host-a", job.Spec.Template.Spec.Affinity.NodeAffinity.RequiredDuringSchedulingIgnoredDuringExecution.NodeSelectorTerms[0].MatchExpressions[0].Values[0]);
    }

    [Fact]
    public void Exclusive_plans_repel_every_exclusive_pod()
    {
        var job = Build(Plan(configure: s => s.Exclusive = true));
        Assert.Equal("true", job.Metadata.Labels[UpgradeLabels.Exclusive]);
        var expr = job.Spec.Template.Spec.Affinity.PodAntiAffinity.RequiredDuringSchedulingIgnoredDuringExecution[0].LabelSelector.MatchExpressions[0];
        Assert.Equal((UpgradeLabels.Exclusive, "In", "true"), (expr.Key, expr.OperatorProperty, expr.Values[0]));
    }

    [Fact]
    public void Env_order_is_downward_api_then_plan_envs_then_plan_values()
    {
        var plan = Plan(configure: s => s.Upgrade!.Envs = [new V1EnvVar { Name = "B", Value = "2" }, new V1EnvVar { Name = "A", Value = "1" }]);
        var env = Build(plan).Spec.Template.Spec.Containers[0].Env;
        Assert.Equal(
            ["SYSTEM_UPGRADE_NODE_NAME", "SYSTEM_UPGRADE_POD_NAME", "SYSTEM_UPGRADE_POD_UID", "B", "A", "SYSTEM_UPGRADE_PLAN_NAME", "SYSTEM_UPGRADE_PLAN_LATEST_HASH", "SYSTEM_UPGRADE_PLAN_LATEST_VERSION"],
            env.Select(e => e.Name));
        Assert.Equal("spec.nodeName", env[0].ValueFrom.FieldRef.FieldPath);
        Assert.Equal("metadata.name", env[1].ValueFrom.FieldRef.FieldPath);
        Assert.Equal("metadata.uid", env[2].ValueFrom.FieldRef.FieldPath);
        Assert.Equal(["server-plan", Hash, "v1.31.2-k3s1"], env.Skip(5).Select(e => e.Value));
    }

    [Theory]
    [InlineData("rancher/k3s-upgrade", "rancher/k3s-upgrade:v1.24.6-k3s1")]
    [InlineData("rancher/k3s-upgrade:v1.2.3", "rancher/k3s-upgrade:v1.2.3")]
    [InlineData("registry.local:5000/rancher/k3s-upgrade", "registry.local:5000/rancher/k3s-upgrade:v1.24.6-k3s1")]
    [InlineData("registry.local:5000/rancher/k3s-upgrade:v9", "registry.local:5000/rancher/k3s-upgrade:v9")]
    [InlineData("rancher/k3s-upgrade@sha256:abcd", "rancher/k3s-upgrade@sha256:abcd")]
    [InlineData("localhost:5000/k3s-upgrade", "localhost:5000/k3s-upgrade:v1.24.6-k3s1")]
    public void Image_without_tag_gets_the_version(string image, string expected) =>
        Assert.Equal(expected, ImageReference.WithDefaultTag(image, "v1.24.6-k3s1"));

    [Fact]
    public void Secrets_mount_by_path_rules_into_every_container()
    {
        var plan = Plan(configure: s =>
        {
            s.Cordon = true;
            s.Prepare = new ContainerSpec { Image = "busybox", Args = ["prepare"] };
            s.Secrets = [new SecretSpec { Name = "plain" }, new SecretSpec { Name = "rel", Path = "sub/dir" }, new SecretSpec { Name = "abs", Path = "/etc/abs", DefaultMode = 256 }];
        });
        var pod = Build(plan).Spec.Template.Spec;
        Assert.Equal(["host-root", "pod-info", "secret-plain", "secret-rel", "secret-abs"], pod.Volumes.Select(v => v.Name));
        Assert.Equal(256, pod.Volumes[4].Secret.DefaultMode);
        foreach (var c in pod.InitContainers.Concat(pod.Containers))
        {
            var mounts = c.VolumeMounts.Where(m => m.Name.StartsWith("secret-", StringComparison.Ordinal)).ToList();
            Assert.Equal(["/run/system-upgrade/secrets/plain", "/run/system-upgrade/secrets/sub/dir", "/etc/abs"], mounts.Select(m => m.MountPath));
            Assert.All(mounts, m => Assert.True(m.ReadOnlyProperty));
        }
    }

    [Fact]
    public void Init_containers_are_prepare_then_cordon()
    {
        var plan = Plan(configure: s =>
        {
            s.Cordon = true;
            s.Prepare = new ContainerSpec { Image = "rancher/k3s-upgrade", Args = ["prepare", "server-plan"] };
        });
        var pod = Build(plan).Spec.Template.Spec;
        Assert.Equal(["prepare", "cordon"], pod.InitContainers.Select(c => c.Name));
        Assert.Equal("rancher/k3s-upgrade:v1.31.2-k3s1", pod.InitContainers[0].Image);
        Assert.Equal(["cordon", "node-1.example.com"], pod.InitContainers[1].Args);
        Assert.Equal("rancher/kubectl:v1.30.3", pod.InitContainers[1].Image);
    }

    [Fact]
    public void The_kubectl_image_is_used_as_configured_without_the_plans_default_tag()
    {
        var settings = Settings with { JobKubectlImage = "registry.local:5000/rancher/kubectl" };
        var cordon = Build(Plan(configure: s => s.Cordon = true), settings: settings).Spec.Template.Spec.InitContainers.Single();
        var drain = Build(Plan(configure: s => s.Drain = new DrainSpec()), settings: settings).Spec.Template.Spec.InitContainers.Single();
        Assert.Equal(("registry.local:5000/rancher/kubectl", "registry.local:5000/rancher/kubectl"), (cordon.Image, drain.Image));
    }

    [Fact]
    public void Drain_replaces_cordon_and_has_default_flags()
    {
        var plan = Plan(configure: s => { s.Cordon = true; s.Drain = new DrainSpec(); });
        var pod = Build(plan).Spec.Template.Spec;
        var drain = Assert.Single(pod.InitContainers);
        Assert.Equal("drain", drain.Name);
        Assert.Equal(["drain", "node-1.example.com", "--pod-selector", "!upgrade.cattle.io/controller", "--ignore-daemonsets", "--delete-emptydir-data"], drain.Args);
    }

    public static TheoryData<string, DrainSpec, string[]> DrainCases => new()
    {
        { "neither deleteEmptydirData nor deleteLocalData, as the reference", new DrainSpec { IgnoreDaemonSets = false }, ["--delete-emptydir-data"] },
        { "deleteEmptydirData false", new DrainSpec { IgnoreDaemonSets = false, DeleteEmptydirData = false }, [] },
        { "deleteLocalData false", new DrainSpec { IgnoreDaemonSets = false, DeleteLocalData = false }, [] },
        { "deleteEmptydirData", new DrainSpec { IgnoreDaemonSets = false, DeleteEmptydirData = true }, ["--delete-emptydir-data"] },
        { "deleteLocalData", new DrainSpec { IgnoreDaemonSets = false, DeleteLocalData = true }, ["--delete-emptydir-data"] },
        { "force", new DrainSpec { IgnoreDaemonSets = false, DeleteEmptydirData = false, Force = true }, ["--force"] },
        { "timeout ns", new DrainSpec { IgnoreDaemonSets = false, DeleteEmptydirData = false, Timeout = (IntOrString)"300000000000" }, ["--timeout", "5m0s"] },
        { "timeout string", new DrainSpec { IgnoreDaemonSets = false, DeleteEmptydirData = false, Timeout = (IntOrString)"90s" }, ["--timeout", "90s"] },
        { "gracePeriod", new DrainSpec { IgnoreDaemonSets = false, DeleteEmptydirData = false, GracePeriod = 30 }, ["--grace-period", "30"] },
        { "disableEviction", new DrainSpec { IgnoreDaemonSets = false, DeleteEmptydirData = false, DisableEviction = true }, ["--disable-eviction=true"] },
        { "skipWait -1", new DrainSpec { IgnoreDaemonSets = false, DeleteEmptydirData = false, SkipWaitForDeleteTimeout = -1 }, [] },
        { "skipWait 0", new DrainSpec { IgnoreDaemonSets = false, DeleteEmptydirData = false, SkipWaitForDeleteTimeout = 0 }, [] },
        { "skipWait 1", new DrainSpec { IgnoreDaemonSets = false, DeleteEmptydirData = false, SkipWaitForDeleteTimeout = 1 }, ["--skip-wait-for-delete-timeout", "1"] },
    };

    [Theory]
    [MemberData(nameof(DrainCases))]
    public void Drain_flags_follow_each_option(string _, DrainSpec drain, string[] flags)
    {
        var args = JobBuilder.DrainArgs("n1", drain);
        Assert.Equal(["drain", "n1", "--pod-selector", "!upgrade.cattle.io/controller", .. flags], args);
    }

    [Fact]
    public void Drain_pod_selector_is_added_to_the_controller_exclusion()
    {
        var drain = new DrainSpec
        {
            PodSelector = new V1LabelSelector
            {
                MatchLabels = new Dictionary<string, string> { ["app"] = "web" },
                MatchExpressions = [new V1LabelSelectorRequirement { Key = "tier", OperatorProperty = "NotIn", Values = ["db", "cache"] }],
            },
        };
        Assert.Equal("!upgrade.cattle.io/controller,app=web,tier notin (cache,db)", JobBuilder.DrainArgs("n1", drain)[3]);
    }

    [Fact]
    public void Plan_security_context_and_volumes_are_used_for_upgrade()
    {
        var plan = Plan(configure: s =>
        {
            s.Upgrade!.SecurityContext = new V1SecurityContext { RunAsUser = 0 };
            s.Upgrade.Volumes = [new VolumeSpec { Name = "cfg", Source = "/etc/rancher", Destination = "/config" }];
        });
        var pod = Build(plan).Spec.Template.Spec;
        Assert.Equal(0, pod.Containers[0].SecurityContext.RunAsUser);
        Assert.Null(pod.Containers[0].SecurityContext.Privileged);
        Assert.Equal("/etc/rancher", pod.Volumes.Single(v => v.Name == "cfg").HostPath.Path);
        Assert.Contains(pod.Containers[0].VolumeMounts, m => m.Name == "cfg" && m.MountPath == "/config");
    }

    [Fact]
    public void Unprivileged_setting_is_honoured()
    {
        var job = Build(Plan(), settings: Settings with { JobPrivileged = false, JobImagePullPolicy = "Always", JobBackoffLimit = 5, JobPodReplacementPolicy = "Failed" });
        Assert.False(job.Spec.Template.Spec.Containers[0].SecurityContext.Privileged);
        Assert.Equal("Always", job.Spec.Template.Spec.Containers[0].ImagePullPolicy);
        Assert.Equal(5, job.Spec.BackoffLimit);
        Assert.Equal("Failed", job.Spec.PodReplacementPolicy);
    }

    [Fact]
    public void Windows_nodes_get_the_windows_kubectl_and_host_process()
    {
        var node = Node("win-1", labels: new() { [NodeLabels.Os] = "windows" });
        var job = Build(Plan(configure: s => s.Cordon = true), node, Settings with { JobKubectlImageWindows = "rancher/kubectl:v1.30.3-windows" });
        var pod = job.Spec.Template.Spec;
        Assert.Equal("rancher/kubectl:v1.30.3-windows", pod.InitContainers[0].Image);
        Assert.True(pod.SecurityContext.WindowsOptions.HostProcess);
        Assert.True(pod.Containers[0].SecurityContext.WindowsOptions.HostProcess);
        Assert.Null(pod.Containers[0].SecurityContext.Privileged);
    }

    [Fact]
    public void Ttl_is_raised_past_the_post_complete_delay()
    {
        Assert.Equal(900, JobBuilder.TtlSeconds(Plan(configure: s => s.PostCompleteDelay = "5m").Spec, Settings));
        Assert.Equal(3660, JobBuilder.TtlSeconds(Plan(configure: s => s.PostCompleteDelay = "1h").Spec, Settings));
    }

    [Fact]
    public void Template_hash_changes_with_args_but_not_between_builds()
    {
        var a = Build(Plan());
        var b = Build(Plan());
        var c = Build(Plan(configure: s => s.Upgrade!.Args = ["--debug"]));
        Assert.Equal(a.Metadata.Annotations[JobBuilder.TemplateAnnotation], b.Metadata.Annotations[JobBuilder.TemplateAnnotation]);
        Assert.NotEqual(a.Metadata.Annotations[JobBuilder.TemplateAnnotation], c.Metadata.Annotations[JobBuilder.TemplateAnnotation]);
    }

    [Fact]
    public void Without_user_defined_security_contexts_the_plans_own_is_ignored()
    {
        var plan = Plan(configure: s => s.Upgrade!.SecurityContext = new V1SecurityContext { Privileged = false });
        Assert.False(Build(plan).Spec.Template.Spec.Containers[0].SecurityContext.Privileged);
        var strict = Build(plan, settings: Settings with { AllowUserDefinedSecurityContext = false }).Spec.Template.Spec.Containers[0].SecurityContext;
        Assert.True(strict.Privileged);
        Assert.Equal(["CAP_SYS_BOOT"], strict.Capabilities.Add);
    }
}
