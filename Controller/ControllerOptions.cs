using System.Collections;
using System.Globalization;
using System.Text;
using Contracts.Versions;
using Controller.Planning;

namespace Controller;

/// <summary>How the controller is started: the reference's flags and environment variables, with its defaults.</summary>
public sealed record ControllerOptions
{
    public required string Name { get; init; }
    public required string Namespace { get; init; }
    public string? NodeName { get; init; }
    public bool LeaderElect { get; init; }
    public string? Kubeconfig { get; init; }
    public string? Master { get; init; }

    /// <summary>Use the service account of the pod; only ever chosen explicitly, never as a fallback.</summary>
    public bool InCluster { get; init; }

    public int Threads { get; init; } = 2;
    public bool Debug { get; init; }

    public long JobActiveDeadlineSeconds { get; init; } = ControllerSettings.DefaultJobActiveDeadlineSeconds;
    public long JobActiveDeadlineSecondsMax { get; init; }
    public int JobBackoffLimit { get; init; } = 2;
    public string JobImagePullPolicy { get; init; } = "IfNotPresent";
    public string JobKubectlImage { get; init; } = "rancher/kubectl:v1.30.3";
    public string? JobKubectlImageWindows { get; init; }
    public bool JobPrivileged { get; init; } = true;
    public int JobTtlSecondsAfterFinished { get; init; } = 900;
    public string JobPodReplacementPolicy { get; init; } = "TerminatingOrFailed";

    /// <summary>The reference's ALLOW_USER_DEFINED_SECURITY_CONTEXT: false ignores the security contexts a Plan gives.</summary>
    public bool AllowUserDefinedSecurityContext { get; init; } = true;

    /// <summary>How long a node may take, after its Job completed, to be Ready at the target; then its Plan halts.</summary>
    public TimeSpan NodeReadyTimeout { get; init; } = ControllerSettings.DefaultNodeReadyTimeout;

    /// <summary>Prometheus to ask for firing alerts before a node starts (kured's idea); null: no alert gate.</summary>
    public Uri? PrometheusUrl { get; init; }

    /// <summary>Only alerts whose name matches this regular expression hold a rollout; null: every firing alert.</summary>
    public string? AlertFilter { get; init; }

    /// <summary>When Prometheus cannot be read: false (the default) reports it and goes on; true holds new nodes.</summary>
    public bool BlockOnAlertsUnavailable { get; init; }

    /// <summary>Values of 1m or less are ignored (the reference's rule) unless <see cref="AllowShortPollingInterval"/>.</summary>
    public TimeSpan PlanPollingInterval { get; init; } = DefaultPollingInterval;

    /// <summary>For tests and demos only: not reachable from flags or environment.</summary>
    public bool AllowShortPollingInterval { get; init; }

    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(15);
    public TimeSpan RenewDeadline { get; init; } = TimeSpan.FromSeconds(10);
    public TimeSpan RetryPeriod { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How long one API call may take to answer (headers) before it fails and the Plan is retried.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Server-side timeout of each watch request; the informers resume afterwards.</summary>
    public int WatchTimeoutSeconds { get; init; } = 300;

    public static readonly TimeSpan DefaultPollingInterval = TimeSpan.FromMinutes(15);

    public TimeSpan EffectivePollingInterval =>
        PlanPollingInterval > TimeSpan.FromMinutes(1) || (AllowShortPollingInterval && PlanPollingInterval > TimeSpan.Zero) ? PlanPollingInterval : DefaultPollingInterval;

    public ControllerSettings Settings => new()
    {
        Name = Name,
        Namespace = Namespace,
        JobActiveDeadlineSeconds = JobActiveDeadlineSeconds,
        JobActiveDeadlineSecondsMax = JobActiveDeadlineSecondsMax,
        JobBackoffLimit = JobBackoffLimit,
        JobImagePullPolicy = JobImagePullPolicy,
        JobKubectlImage = JobKubectlImage,
        JobKubectlImageWindows = JobKubectlImageWindows,
        JobPrivileged = JobPrivileged,
        JobTtlSecondsAfterFinished = JobTtlSecondsAfterFinished,
        JobPodReplacementPolicy = JobPodReplacementPolicy,
        AllowUserDefinedSecurityContext = AllowUserDefinedSecurityContext,
        NodeReadyTimeout = NodeReadyTimeout,
        BlockOnAlertsUnavailable = BlockOnAlertsUnavailable,
        PlanPollingInterval = EffectivePollingInterval,
    };

    public const string Usage = """
        Usage: Controller --name NAME --namespace NAMESPACE [options]

        A drop-in system-upgrade-controller (upgrade.cattle.io/v1 Plans) that follows release channels.

          --name NAME            controller name, labels its Jobs        [SYSTEM_UPGRADE_CONTROLLER_NAME] (required)
          --namespace NS         namespace of Plans, Jobs and Secrets    [SYSTEM_UPGRADE_CONTROLLER_NAMESPACE] (required)
          --node-name NAME       node the controller runs on             [SYSTEM_UPGRADE_CONTROLLER_NODE_NAME]
          --leader-elect         elect a leader on Lease NS/NAME         [SYSTEM_UPGRADE_CONTROLLER_LEADER_ELECT]
          --kubeconfig FILE      kubeconfig to use                       [SYSTEM_UPGRADE_CONTROLLER_KUBE_CONFIG, else KUBECONFIG]
          --master URL           API server address (overrides kubeconfig) [SYSTEM_UPGRADE_CONTROLLER_MASTER_URL, else KUBERNETES_MASTER]
          --in-cluster           use the pod's service account (the default when neither of the two above is given and the process runs in a pod)
          --threads N            concurrent Plan reconciliations (2)     [SYSTEM_UPGRADE_CONTROLLER_THREADS]
          --debug                debug logging                           [SYSTEM_UPGRADE_CONTROLLER_DEBUG]
          --prometheus-url URL   hold new nodes while alerts fire there  [SYSTEM_UPGRADE_PROMETHEUS_URL]
          --alert-filter-regexp RE  only alerts whose name matches hold  [SYSTEM_UPGRADE_ALERT_FILTER_REGEXP]
          --block-on-prometheus-unreachable  hold new nodes while Prometheus cannot be read (default: report and go on)
                                                                 [SYSTEM_UPGRADE_BLOCK_ON_PROMETHEUS_UNREACHABLE]
          --help                 this text

        Environment (Job defaults):
          SYSTEM_UPGRADE_JOB_ACTIVE_DEADLINE_SECONDS      600 (0: no deadline)
          SYSTEM_UPGRADE_JOB_ACTIVE_DEADLINE_SECONDS_MAX  0 (no maximum)
          SYSTEM_UPGRADE_JOB_BACKOFF_LIMIT                2
          SYSTEM_UPGRADE_JOB_IMAGE_PULL_POLICY            IfNotPresent
          SYSTEM_UPGRADE_JOB_KUBECTL_IMAGE                rancher/kubectl:v1.30.3
          SYSTEM_UPGRADE_JOB_KUBECTL_IMAGE_WINDOWS        (none)
          SYSTEM_UPGRADE_JOB_PRIVILEGED                   true
          SYSTEM_UPGRADE_JOB_TTL_SECONDS_AFTER_FINISH     900
          SYSTEM_UPGRADE_JOB_POD_REPLACEMENT_POLICY       TerminatingOrFailed
          SYSTEM_UPGRADE_PLAN_POLLING_INTERVAL            15m (1m or less is ignored)
          ALLOW_USER_DEFINED_SECURITY_CONTEXT             true (false: a Plan's securityContext is ignored)
          SYSTEM_UPGRADE_NODE_READY_TIMEOUT               10m (a Plan's upgrade.channels.dev/node-ready-timeout wins)
        """;

    private static readonly Dictionary<string, string?> FlagEnv = new()
    {
        ["name"] = "SYSTEM_UPGRADE_CONTROLLER_NAME",
        ["namespace"] = "SYSTEM_UPGRADE_CONTROLLER_NAMESPACE",
        ["node-name"] = "SYSTEM_UPGRADE_CONTROLLER_NODE_NAME",
        ["leader-elect"] = "SYSTEM_UPGRADE_CONTROLLER_LEADER_ELECT",
        ["kubeconfig"] = "SYSTEM_UPGRADE_CONTROLLER_KUBE_CONFIG",
        ["master"] = "SYSTEM_UPGRADE_CONTROLLER_MASTER_URL",
        ["in-cluster"] = null,
        ["threads"] = "SYSTEM_UPGRADE_CONTROLLER_THREADS",
        ["debug"] = "SYSTEM_UPGRADE_CONTROLLER_DEBUG",
        ["prometheus-url"] = "SYSTEM_UPGRADE_PROMETHEUS_URL",
        ["alert-filter-regexp"] = "SYSTEM_UPGRADE_ALERT_FILTER_REGEXP",
        ["block-on-prometheus-unreachable"] = "SYSTEM_UPGRADE_BLOCK_ON_PROMETHEUS_UNREACHABLE",
    };

    /// <summary>Names the reference does not read but kubectl users set: used when the reference's own are empty.</summary>
    private static readonly Dictionary<string, string> FallbackEnv = new()
    {
        ["kubeconfig"] = "KUBECONFIG",
        ["master"] = "KUBERNETES_MASTER",
    };

    private static readonly HashSet<string> BoolFlags = ["leader-elect", "debug", "in-cluster", "block-on-prometheus-unreachable"];

    /// <summary>Reads flags, then the environment for what the flags left out; every bad value is named.</summary>
    public static ParseResult Parse(IReadOnlyList<string> args, IDictionary environment)
    {
        var errors = new List<string>();
        var values = new Dictionary<string, string>();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg is "--help" or "-h")
            {
                return new ParseResult(null, [], Help: true);
            }

            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                errors.Add($"unexpected argument \"{arg}\"");
                continue;
            }

            var body = arg[2..];
            var eq = body.IndexOf('=', StringComparison.Ordinal);
            var name = eq >= 0 ? body[..eq] : body;
            if (!FlagEnv.ContainsKey(name))
            {
                errors.Add($"unknown flag --{name}");
                continue;
            }

            if (eq >= 0)
            {
                values[name] = body[(eq + 1)..];
            }
            else if (BoolFlags.Contains(name))
            {
                values[name] = "true";
            }
            else if (i + 1 < args.Count)
            {
                values[name] = args[++i];
            }
            else
            {
                errors.Add($"flag --{name} needs a value");
            }
        }

        string? Get(string flag) =>
            values.TryGetValue(flag, out var v) ? v
            : FlagEnv[flag] is { } env && environment[env] is string e && e.Length > 0 ? e
            : FallbackEnv.TryGetValue(flag, out var fallback) && environment[fallback] is string f && f.Length > 0 ? f
            : null;
        string? Env(string name) => environment[name] is string e && e.Length > 0 ? e : null;

        var name_ = Get("name");
        var ns = Get("namespace");
        if (string.IsNullOrEmpty(name_))
        {
            errors.Add("--name (SYSTEM_UPGRADE_CONTROLLER_NAME) is required");
        }

        if (string.IsNullOrEmpty(ns))
        {
            errors.Add("--namespace (SYSTEM_UPGRADE_CONTROLLER_NAMESPACE) is required");
        }

        bool Bool(string label, string? text, bool fallback)
        {
            if (text is null)
            {
                return fallback;
            }

            // What Go's strconv.ParseBool accepts, as the reference reads these.
            switch (text)
            {
                case "1" or "t" or "T" or "TRUE" or "true" or "True":
                    return true;
                case "0" or "f" or "F" or "FALSE" or "false" or "False":
                    return false;
            }

            errors.Add($"{label}: \"{text}\" is not true or false");
            return fallback;
        }

        long Long(string label, string? text, long fallback, long min, long max = long.MaxValue)
        {
            if (text is null)
            {
                return fallback;
            }

            if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max)
            {
                return n;
            }

            errors.Add(max == long.MaxValue
                ? $"{label}: \"{text}\" is not a whole number of at least {min}"
                : $"{label}: \"{text}\" is not a whole number from {min} to {max}");
            return fallback;
        }

        int Int(string label, string? text, int fallback, int min) => (int)Long(label, text, fallback, min, int.MaxValue);

        string Choice(string label, string? text, string fallback, params string[] allowed)
        {
            if (text is null)
            {
                return fallback;
            }

            if (allowed.Contains(text))
            {
                return text;
            }

            errors.Add($"{label}: \"{text}\" is not one of {string.Join(", ", allowed)}");
            return fallback;
        }

        var interval = DefaultPollingInterval;
        if (Env("SYSTEM_UPGRADE_PLAN_POLLING_INTERVAL") is { } intervalText)
        {
            if (GoDuration.TryParse(intervalText, out var parsed, out var error))
            {
                interval = parsed;
            }
            else
            {
                errors.Add($"SYSTEM_UPGRADE_PLAN_POLLING_INTERVAL: {error}");
            }
        }

        var readyTimeout = ControllerSettings.DefaultNodeReadyTimeout;
        if (Env("SYSTEM_UPGRADE_NODE_READY_TIMEOUT") is { } readyText)
        {
            if (GoDuration.TryParse(readyText, out var parsed, out var error) && parsed > TimeSpan.Zero)
            {
                readyTimeout = parsed;
            }
            else
            {
                errors.Add($"SYSTEM_UPGRADE_NODE_READY_TIMEOUT: {error ?? "must be above 0"}");
            }
        }

        Uri? prometheus = null;
        if (Get("prometheus-url") is { } prometheusText)
        {
            if (Uri.TryCreate(prometheusText, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
            {
                prometheus = uri;
            }
            else
            {
                errors.Add($"--prometheus-url (SYSTEM_UPGRADE_PROMETHEUS_URL): \"{prometheusText}\" is not an http(s) URL");
            }
        }

        var alertFilter = Get("alert-filter-regexp");
        if (alertFilter is not null)
        {
            try
            {
                _ = new System.Text.RegularExpressions.Regex(alertFilter, System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1));
            }
            catch (ArgumentException e)
            {
                errors.Add($"--alert-filter-regexp (SYSTEM_UPGRADE_ALERT_FILTER_REGEXP): {e.Message}");
            }
        }

        var options = new ControllerOptions
        {
            Name = name_ ?? "",
            Namespace = ns ?? "",
            NodeName = Get("node-name"),
            LeaderElect = Bool("--leader-elect (SYSTEM_UPGRADE_CONTROLLER_LEADER_ELECT)", Get("leader-elect"), false),
            Kubeconfig = Get("kubeconfig"),
            Master = Get("master"),
            InCluster = Bool("--in-cluster", Get("in-cluster"), false),
            Threads = Int("--threads (SYSTEM_UPGRADE_CONTROLLER_THREADS)", Get("threads"), 2, 1),
            Debug = Bool("--debug (SYSTEM_UPGRADE_CONTROLLER_DEBUG)", Get("debug"), false),
            JobActiveDeadlineSeconds = Long("SYSTEM_UPGRADE_JOB_ACTIVE_DEADLINE_SECONDS", Env("SYSTEM_UPGRADE_JOB_ACTIVE_DEADLINE_SECONDS"), ControllerSettings.DefaultJobActiveDeadlineSeconds, 0),
            JobActiveDeadlineSecondsMax = Long("SYSTEM_UPGRADE_JOB_ACTIVE_DEADLINE_SECONDS_MAX", Env("SYSTEM_UPGRADE_JOB_ACTIVE_DEADLINE_SECONDS_MAX"), 0, 0),
            JobBackoffLimit = Int("SYSTEM_UPGRADE_JOB_BACKOFF_LIMIT", Env("SYSTEM_UPGRADE_JOB_BACKOFF_LIMIT"), 2, 0),
            JobImagePullPolicy = Choice("SYSTEM_UPGRADE_JOB_IMAGE_PULL_POLICY", Env("SYSTEM_UPGRADE_JOB_IMAGE_PULL_POLICY"), "IfNotPresent", "Always", "IfNotPresent", "Never"),
            JobKubectlImage = Env("SYSTEM_UPGRADE_JOB_KUBECTL_IMAGE") ?? "rancher/kubectl:v1.30.3",
            JobKubectlImageWindows = Env("SYSTEM_UPGRADE_JOB_KUBECTL_IMAGE_WINDOWS"),
            JobPrivileged = Bool("SYSTEM_UPGRADE_JOB_PRIVILEGED", Env("SYSTEM_UPGRADE_JOB_PRIVILEGED"), true),
            JobTtlSecondsAfterFinished = Int("SYSTEM_UPGRADE_JOB_TTL_SECONDS_AFTER_FINISH", Env("SYSTEM_UPGRADE_JOB_TTL_SECONDS_AFTER_FINISH"), 900, 0),
            JobPodReplacementPolicy = Choice("SYSTEM_UPGRADE_JOB_POD_REPLACEMENT_POLICY", Env("SYSTEM_UPGRADE_JOB_POD_REPLACEMENT_POLICY"), "TerminatingOrFailed", "TerminatingOrFailed", "Failed"),
            PlanPollingInterval = interval,
            AllowUserDefinedSecurityContext = Bool("ALLOW_USER_DEFINED_SECURITY_CONTEXT", Env("ALLOW_USER_DEFINED_SECURITY_CONTEXT"), true),
            NodeReadyTimeout = readyTimeout,
            PrometheusUrl = prometheus,
            AlertFilter = alertFilter,
            BlockOnAlertsUnavailable = Bool("--block-on-prometheus-unreachable (SYSTEM_UPGRADE_BLOCK_ON_PROMETHEUS_UNREACHABLE)", Get("block-on-prometheus-unreachable"), false),
        };

        if (options.InCluster && (options.Kubeconfig is not null || options.Master is not null))
        {
            errors.Add("--in-cluster cannot be combined with --kubeconfig or --master");
        }

        return new ParseResult(errors.Count == 0 ? options : null, errors, Help: false);
    }

    public sealed record ParseResult(ControllerOptions? Options, IReadOnlyList<string> Errors, bool Help)
    {
        public string ErrorText()
        {
            var sb = new StringBuilder();
            foreach (var e in Errors)
            {
                sb.Append("error: ").AppendLine(e);
            }

            return sb.Append("Run with --help for the flags and environment variables.").ToString();
        }
    }
}
