using System.Net;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Controller.Kubernetes;
using Controller.Reconciliation;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Controller.Tests;

public class ControllerOptionsTests
{
    private static ControllerOptions.ParseResult Parse(string[] args, Dictionary<string, string>? env = null) =>
        ControllerOptions.Parse(args, new System.Collections.Hashtable(env ?? []));

    [Fact]
    public void Defaults_follow_the_reference()
    {
        var o = Parse(["--name", "suc", "--namespace", "system-upgrade"]).Options!;
        Assert.Equal((2, false, false), (o.Threads, o.LeaderElect, o.Debug));
        var s = o.Settings;
        Assert.Equal(600, s.JobActiveDeadlineSeconds);
        Assert.Equal(0, s.JobActiveDeadlineSecondsMax);
        Assert.Equal(2, s.JobBackoffLimit);
        Assert.Equal("IfNotPresent", s.JobImagePullPolicy);
        Assert.Equal("rancher/kubectl:v1.30.3", s.JobKubectlImage);
        Assert.True(s.JobPrivileged);
        Assert.Equal(900, s.JobTtlSecondsAfterFinished);
        Assert.Equal("TerminatingOrFailed", s.JobPodReplacementPolicy);
        Assert.Equal(TimeSpan.FromMinutes(15), s.PlanPollingInterval);
    }

    [Fact]
    public void Environment_fills_what_flags_leave_out()
    {
        var o = Parse(["--leader-elect", "--threads=4"], new()
        {
            ["SYSTEM_UPGRADE_CONTROLLER_NAME"] = "suc",
            ["SYSTEM_UPGRADE_CONTROLLER_NAMESPACE"] = "ns",
            ["SYSTEM_UPGRADE_JOB_ACTIVE_DEADLINE_SECONDS_MAX"] = "7200",
            ["SYSTEM_UPGRADE_JOB_PRIVILEGED"] = "false",
            ["SYSTEM_UPGRADE_PLAN_POLLING_INTERVAL"] = "1h",
        }).Options!;
        Assert.Equal(("suc", "ns", true, 4), (o.Name, o.Namespace, o.LeaderElect, o.Threads));
        Assert.Equal(7200, o.Settings.JobActiveDeadlineSecondsMax);
        Assert.False(o.Settings.JobPrivileged);
        Assert.Equal(TimeSpan.FromHours(1), o.Settings.PlanPollingInterval);
    }

    [Fact]
    public void Polling_interval_of_a_minute_or_less_is_ignored_unless_allowed_from_code()
    {
        var o = Parse(["--name", "a", "--namespace", "b"], new() { ["SYSTEM_UPGRADE_PLAN_POLLING_INTERVAL"] = "30s" }).Options!;
        Assert.Equal(TimeSpan.FromMinutes(15), o.Settings.PlanPollingInterval);
        Assert.Equal(TimeSpan.FromSeconds(30), (o with { AllowShortPollingInterval = true }).Settings.PlanPollingInterval);
    }

    [Fact]
    public void Bad_values_are_named()
    {
        var r = Parse(["--threads", "zero"], new()
        {
            ["SYSTEM_UPGRADE_JOB_BACKOFF_LIMIT"] = "-1",
            ["SYSTEM_UPGRADE_JOB_IMAGE_PULL_POLICY"] = "Sometimes",
            ["SYSTEM_UPGRADE_PLAN_POLLING_INTERVAL"] = "soon",
            ["SYSTEM_UPGRADE_JOB_PRIVILEGED"] = "maybe",
        });
        Assert.Null(r.Options);
        var text = r.ErrorText();
        foreach (var name in new[] { "--name", "--namespace", "--threads", "SYSTEM_UPGRADE_JOB_BACKOFF_LIMIT", "SYSTEM_UPGRADE_JOB_IMAGE_PULL_POLICY", "SYSTEM_UPGRADE_PLAN_POLLING_INTERVAL", "SYSTEM_UPGRADE_JOB_PRIVILEGED" })
        {
            Assert.Contains(name, text);
        }
    }

    [Fact]
    public void Numbers_past_their_range_are_named_instead_of_wrapping()
    {
        var r = Parse(["--name", "a", "--namespace", "b", "--threads", "4294967297"], new()
        {
            ["SYSTEM_UPGRADE_JOB_TTL_SECONDS_AFTER_FINISH"] = "3000000000",
            ["SYSTEM_UPGRADE_JOB_ACTIVE_DEADLINE_SECONDS"] = "-5",
            ["SYSTEM_UPGRADE_JOB_POD_REPLACEMENT_POLICY"] = "Never",
        });
        Assert.Null(r.Options);
        var text = r.ErrorText();
        Assert.Contains("--threads (SYSTEM_UPGRADE_CONTROLLER_THREADS): \"4294967297\" is not a whole number from 1 to 2147483647", text);
        Assert.Contains("SYSTEM_UPGRADE_JOB_TTL_SECONDS_AFTER_FINISH: \"3000000000\" is not a whole number from 0 to 2147483647", text);
        Assert.Contains("SYSTEM_UPGRADE_JOB_ACTIVE_DEADLINE_SECONDS", text);
        Assert.Contains("SYSTEM_UPGRADE_JOB_POD_REPLACEMENT_POLICY", text);
    }

    [Theory]
    [InlineData("t", true)]
    [InlineData("T", true)]
    [InlineData("TRUE", true)]
    [InlineData("True", true)]
    [InlineData("1", true)]
    [InlineData("f", false)]
    [InlineData("F", false)]
    [InlineData("FALSE", false)]
    [InlineData("0", false)]
    public void Booleans_read_as_go_reads_them(string text, bool expected)
    {
        var o = Parse(["--name", "a", "--namespace", "b"], new() { ["SYSTEM_UPGRADE_JOB_PRIVILEGED"] = text }).Options!;
        Assert.Equal(expected, o.Settings.JobPrivileged);
    }

    [Fact]
    public void The_kubectl_images_come_from_the_environment()
    {
        var o = Parse(["--name", "a", "--namespace", "b"], new()
        {
            ["SYSTEM_UPGRADE_JOB_KUBECTL_IMAGE"] = "registry.local:5000/kubectl:v1.31.0",
            ["SYSTEM_UPGRADE_JOB_KUBECTL_IMAGE_WINDOWS"] = "registry.local:5000/kubectl-windows:v1.31.0",
        }).Options!;
        Assert.Equal(("registry.local:5000/kubectl:v1.31.0", "registry.local:5000/kubectl-windows:v1.31.0"), (o.Settings.JobKubectlImage, o.Settings.JobKubectlImageWindows));
    }

    [Fact]
    public void Help_is_recognised() => Assert.True(Parse(["--help"]).Help);

    [Fact]
    public void The_references_kubeconfig_and_master_names_win_over_the_kubectl_ones()
    {
        var env = new Dictionary<string, string>
        {
            ["SYSTEM_UPGRADE_CONTROLLER_NAME"] = "suc",
            ["SYSTEM_UPGRADE_CONTROLLER_NAMESPACE"] = "ns",
            ["SYSTEM_UPGRADE_CONTROLLER_KUBE_CONFIG"] = "/ref/config",
            ["KUBECONFIG"] = "/kubectl/config",
            ["SYSTEM_UPGRADE_CONTROLLER_MASTER_URL"] = "https://ref:6443",
            ["KUBERNETES_MASTER"] = "https://kubectl:6443",
        };
        var o = Parse([], env).Options!;
        Assert.Equal(("/ref/config", "https://ref:6443"), (o.Kubeconfig, o.Master));
        env.Remove("SYSTEM_UPGRADE_CONTROLLER_KUBE_CONFIG");
        env.Remove("SYSTEM_UPGRADE_CONTROLLER_MASTER_URL");
        o = Parse([], env).Options!;
        Assert.Equal(("/kubectl/config", "https://kubectl:6443"), (o.Kubeconfig, o.Master));
    }

    [Fact]
    public void Gate_settings_are_read_and_every_bad_one_is_named()
    {
        var o = Parse(["--name", "suc", "--namespace", "ns", "--prometheus-url", "http://127.0.0.1:9090", "--prometheus-alert-regexp", "^Etcd", "--block-on-prometheus-unreachable"],
            new() { ["SYSTEM_UPGRADE_NODE_READY_TIMEOUT"] = "90s", ["ALLOW_USER_DEFINED_SECURITY_CONTEXT"] = "false" }).Options!;
        Assert.Equal((new Uri("http://127.0.0.1:9090"), "^Etcd", true), (o.PrometheusUrl, o.AlertFilter, o.BlockOnAlertsUnavailable));
        Assert.Equal(TimeSpan.FromSeconds(90), o.Settings.NodeReadyTimeout);
        Assert.False(o.Settings.AllowUserDefinedSecurityContext);
        var defaults = Parse(["--name", "suc", "--namespace", "ns"]).Options!;
        Assert.Equal((TimeSpan.FromMinutes(10), true, (Uri?)null), (defaults.Settings.NodeReadyTimeout, defaults.Settings.AllowUserDefinedSecurityContext, defaults.PrometheusUrl));

        var bad = Parse(["--name", "suc", "--namespace", "ns", "--prometheus-url", "file:///x", "--prometheus-alert-regexp", "("],
            new() { ["SYSTEM_UPGRADE_NODE_READY_TIMEOUT"] = "soon", ["ALLOW_USER_DEFINED_SECURITY_CONTEXT"] = "maybe" });
        Assert.Null(bad.Options);
        Assert.Equal(4, bad.Errors.Count);
        Assert.Contains(bad.Errors, e => e.StartsWith("--prometheus-url", StringComparison.Ordinal));
        Assert.Contains(bad.Errors, e => e.StartsWith("--prometheus-alert-regexp", StringComparison.Ordinal));
        Assert.Contains(bad.Errors, e => e.StartsWith("SYSTEM_UPGRADE_NODE_READY_TIMEOUT", StringComparison.Ordinal));
        Assert.Contains(bad.Errors, e => e.StartsWith("ALLOW_USER_DEFINED_SECURITY_CONTEXT", StringComparison.Ordinal));
    }

    [Fact]
    public void Help_is_written_from_the_table_with_every_name_and_default()
    {
        var usage = ControllerOptions.Usage;
        foreach (var row in Controller.Options.ControllerOptionTable.All)
        {
            Assert.Contains(row.Help, usage);
            foreach (var env in row.Env)
            {
                Assert.Contains(env, usage);
            }

            if (row.Flag is not null)
            {
                Assert.Contains("--" + row.Flag, usage);
            }
        }

        Assert.Contains("Job deadline when a Plan sets none (0: no deadline) (default 600)", usage);
        Assert.Contains("pod retries of a Job (default 2)", usage);
        Assert.Contains("(default rancher/kubectl:v1.30.3)", usage);
        Assert.Contains("(default 15m0s)", usage);
        Assert.Contains("controller name, labels its Jobs (required)", usage);
    }

    [Fact]
    public void Rows_are_found_by_name_and_name_what_they_set()
    {
        Assert.Equal("--threads (SYSTEM_UPGRADE_CONTROLLER_THREADS)", Controller.Options.ControllerOptionTable.Flag("threads").Label);
        Assert.Equal(["SYSTEM_UPGRADE_CONTROLLER_KUBE_CONFIG", "KUBECONFIG"], Controller.Options.ControllerOptionTable.Flag("kubeconfig").Env);
    }

    [Fact]
    public void A_secret_never_prints()
    {
        var o = Parse(["--name", "a", "--namespace", "b", "--prometheus-url", "http://127.0.0.1:9090"], new() { ["SYSTEM_UPGRADE_PROMETHEUS_BEARER_TOKEN"] = "s3cret" }).Options!;
        Assert.Equal("s3cret", o.PrometheusBearerToken!.Reveal());
        Assert.DoesNotContain("s3cret", o.ToString());
        Assert.Contains("[redacted]", o.ToString());
    }
}
