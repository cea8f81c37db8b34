using System.Collections;
using System.Text;
using Contracts.CommandLine;
using static Contracts.CommandLine.OptionParsers;

namespace Controller.Options;

/// <summary>
/// Every flag and environment variable of the controller, once: the reference's names (main.go and
/// pkg/upgrade/job) with its defaults, then ours. Parsing, lookups and the help text all come from here;
/// the defaults live on <see cref="ControllerOptions"/> and <see cref="Planning.ControllerSettings"/>.
/// </summary>
public static class ControllerOptionTable
{
    private const string Controller = "Controller";
    private const string Jobs = "Job defaults (environment)";
    private const string Gates = "Health gates (ours)";

    private static TypedOptionRow<ControllerOptions, T> Row<T>(string? flag, string[] env, string help, string section, Parser<T> parse, Func<ControllerOptions, T, ControllerOptions> set, Func<ControllerOptions, object?> get) =>
        new(flag, env, help, section, parse, set, get);

    public static IReadOnlyList<OptionRow<ControllerOptions>> All { get; } =
    [
        Row<string>("name", ["SYSTEM_UPGRADE_CONTROLLER_NAME"], "controller name, labels its Jobs", Controller, Text, (o, v) => o with { Name = v }, o => o.Name) with { Required = true },
        Row<string>("namespace", ["SYSTEM_UPGRADE_CONTROLLER_NAMESPACE"], "namespace of Plans, Jobs and Secrets", Controller, Text, (o, v) => o with { Namespace = v }, o => o.Namespace) with { Required = true },
        Row<string>("node-name", ["SYSTEM_UPGRADE_CONTROLLER_NODE_NAME"], "node the controller runs on", Controller, Text, (o, v) => o with { NodeName = v }, o => o.NodeName),
        Row<bool>("leader-elect", ["SYSTEM_UPGRADE_CONTROLLER_LEADER_ELECT"], "elect a leader on Lease NAMESPACE/NAME", Controller, Bool, (o, v) => o with { LeaderElect = v }, o => o.LeaderElect) with { IsSwitch = true },
        Row<string>("kubeconfig", ["SYSTEM_UPGRADE_CONTROLLER_KUBE_CONFIG", "KUBECONFIG"], "kubeconfig to use", Controller, Text, (o, v) => o with { Kubeconfig = v }, o => o.Kubeconfig),
        Row<string>("master", ["SYSTEM_UPGRADE_CONTROLLER_MASTER_URL", "KUBERNETES_MASTER"], "API server address (overrides the kubeconfig's)", Controller, Text, (o, v) => o with { Master = v }, o => o.Master),
        Row<bool>("in-cluster", [], "use the pod's service account (also the choice when neither of the two above is given and the process runs in a pod)", Controller, Bool, (o, v) => o with { InCluster = v }, o => o.InCluster) with { IsSwitch = true },
        Row<int>("threads", ["SYSTEM_UPGRADE_CONTROLLER_THREADS"], "concurrent Plan reconciliations", Controller, Int(1), (o, v) => o with { Threads = v }, o => o.Threads),
        Row<bool>("debug", ["SYSTEM_UPGRADE_CONTROLLER_DEBUG"], "debug logging", Controller, Bool, (o, v) => o with { Debug = v }, o => o.Debug) with { IsSwitch = true },

        Row<long>(null, ["SYSTEM_UPGRADE_JOB_ACTIVE_DEADLINE_SECONDS"], "Job deadline when a Plan sets none (0: no deadline)", Jobs, Long(0), (o, v) => o with { JobActiveDeadlineSeconds = v }, o => o.JobActiveDeadlineSeconds),
        Row<long>(null, ["SYSTEM_UPGRADE_JOB_ACTIVE_DEADLINE_SECONDS_MAX"], "largest deadline a Plan may ask for (0: no maximum)", Jobs, Long(0), (o, v) => o with { JobActiveDeadlineSecondsMax = v }, o => o.JobActiveDeadlineSecondsMax),
        Row<int>(null, ["SYSTEM_UPGRADE_JOB_BACKOFF_LIMIT"], "pod retries of a Job", Jobs, Int(0), (o, v) => o with { JobBackoffLimit = v }, o => o.JobBackoffLimit),
        Row<string>(null, ["SYSTEM_UPGRADE_JOB_IMAGE_PULL_POLICY"], "imagePullPolicy of every container", Jobs, Choice("Always", "IfNotPresent", "Never"), (o, v) => o with { JobImagePullPolicy = v }, o => o.JobImagePullPolicy),
        Row<string>(null, ["SYSTEM_UPGRADE_JOB_KUBECTL_IMAGE"], "image of the cordon and drain containers", Jobs, Text, (o, v) => o with { JobKubectlImage = v }, o => o.JobKubectlImage),
        Row<string>(null, ["SYSTEM_UPGRADE_JOB_KUBECTL_IMAGE_WINDOWS"], "the same for Windows nodes", Jobs, Text, (o, v) => o with { JobKubectlImageWindows = v }, o => o.JobKubectlImageWindows),
        Row<bool>(null, ["SYSTEM_UPGRADE_JOB_PRIVILEGED"], "upgrade container privileged when the Plan gives no securityContext", Jobs, Bool, (o, v) => o with { JobPrivileged = v }, o => o.JobPrivileged),
        Row<int>(null, ["SYSTEM_UPGRADE_JOB_TTL_SECONDS_AFTER_FINISH"], "finished Jobs are deleted after this", Jobs, Int(0), (o, v) => o with { JobTtlSecondsAfterFinished = v }, o => o.JobTtlSecondsAfterFinished),
        Row<string>(null, ["SYSTEM_UPGRADE_JOB_POD_REPLACEMENT_POLICY"], "podReplacementPolicy of Jobs", Jobs, Choice("TerminatingOrFailed", "Failed"), (o, v) => o with { JobPodReplacementPolicy = v }, o => o.JobPodReplacementPolicy),
        Row<TimeSpan>(null, ["SYSTEM_UPGRADE_PLAN_POLLING_INTERVAL"], "channel polling interval (1m or less is ignored)", Jobs, Duration(positive: false), (o, v) => o with { PlanPollingInterval = v }, o => o.PlanPollingInterval),
        Row<bool>(null, ["ALLOW_USER_DEFINED_SECURITY_CONTEXT"], "false: a Plan's securityContext is ignored", Jobs, Bool, (o, v) => o with { AllowUserDefinedSecurityContext = v }, o => o.AllowUserDefinedSecurityContext),

        Row<TimeSpan>(null, ["SYSTEM_UPGRADE_NODE_READY_TIMEOUT"], "after its Job, how long a node may take to be Ready at the target before the Plan halts (a Plan's upgrade.channels.dev/node-ready-timeout wins)", Gates, Duration(positive: true), (o, v) => o with { NodeReadyTimeout = v }, o => o.NodeReadyTimeout),
        Row<Uri>("prometheus-url", ["SYSTEM_UPGRADE_PROMETHEUS_URL"], "no new node starts while an alert fires there", Gates, HttpUrl, (o, v) => o with { PrometheusUrl = v }, o => o.PrometheusUrl),
        Row<string>("prometheus-alert-regexp", ["SYSTEM_UPGRADE_PROMETHEUS_ALERT_REGEXP"], "only firing alerts whose name matches hold a rollout (kured's --alert-filter-regexp is the opposite: names to ignore)", Gates, Pattern, (o, v) => o with { AlertFilter = v }, o => o.AlertFilter),
        Row<SecretText>("prometheus-bearer-token", ["SYSTEM_UPGRADE_PROMETHEUS_BEARER_TOKEN"], "sent as Authorization: Bearer to Prometheus", Gates, Secret, (o, v) => o with { PrometheusBearerToken = v }, o => o.PrometheusBearerToken),
        Row<bool>("block-on-prometheus-unreachable", ["SYSTEM_UPGRADE_BLOCK_ON_PROMETHEUS_UNREACHABLE"], "hold new nodes while Prometheus cannot be read (default: report it and go on)", Gates, Bool, (o, v) => o with { BlockOnAlertsUnavailable = v }, o => o.BlockOnAlertsUnavailable) with { IsSwitch = true },
    ];

    private static readonly OptionTable<ControllerOptions> Table = new(All);

    /// <summary>The row of a flag, by its name without dashes.</summary>
    public static OptionRow<ControllerOptions> Flag(string name) => Table.Flag(name);

    /// <summary>Flags first, then the environment for what the flags left out; every problem is reported, not just the first.</summary>
    public static ControllerOptions.ParseResult Parse(IReadOnlyList<string> args, IDictionary environment)
    {
        var result = Table.Parse(args, name => environment[name] as string, new ControllerOptions { Name = "", Namespace = "" }, Check);
        return new ControllerOptions.ParseResult(result.Options, result.Errors, result.Help);
    }

    private static ControllerOptions Check(ControllerOptions options, ICollection<string> errors)
    {
        if (options.InCluster && (options.Kubeconfig is not null || options.Master is not null))
        {
            errors.Add("--in-cluster cannot be combined with --kubeconfig or --master");
        }

        if (options.AlertFilter is not null && options.PrometheusUrl is null)
        {
            errors.Add("--prometheus-alert-regexp needs --prometheus-url");
        }

        return options;
    }

    /// <summary>The help text, written from the rows.</summary>
    public static string Usage()
    {
        var defaults = new ControllerOptions { Name = "", Namespace = "" };
        var sb = new StringBuilder()
            .AppendLine("Usage: Controller --name NAME --namespace NAMESPACE [options]")
            .AppendLine()
            .AppendLine("A drop-in system-upgrade-controller (upgrade.cattle.io/v1 Plans) that follows release channels.");
        sb.Append(Table.Help(defaults));
        return sb.AppendLine().AppendLine("  --help").AppendLine("      this text").ToString();
    }
}
