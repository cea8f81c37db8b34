using System.Collections;
using System.Text;
using Controller.Planning;

namespace Controller;

/// <summary>How the controller is started: the reference's flags and environment variables, with its defaults.</summary>
public sealed record ControllerOptions
{
    /// <summary>The Job defaults are written once, on <see cref="ControllerSettings"/>.</summary>
    private static readonly ControllerSettings Defaults = new() { Name = "", Namespace = "" };

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

    public long JobActiveDeadlineSeconds { get; init; } = Defaults.JobActiveDeadlineSeconds;
    public long JobActiveDeadlineSecondsMax { get; init; } = Defaults.JobActiveDeadlineSecondsMax;
    public int JobBackoffLimit { get; init; } = Defaults.JobBackoffLimit;
    public string JobImagePullPolicy { get; init; } = Defaults.JobImagePullPolicy;
    public string JobKubectlImage { get; init; } = Defaults.JobKubectlImage;
    public string? JobKubectlImageWindows { get; init; }
    public bool JobPrivileged { get; init; } = Defaults.JobPrivileged;
    public int JobTtlSecondsAfterFinished { get; init; } = Defaults.JobTtlSecondsAfterFinished;
    public string JobPodReplacementPolicy { get; init; } = Defaults.JobPodReplacementPolicy;

    /// <summary>The reference's ALLOW_USER_DEFINED_SECURITY_CONTEXT: false ignores the security contexts a Plan gives.</summary>
    public bool AllowUserDefinedSecurityContext { get; init; } = Defaults.AllowUserDefinedSecurityContext;

    /// <summary>How long a node may take, after its Job completed, to be Ready at the target; then its Plan halts.</summary>
    public TimeSpan NodeReadyTimeout { get; init; } = Defaults.NodeReadyTimeout;

    /// <summary>Prometheus to ask for firing alerts before a node starts (kured's idea); null: no alert gate.</summary>
    public Uri? PrometheusUrl { get; init; }

    /// <summary>Only alerts whose name matches this regular expression hold a rollout; null: every firing alert.</summary>
    public string? AlertFilter { get; init; }

    /// <summary>Sent to Prometheus as a bearer token; prints as [redacted].</summary>
    public Contracts.CommandLine.SecretText? PrometheusBearerToken { get; init; }

    /// <summary>When Prometheus cannot be read: false (the default) reports it and goes on; true holds new nodes.</summary>
    public bool BlockOnAlertsUnavailable { get; init; }

    /// <summary>How often Prometheus' alerts are read (not a flag: tests and demos shorten it).</summary>
    public TimeSpan AlertsInterval { get; init; } = TimeSpan.FromSeconds(30);

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

    public static readonly TimeSpan DefaultPollingInterval = Defaults.PlanPollingInterval;

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

    /// <summary>The help text, generated from <see cref="Options.ControllerOptionTable"/>.</summary>
    public static string Usage => Options.ControllerOptionTable.Usage();

    /// <summary>Reads flags, then the environment for what the flags left out; every bad value is named.</summary>
    public static ParseResult Parse(IReadOnlyList<string> args, IDictionary environment) => Options.ControllerOptionTable.Parse(args, environment);

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
