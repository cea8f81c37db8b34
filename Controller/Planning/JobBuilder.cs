using System.Security.Cryptography;
using System.Text;
using Contracts.Images;
using Contracts.Plans;
using Contracts.Versions;
using k8s;
using k8s.Models;

namespace Controller.Planning;

/// <summary>The upgrade Job for one node, created paused: <c>parallelism: 0</c>.</summary>
public static class JobBuilder
{
    public const string HostRootVolume = "host-root";
    public const string PodInfoVolume = "pod-info";
    public const string HostRootPath = "/host";
    public const string PodInfoPath = "/run/system-upgrade/pod";
    public const string SecretsRoot = "/run/system-upgrade/secrets";
    public const string SysBoot = "CAP_SYS_BOOT";

    /// <summary>Ours: a hash of the Job's template, so a Plan edit that keeps latestHash still replaces unfinished Jobs.</summary>
    public const string TemplateAnnotation = UpgradeLabels.JobTemplate;

    public static V1Job Build(Plan plan, V1Node node, string latestVersion, string latestHash, ControllerSettings settings)
    {
        var spec = plan.Spec;
        var planName = plan.Metadata.Name;
        var hostname = node.Metadata.Labels?.TryGetValue(NodeLabels.Hostname, out var h) == true ? h : node.Metadata.Name;
        var windows = node.Metadata.Labels?.TryGetValue(NodeLabels.Os, out var os) == true && os == "windows";
        var exclusive = spec.Exclusive == true;

        var labels = new Dictionary<string, string>();
        foreach (var (key, value) in plan.Metadata.Labels ?? new Dictionary<string, string>())
        {
            if (!key.Contains(UpgradeLabels.CattleMarker, StringComparison.Ordinal))
            {
                labels[key] = value;
            }
        }

        labels[UpgradeLabels.Controller] = settings.Name;
        labels[UpgradeLabels.Plan] = planName;
        labels[UpgradeLabels.Node] = node.Metadata.Name;
        labels[UpgradeLabels.Version] = latestVersion;
        labels[UpgradeLabels.Exclusive] = exclusive ? "true" : "false";
        labels[UpgradeLabels.ForPlan(planName)] = latestHash;

        var ttl = TtlSeconds(spec, settings);
        var annotations = new Dictionary<string, string>();
        foreach (var (key, value) in plan.Metadata.Annotations ?? new Dictionary<string, string>())
        {
            if (!key.Contains(UpgradeLabels.CattleMarker, StringComparison.Ordinal) && !key.Contains(UpgradeLabels.KubectlMarker, StringComparison.Ordinal)
                && !UpgradeLabels.SteersController(key))
            {
                annotations[key] = value;
            }
        }

        annotations[UpgradeLabels.TtlSecondsAfterFinished] = ttl.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var podSpec = new V1PodSpec
        {
            HostIPC = true,
            HostPID = true,
            HostNetwork = true,
            DnsPolicy = "ClusterFirstWithHostNet",
            RestartPolicy = "Never",
            ServiceAccountName = NullIfEmpty(spec.ServiceAccountName),
            PriorityClassName = NullIfEmpty(spec.PriorityClassName),
            ImagePullSecrets = spec.ImagePullSecrets is { Count: > 0 } pulls ? [.. pulls] : null,
            Affinity = Affinity(planName, hostname, exclusive),
            Tolerations = [new V1Toleration { Key = NodeLabels.UnschedulableTaint, OperatorProperty = "Exists", Effect = "NoSchedule" }, .. spec.Tolerations ?? []],
            Volumes = Volumes(spec),
            InitContainers = [],
            Containers = [],
        };

        if (windows)
        {
            podSpec.SecurityContext = new V1PodSecurityContext { WindowsOptions = HostProcess() };
        }

        if (spec.Prepare is { } prepare)
        {
            podSpec.InitContainers.Add(Container("prepare", prepare, planName, latestVersion, latestHash, settings, spec, windows, isUpgrade: false));
        }

        var kubectlImage = windows && !string.IsNullOrEmpty(settings.JobKubectlImageWindows) ? settings.JobKubectlImageWindows : settings.JobKubectlImage;
        if (spec.Drain is { } drain)
        {
            podSpec.InitContainers.Add(Container("drain", new ContainerSpec { Image = kubectlImage, Args = DrainArgs(node.Metadata.Name, drain) }, planName, latestVersion, latestHash, settings, spec, windows, isUpgrade: false, defaultTag: false));
        }
        else if (spec.Cordon == true)
        {
            podSpec.InitContainers.Add(Container("cordon", new ContainerSpec { Image = kubectlImage, Args = ["cordon", node.Metadata.Name] }, planName, latestVersion, latestHash, settings, spec, windows, isUpgrade: false, defaultTag: false));
        }

        podSpec.Containers.Add(Container("upgrade", spec.Upgrade ?? new ContainerSpec(), planName, latestVersion, latestHash, settings, spec, windows, isUpgrade: true));
        if (podSpec.InitContainers.Count == 0)
        {
            podSpec.InitContainers = null;
        }

        var job = new V1Job
        {
            ApiVersion = "batch/v1",
            Kind = "Job",
            Metadata = new V1ObjectMeta
            {
                Name = JobNames.For(planName, node.Metadata.Name, latestHash),
                NamespaceProperty = plan.Metadata.NamespaceProperty,
                Labels = labels,
                Annotations = annotations,
            },
            Spec = new V1JobSpec
            {
                BackoffLimit = settings.JobBackoffLimit,
                Completions = 1,
                Parallelism = 0,
                ActiveDeadlineSeconds = ActiveDeadlineSeconds(spec, settings),
                TtlSecondsAfterFinished = ttl,
                PodReplacementPolicy = NullIfEmpty(settings.JobPodReplacementPolicy),
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string>(labels), Annotations = new Dictionary<string, string>(annotations) },
                    Spec = podSpec,
                },
            },
        };

        job.Metadata.Annotations[TemplateAnnotation] = TemplateHash(job);
        return job;
    }

    /// <summary>Missing or negative: the controller default; 0: none; then clamped to the maximum when one is set.</summary>
    public static long? ActiveDeadlineSeconds(PlanSpec spec, ControllerSettings settings)
    {
        var seconds = spec.JobActiveDeadlineSecs is null or < 0 ? settings.JobActiveDeadlineSeconds : spec.JobActiveDeadlineSecs.Value;
        if (settings.JobActiveDeadlineSecondsMax > 0 && (seconds <= 0 || seconds > settings.JobActiveDeadlineSecondsMax))
        {
            seconds = settings.JobActiveDeadlineSecondsMax;
        }

        return seconds > 0 ? seconds : null;
    }

    /// <summary>The TTL, raised to postCompleteDelay + 60 s so a finished Job outlives the delay it measures.</summary>
    public static int TtlSeconds(PlanSpec spec, ControllerSettings settings)
    {
        var delay = PlanValidation.PostCompleteDelay(spec);
        var minimum = (long)Math.Ceiling(delay.TotalSeconds) + 60;
        return delay > TimeSpan.Zero && minimum > settings.JobTtlSecondsAfterFinished ? (int)Math.Min(minimum, int.MaxValue) : settings.JobTtlSecondsAfterFinished;
    }

    public static IList<string> DrainArgs(string nodeName, DrainSpec drain)
    {
        var selector = "!" + UpgradeLabels.Controller;
        if (drain.PodSelector is { } podSelector && LabelSelectors.Render(podSelector) is { Length: > 0 } rendered)
        {
            selector += "," + rendered;
        }

        var args = new List<string> { "drain", nodeName, "--pod-selector", selector };
        if (drain.IgnoreDaemonSets is null or true)
        {
            args.Add("--ignore-daemonsets");
        }

        // As the reference: on unless either is set to false. deleteLocalData is the old name of
        // deleteEmptydirData; kubectl 1.30 knows only the new flag.
        if ((drain.DeleteEmptydirData is null or true) && (drain.DeleteLocalData is null or true))
        {
            args.Add("--delete-emptydir-data");
        }

        if (drain.Force == true)
        {
            args.Add("--force");
        }

        if (drain.Timeout is { } timeout && TimeoutText(timeout) is { } text)
        {
            args.Add("--timeout");
            args.Add(text);
        }

        if (drain.GracePeriod is { } grace)
        {
            args.Add("--grace-period");
            args.Add(grace.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        if (drain.DisableEviction == true)
        {
            args.Add("--disable-eviction=true");
        }

        if (drain.SkipWaitForDeleteTimeout is > 0 and var skip)
        {
            args.Add("--skip-wait-for-delete-timeout");
            args.Add(skip.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return args;
    }

    // An integer is Go's time.Duration (nanoseconds); a string is passed on as written.
    private static string? TimeoutText(IntOrString timeout)
    {
        var value = timeout.Value;
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        return long.TryParse(value, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var nanos)
            ? GoDuration.Format(TimeSpan.FromTicks(nanos / 100))
            : value;
    }

    public static string SecretMountPath(SecretSpec secret) =>
        string.IsNullOrEmpty(secret.Path) ? $"{SecretsRoot}/{secret.Name}"
        : secret.Path.StartsWith('/') ? secret.Path
        : $"{SecretsRoot}/{secret.Path}";

    public static string SecretVolumeName(SecretSpec secret) => JobNames.SafeConcat("secret-" + secret.Name);

    private static V1Affinity Affinity(string planName, string hostname, bool exclusive) => new()
    {
        NodeAffinity = new V1NodeAffinity
        {
            RequiredDuringSchedulingIgnoredDuringExecution = new V1NodeSelector
            {
                NodeSelectorTerms = [new V1NodeSelectorTerm { MatchExpressions = [new V1NodeSelectorRequirement { Key = NodeLabels.Hostname, OperatorProperty = "In", Values = [hostname] }] }],
            },
        },
        PodAntiAffinity = new V1PodAntiAffinity
        {
            RequiredDuringSchedulingIgnoredDuringExecution =
            [
                new V1PodAffinityTerm
                {
                    TopologyKey = NodeLabels.Hostname,
                    LabelSelector = new V1LabelSelector
                    {
                        MatchExpressions = exclusive
                            ? [new V1LabelSelectorRequirement { Key = UpgradeLabels.Exclusive, OperatorProperty = "In", Values = ["true"] }]
                            : [new V1LabelSelectorRequirement { Key = UpgradeLabels.Plan, OperatorProperty = "In", Values = [planName] }],
                    },
                },
            ],
        },
    };

    private static List<V1Volume> Volumes(PlanSpec spec)
    {
        var volumes = new List<V1Volume>
        {
            new() { Name = HostRootVolume, HostPath = new V1HostPathVolumeSource { Path = "/", Type = "Directory" } },
            new()
            {
                Name = PodInfoVolume,
                DownwardAPI = new V1DownwardAPIVolumeSource
                {
                    Items =
                    [
                        new V1DownwardAPIVolumeFile { Path = "labels", FieldRef = new V1ObjectFieldSelector { FieldPath = "metadata.labels" } },
                        new V1DownwardAPIVolumeFile { Path = "annotations", FieldRef = new V1ObjectFieldSelector { FieldPath = "metadata.annotations" } },
                    ],
                },
            },
        };
        foreach (var secret in spec.Secrets ?? [])
        {
            volumes.Add(new V1Volume { Name = SecretVolumeName(secret), Secret = new V1SecretVolumeSource { SecretName = secret.Name, DefaultMode = secret.DefaultMode } });
        }

        foreach (var volume in spec.Upgrade?.Volumes ?? [])
        {
            volumes.Add(new V1Volume { Name = volume.Name, HostPath = new V1HostPathVolumeSource { Path = volume.Source } });
        }

        return volumes;
    }

    /// <param name="defaultTag">The plan's own images (prepare, upgrade) get <c>:latestVersion</c> when untagged; the kubectl image is used as configured.</param>
    private static V1Container Container(string name, ContainerSpec c, string planName, string latestVersion, string latestHash, ControllerSettings settings, PlanSpec spec, bool windows, bool isUpgrade, bool defaultTag = true)
    {
        var mounts = new List<V1VolumeMount>
        {
            new() { Name = HostRootVolume, MountPath = HostRootPath },
            new() { Name = PodInfoVolume, MountPath = PodInfoPath, ReadOnlyProperty = true },
        };
        foreach (var secret in spec.Secrets ?? [])
        {
            mounts.Add(new V1VolumeMount { Name = SecretVolumeName(secret), MountPath = SecretMountPath(secret), ReadOnlyProperty = true });
        }

        if (isUpgrade)
        {
            foreach (var volume in c.Volumes ?? [])
            {
                mounts.Add(new V1VolumeMount { Name = volume.Name, MountPath = volume.Destination });
            }
        }

        List<V1EnvVar> env =
        [
            new() { Name = JobEnvironment.NodeName, ValueFrom = new V1EnvVarSource { FieldRef = new V1ObjectFieldSelector { FieldPath = "spec.nodeName" } } },
            new() { Name = JobEnvironment.PodName, ValueFrom = new V1EnvVarSource { FieldRef = new V1ObjectFieldSelector { FieldPath = "metadata.name" } } },
            new() { Name = JobEnvironment.PodUid, ValueFrom = new V1EnvVarSource { FieldRef = new V1ObjectFieldSelector { FieldPath = "metadata.uid" } } },
            .. c.Envs ?? [],
            new() { Name = JobEnvironment.PlanName, Value = planName },
            new() { Name = JobEnvironment.PlanLatestHash, Value = latestHash },
            new() { Name = JobEnvironment.PlanLatestVersion, Value = latestVersion },
        ];

        var securityContext = settings.AllowUserDefinedSecurityContext ? c.SecurityContext : null;
        if (securityContext is null && isUpgrade)
        {
            securityContext = windows
                ? new V1SecurityContext { WindowsOptions = HostProcess() }
                : new V1SecurityContext { Privileged = settings.JobPrivileged, Capabilities = new V1Capabilities { Add = [SysBoot] } };
        }
        else if (securityContext is null && windows)
        {
            securityContext = new V1SecurityContext { WindowsOptions = HostProcess() };
        }

        return new V1Container
        {
            Name = name,
            Image = defaultTag ? ImageReference.WithDefaultTag(c.Image ?? "", latestVersion) : c.Image ?? "",
            ImagePullPolicy = settings.JobImagePullPolicy,
            Command = c.Command is { Count: > 0 } command ? [.. command] : null,
            Args = c.Args is { Count: > 0 } args ? [.. args] : null,
            Env = env,
            EnvFrom = c.EnvFrom is { Count: > 0 } envFrom ? [.. envFrom] : null,
            VolumeMounts = mounts,
            SecurityContext = securityContext,
        };
    }

    private static V1WindowsSecurityContextOptions HostProcess() => new() { HostProcess = true, RunAsUserName = "NT AUTHORITY\\SYSTEM" };

    private static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;

    private static string TemplateHash(V1Job job)
    {
        var text = KubernetesJson.Serialize(job.Spec);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
    }
}
