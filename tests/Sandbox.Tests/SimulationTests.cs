using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using TestSupport;

namespace Sandbox.Tests;

/// <summary>The simulated cluster: Jobs, the scheduler and the kubelet's reading of the upgrade images.</summary>
public sealed class SimulationTests
{
    private static V1Job UpgradeJob(string name, string node, string image, bool cordon = true, string[]? args = null, string? latest = null, int backoffLimit = 0)
    {
        var env = latest is null ? null : new List<V1EnvVar> { new V1EnvVar { Name = "SYSTEM_UPGRADE_PLAN_LATEST_VERSION", Value = latest } };
        return new V1Job
        {
            Metadata = new() { Name = name, NamespaceProperty = "system-upgrade" },
            Spec = new V1JobSpec
            {
                BackoffLimit = backoffLimit,
                Template = new V1PodTemplateSpec
                {
                    Spec = new V1PodSpec
                    {
                        RestartPolicy = "Never",
                        Affinity = new V1Affinity
                        {
                            NodeAffinity = new V1NodeAffinity
                            {
                                RequiredDuringSchedulingIgnoredDuringExecution = new V1NodeSelector
                                {
                                    NodeSelectorTerms = [new V1NodeSelectorTerm { MatchExpressions = [new V1NodeSelectorRequirement { Key = "kubernetes.io/hostname", OperatorProperty = "In", Values = [node] }] }],
                                },
                            },
                        },
                        Tolerations = [new V1Toleration { Key = "node.kubernetes.io/unschedulable", OperatorProperty = "Exists", Effect = "NoSchedule" }],
                        InitContainers = cordon ? [new V1Container { Name = "cordon", Image = "rancher/kubectl:v1.30.3", Args = ["cordon", node] }] : null,
                        Containers = [new V1Container { Name = "upgrade", Image = image, Args = args, Env = env }],
                    },
                },
            },
        };
    }

    private static async Task<V1Job> WaitForJobAsync(TestSandbox sandbox, string name, string condition)
    {
        V1Job? job = null;
        await Eventually.UntilAsync(async () =>
        {
            job = await sandbox.Client.BatchV1.ReadNamespacedJobAsync(name, "system-upgrade");
            return job.Status?.Conditions?.Any(c => c.Type == condition && c.Status == "True") == true;
        }, $"job {name} {condition}");
        return job!;
    }

    private static async Task<string> KubeletVersion(TestSandbox sandbox, string node) =>
        (await sandbox.Client.CoreV1.ReadNodeAsync(node)).Status.NodeInfo.KubeletVersion;

    [Fact]
    public async Task An_upgrade_job_cordons_its_node_and_restarts_it_on_the_new_version()
    {
        await using var sandbox = await TestSandbox.StartAsync(o => o.UpgradeDuration = TimeSpan.FromMilliseconds(500));
        await sandbox.InstallPlansAsync();
        var k = sandbox.Client;
        var sawNotReady = false;
        sandbox.Host.Store.Committed += e =>
        {
            if (e.Object.Name == "agent-1" && e.Object.Type.Plural == "nodes" &&
                e.Object.Object["status"]?["conditions"]?.AsArray().Any(c => c?["type"]?.GetValue<string>() == "Ready" && c["status"]?.GetValue<string>() == "False") == true)
            {
                sawNotReady = true;
            }
        };

        await k.BatchV1.CreateNamespacedJobAsync(UpgradeJob("up", "agent-1", "rancher/k3s-upgrade:v1.33.1-k3s1"), "system-upgrade");
        var job = await WaitForJobAsync(sandbox, "up", "Complete");

        Assert.Equal(1, job.Status.Succeeded);
        Assert.Equal("v1.33.1+k3s1", await KubeletVersion(sandbox, "agent-1"));
        Assert.Equal("v1.32.3+k3s1", await KubeletVersion(sandbox, "agent-2"));
        Assert.True(sawNotReady, "the node restarts (NotReady) before it reports the new version");
        var node = await k.CoreV1.ReadNodeAsync("agent-1");
        Assert.True(node.Spec.Unschedulable);
        Assert.Contains(node.Status.Conditions, c => c.Type == "Ready" && c.Status == "True");

        var pod = Assert.Single((await k.CoreV1.ListNamespacedPodAsync("system-upgrade", labelSelector: "job-name=up")).Items);
        Assert.Equal("agent-1", pod.Spec.NodeName);
        Assert.Equal("Succeeded", pod.Status.Phase);
        Assert.Equal("Completed", pod.Status.InitContainerStatuses.Single().State.Terminated.Reason);
        Assert.Equal(0, pod.Status.ContainerStatuses.Single().State.Terminated.ExitCode);

        // the components record events as the real ones do
        var events = (await k.CoreV1.ListNamespacedEventAsync("system-upgrade")).Items.OrderBy(e => long.Parse(e.Metadata.ResourceVersion)).ToList();
        string[] Reasons(string name) => events.Where(e => e.InvolvedObject.Name == name).Select(e => e.Reason).ToArray();
        Assert.Equal(["SuccessfulCreate", "Completed"], Reasons("up"));
        Assert.Equal(["Scheduled", "Pulled", "Started", "Pulled", "Started"], Reasons(pod.Metadata.Name));
        Assert.Contains(events, e => e.Message == $"Successfully assigned system-upgrade/{pod.Metadata.Name} to agent-1");
        var forJob = await k.CoreV1.ListNamespacedEventAsync("system-upgrade", fieldSelector: $"involvedObject.name=up,involvedObject.kind=Job");
        Assert.Equal(2, forJob.Items.Count);
    }

    [Fact]
    public async Task The_API_server_reports_the_version_of_its_oldest_control_plane_node()
    {
        await using var sandbox = await TestSandbox.StartAsync(o => o.Servers = 2);
        await sandbox.InstallPlansAsync();
        var k = sandbox.Client;
        await k.BatchV1.CreateNamespacedJobAsync(UpgradeJob("s1", "server-1", "rancher/k3s-upgrade:v1.33.1-k3s1", cordon: false), "system-upgrade");
        await WaitForJobAsync(sandbox, "s1", "Complete");
        Assert.Equal("v1.32.3+k3s1", (await k.Version.GetCodeAsync()).GitVersion);
        await k.BatchV1.CreateNamespacedJobAsync(UpgradeJob("s2", "server-2", "rancher/k3s-upgrade:v1.33.1-k3s1", cordon: false), "system-upgrade");
        await WaitForJobAsync(sandbox, "s2", "Complete");
        var version = await k.Version.GetCodeAsync();
        Assert.Equal(("v1.33.1+k3s1", "33"), (version.GitVersion, version.Minor));
    }

    [Fact]
    public async Task A_downgrade_fails_like_the_real_image_and_leaves_the_node_cordoned()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        await sandbox.InstallPlansAsync();
        var k = sandbox.Client;
        await k.BatchV1.CreateNamespacedJobAsync(UpgradeJob("down", "agent-2", "rancher/k3s-upgrade:v1.24.6-k3s1"), "system-upgrade");
        var job = await WaitForJobAsync(sandbox, "down", "Failed");

        Assert.Contains(job.Status.Conditions, c => c.Type == "Failed" && c.Reason == "BackoffLimitExceeded");
        Assert.Equal("v1.32.3+k3s1", await KubeletVersion(sandbox, "agent-2"));
        Assert.True((await k.CoreV1.ReadNodeAsync("agent-2")).Spec.Unschedulable);
        var pod = Assert.Single((await k.CoreV1.ListNamespacedPodAsync("system-upgrade", labelSelector: "job-name=down")).Items);
        Assert.Equal("Failed", pod.Status.Phase);
        var terminated = pod.Status.ContainerStatuses.Single().State.Terminated;
        Assert.Equal(("Error", 1), (terminated.Reason, terminated.ExitCode));
        Assert.Contains("Error: Current v1.32.3+k3s1 is higher than v1.24.6+k3s1", sandbox.Host.Logs.Read("system-upgrade", pod.Metadata.Name));
    }

    [Fact]
    public async Task An_rke2_upgrade_on_a_failing_node_fails_and_keeps_the_version()
    {
        await using var sandbox = await TestSandbox.StartAsync(o => o.FailingNodes.Add("agent-1"));
        await sandbox.InstallPlansAsync();
        await sandbox.Client.BatchV1.CreateNamespacedJobAsync(UpgradeJob("rke", "agent-1", "rancher/rke2-upgrade:v1.33.1-rke2r1", cordon: false), "system-upgrade");
        await WaitForJobAsync(sandbox, "rke", "Failed");
        Assert.Equal("v1.32.3+k3s1", await KubeletVersion(sandbox, "agent-1"));
    }

    [Fact]
    public async Task Prepare_waits_until_the_server_plan_is_done_and_the_control_plane_runs_the_version()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        await sandbox.InstallPlansAsync();
        var k = sandbox.Client;
        await sandbox.CreatePlanAsync("""
            {"apiVersion":"upgrade.cattle.io/v1","kind":"Plan","metadata":{"name":"server-plan"},
             "spec":{"concurrency":1,"version":"v1.33.1+k3s1","upgrade":{"image":"rancher/k3s-upgrade"}}}
            """);
        await k.CustomObjects.PatchNamespacedCustomObjectStatusAsync<JsonObject>(
            new V1Patch("""{"status":{"applying":["server-1"]}}""", V1Patch.PatchType.MergePatch), "upgrade.cattle.io", "v1", "system-upgrade", "plans", "server-plan");

        var agentJob = UpgradeJob("agent", "agent-1", "rancher/k3s-upgrade:v1.33.1-k3s1", cordon: false, latest: "v1.33.1-k3s1");
        var upgrade = agentJob.Spec.Template.Spec.Containers[0];
        agentJob.Spec.Template.Spec.InitContainers =
            [new V1Container { Name = "prepare", Image = "rancher/k3s-upgrade:v1.33.1-k3s1", Args = ["prepare", "server-plan"], Env = upgrade.Env }];
        await k.BatchV1.CreateNamespacedJobAsync(agentJob, "system-upgrade");
        await Eventually.UntilAsync(async () =>
            (await k.CoreV1.ListNamespacedPodAsync("system-upgrade", labelSelector: "job-name=agent")).Items.SingleOrDefault()?.Status?.InitContainerStatuses?.Single().State.Running is not null,
            "the prepare container to run");

        // the server plan is still applying: prepare keeps waiting
        await k.BatchV1.CreateNamespacedJobAsync(UpgradeJob("server", "server-1", "rancher/k3s-upgrade:v1.33.1-k3s1", cordon: false), "system-upgrade");
        await WaitForJobAsync(sandbox, "server", "Complete");
        Assert.Equal("v1.32.3+k3s1", await KubeletVersion(sandbox, "agent-1"));
        var waitingPod = (await k.CoreV1.ListNamespacedPodAsync("system-upgrade", labelSelector: "job-name=agent")).Items.Single();
        Assert.NotNull(waitingPod.Status.InitContainerStatuses.Single().State.Running);
        Assert.Equal("PodInitializing", waitingPod.Status.ContainerStatuses.Single().State.Waiting.Reason);

        await k.CustomObjects.PatchNamespacedCustomObjectStatusAsync<JsonObject>(
            new V1Patch("""{"status":{"applying":null}}""", V1Patch.PatchType.MergePatch), "upgrade.cattle.io", "v1", "system-upgrade", "plans", "server-plan");
        await WaitForJobAsync(sandbox, "agent", "Complete");
        Assert.Equal("v1.33.1+k3s1", await KubeletVersion(sandbox, "agent-1"));
    }

    private static V1Job ShellJob(string name, string command, int backoffLimit = 6, long? deadline = null, int? ttl = null) => new()
    {
        Metadata = new() { Name = name },
        Spec = new V1JobSpec
        {
            BackoffLimit = backoffLimit,
            ActiveDeadlineSeconds = deadline,
            TtlSecondsAfterFinished = ttl,
            Template = new V1PodTemplateSpec
            {
                Spec = new V1PodSpec
                {
                    RestartPolicy = "Never",
                    Containers = [new V1Container { Name = "main", Image = "busybox", Command = ["sh", "-c", command] }],
                },
            },
        },
    };

    [Fact]
    public async Task A_failing_job_is_retried_until_its_backoffLimit()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var k = sandbox.Client;
        await k.BatchV1.CreateNamespacedJobAsync(ShellJob("flaky", "exit 3", backoffLimit: 2), "default");
        V1Job? job = null;
        await Eventually.UntilAsync(async () =>
        {
            job = await k.BatchV1.ReadNamespacedJobAsync("flaky", "default");
            return job.Status?.Conditions?.Any(c => c.Type == "Failed") == true;
        }, "the job to fail");
        Assert.Equal(3, job!.Status.Failed);
        var failed = job.Status.Conditions.Single(c => c.Type == "Failed");
        Assert.Equal(("BackoffLimitExceeded", "Job has reached the specified backoff limit"), (failed.Reason, failed.Message));
        var pods = (await k.CoreV1.ListNamespacedPodAsync("default", labelSelector: "job-name=flaky")).Items;
        Assert.Equal(3, pods.Count);
        Assert.All(pods, p => Assert.Equal(3, p.Status.ContainerStatuses.Single().State.Terminated.ExitCode));
    }

    [Fact]
    public async Task A_job_past_its_activeDeadlineSeconds_fails_with_DeadlineExceeded()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var k = sandbox.Client;
        await k.BatchV1.CreateNamespacedJobAsync(ShellJob("slow", "sleep 3600", deadline: 1), "default");
        V1Job? job = null;
        await Eventually.UntilAsync(async () =>
        {
            job = await k.BatchV1.ReadNamespacedJobAsync("slow", "default");
            return job.Status?.Conditions?.Any(c => c.Type == "Failed") == true;
        }, "the deadline to pass");
        var failed = job!.Status.Conditions.Single(c => c.Type == "Failed");
        Assert.Equal(("DeadlineExceeded", "Job was active longer than specified deadline"), (failed.Reason, failed.Message));
        Assert.Empty((await k.CoreV1.ListNamespacedPodAsync("default", labelSelector: "job-name=slow")).Items);
        Assert.True(job.Status.Active is null or 0);
    }

    [Fact]
    public async Task A_finished_job_and_its_pods_are_deleted_after_ttlSecondsAfterFinished()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var k = sandbox.Client;
        await k.BatchV1.CreateNamespacedJobAsync(ShellJob("brief", "exit 0", ttl: 1), "default");
        // (timestamps have whole seconds, so a 1s TTL may pass at once: FakeClockTests pins it exactly)
        await Eventually.UntilAsync(async () =>
            (await k.BatchV1.ListNamespacedJobAsync("default")).Items.Count == 0 && (await k.CoreV1.ListNamespacedPodAsync("default")).Items.Count == 0,
            "the TTL deletion of the job and its pod");
        var events = await k.CoreV1.ListNamespacedEventAsync("default", fieldSelector: "involvedObject.name=brief");
        Assert.Contains(events.Items, e => e.Reason == "Completed");
    }

    [Fact]
    public async Task A_paused_job_runs_once_its_parallelism_is_raised_and_deleting_it_deletes_its_pods()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var k = sandbox.Client;
        var paused = ShellJob("paused", "sleep 3600");
        paused.Spec.Parallelism = 0;
        paused.Spec.Completions = 1;
        await k.BatchV1.CreateNamespacedJobAsync(paused, "default");
        Assert.Empty((await k.CoreV1.ListNamespacedPodAsync("default")).Items);
        await k.BatchV1.PatchNamespacedJobAsync(new V1Patch("""{"spec":{"parallelism":1}}""", V1Patch.PatchType.MergePatch), "paused", "default");
        await Eventually.UntilAsync(async () => (await k.CoreV1.ListNamespacedPodAsync("default")).Items.Count == 1, "a pod");
        await k.BatchV1.DeleteNamespacedJobAsync("paused", "default", propagationPolicy: "Background");
        await Eventually.UntilAsync(async () => (await k.CoreV1.ListNamespacedPodAsync("default")).Items.Count == 0, "the pods to go with the job");
    }

    [Fact]
    public async Task Pods_stay_pending_on_cordoned_nodes_without_a_toleration_and_under_anti_affinity()
    {
        await using var sandbox = await TestSandbox.StartAsync(o => { o.Servers = 1; o.Agents = 1; });
        var k = sandbox.Client;
        await k.CoreV1.PatchNodeAsync(new V1Patch("""{"spec":{"unschedulable":true}}""", V1Patch.PatchType.MergePatch), "agent-1");
        V1Pod Pod(string name, bool tolerate, bool antiAffinity) => new()
        {
            Metadata = new() { Name = name, Labels = new Dictionary<string, string> { ["app"] = "x" } },
            Spec = new V1PodSpec
            {
                RestartPolicy = "Never",
                NodeSelector = new Dictionary<string, string> { ["kubernetes.io/hostname"] = "agent-1" },
                Tolerations = tolerate ? [new V1Toleration { Key = "node.kubernetes.io/unschedulable", OperatorProperty = "Exists" }] : null,
                Affinity = antiAffinity
                    ? new V1Affinity
                    {
                        PodAntiAffinity = new V1PodAntiAffinity
                        {
                            RequiredDuringSchedulingIgnoredDuringExecution =
                                [new V1PodAffinityTerm { TopologyKey = "kubernetes.io/hostname", LabelSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "x" } } }],
                        },
                    }
                    : null,
                Containers = [new V1Container { Name = "main", Image = "busybox", Command = ["sleep", "3600"] }],
            },
        };

        await k.CoreV1.CreateNamespacedPodAsync(Pod("intolerant", tolerate: false, antiAffinity: false), "default");
        await k.CoreV1.CreateNamespacedPodAsync(Pod("tolerant", tolerate: true, antiAffinity: false), "default");
        await Eventually.UntilAsync(async () => (await k.CoreV1.ReadNamespacedPodAsync("tolerant", "default")).Status.Phase == "Running", "the tolerant pod to run");
        await k.CoreV1.CreateNamespacedPodAsync(Pod("apart", tolerate: true, antiAffinity: true), "default");
        await Eventually.UntilAsync(async () =>
            (await k.CoreV1.ReadNamespacedPodAsync("apart", "default")).Status.Conditions?.Any(c => c.Type == "PodScheduled" && c.Reason == "Unschedulable") == true,
            "the anti-affine pod to be unschedulable");

        var intolerant = await k.CoreV1.ReadNamespacedPodAsync("intolerant", "default");
        Assert.Null(intolerant.Spec.NodeName);
        Assert.Equal("Pending", intolerant.Status.Phase);
        Assert.Contains(intolerant.Status.Conditions, c => c.Type == "PodScheduled" && c.Status == "False" && c.Message.StartsWith("0/2 nodes are available", StringComparison.Ordinal));
        Assert.Null((await k.CoreV1.ReadNamespacedPodAsync("apart", "default")).Spec.NodeName);
    }

    [Fact]
    public async Task A_pod_with_a_malformed_selector_does_not_stall_the_others()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var k = sandbox.Client;
        await k.CoreV1.CreateNamespacedPodAsync(new V1Pod
        {
            Metadata = new() { Name = "broken" },
            Spec = new V1PodSpec
            {
                Affinity = new V1Affinity
                {
                    PodAntiAffinity = new V1PodAntiAffinity
                    {
                        RequiredDuringSchedulingIgnoredDuringExecution =
                            [new V1PodAffinityTerm { TopologyKey = "kubernetes.io/hostname", LabelSelector = new V1LabelSelector { MatchExpressions = [new V1LabelSelectorRequirement { Key = "a", OperatorProperty = "Sometimes" }] } }],
                    },
                },
                Containers = [new V1Container { Name = "main", Image = "busybox" }],
            },
        }, "default");
        await k.BatchV1.CreateNamespacedJobAsync(ShellJob("fine", "exit 0"), "default");
        await Eventually.UntilAsync(async () =>
            (await k.BatchV1.ReadNamespacedJobAsync("fine", "default")).Status.Conditions?.Any(c => c.Type == "Complete") == true, "the other job to complete");
        Assert.Null((await k.CoreV1.ReadNamespacedPodAsync("broken", "default")).Spec.NodeName);
    }

    [Fact]
    public async Task A_drain_with_a_malformed_pod_selector_fails_its_container()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var k = sandbox.Client;
        await k.CoreV1.CreateNamespacedPodAsync(new V1Pod
        {
            Metadata = new() { Name = "drainer" },
            Spec = new V1PodSpec
            {
                NodeName = "agent-1",
                RestartPolicy = "Never",
                Containers = [new V1Container { Name = "drain", Image = "rancher/kubectl:v1.30.3", Args = ["drain", "agent-1", "--pod-selector", "a in b"] }],
            },
        }, "default");
        await Eventually.UntilAsync(async () => (await k.CoreV1.ReadNamespacedPodAsync("drainer", "default")).Status.Phase == "Failed", "the drain to fail");
        Assert.StartsWith("error: ", sandbox.Host.Logs.Read("default", "drainer").Split('\n')[^2]);
    }

    [Fact]
    public async Task A_drain_evicts_the_nodes_matching_pods()
    {
        await using var sandbox = await TestSandbox.StartAsync(o => { o.Servers = 1; o.Agents = 1; });
        var k = sandbox.Client;
        foreach (var (name, labels) in new[] { ("workload", new Dictionary<string, string> { ["app"] = "web" }), ("upgrader", new Dictionary<string, string> { ["upgrade.cattle.io/controller"] = "suc" }) })
        {
            await k.CoreV1.CreateNamespacedPodAsync(new V1Pod
            {
                Metadata = new() { Name = name, Labels = labels },
                Spec = new V1PodSpec { NodeName = "agent-1", Containers = [new V1Container { Name = "main", Image = "busybox", Command = ["sleep", "3600"] }] },
            }, "default");
        }

        await k.CoreV1.CreateNamespacedPodAsync(new V1Pod
        {
            Metadata = new() { Name = "drainer" },
            Spec = new V1PodSpec
            {
                NodeName = "agent-1",
                RestartPolicy = "Never",
                Containers = [new V1Container { Name = "drain", Image = "rancher/kubectl:v1.30.3", Args = ["drain", "agent-1", "--pod-selector", "!upgrade.cattle.io/controller", "--ignore-daemonsets"] }],
            },
        }, "default");
        await Eventually.UntilAsync(async () => (await k.CoreV1.ReadNamespacedPodAsync("drainer", "default")).Status.Phase == "Succeeded", "the drain");
        var names = (await k.CoreV1.ListNamespacedPodAsync("default")).Items.Select(p => p.Metadata.Name).Order();
        Assert.Equal(["drainer", "upgrader"], names);
        Assert.True((await k.CoreV1.ReadNodeAsync("agent-1")).Spec.Unschedulable);
    }
}
