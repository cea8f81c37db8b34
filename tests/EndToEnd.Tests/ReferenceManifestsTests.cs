using System.Diagnostics;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Sandbox;
using Sandbox.Storage;

namespace EndToEnd.Tests;

/// <summary>
/// The controller (as its own process) on a Sandbox set up with the reference system-upgrade-controller's own
/// CRD, manifests and example Plans, read from the shared reference data (never copied into the repository).
/// That CRD's structural schema does not declare our status fields (<c>status.nodes</c>, <c>status.failedJobs</c>),
/// so the Sandbox prunes them on every status write, as a real API server would.
/// </summary>
public sealed class ReferenceManifestsTests
{
    private const string Namespace = ControllerScenario.Namespace;
    private const string Target = "v1.33.1+k3s1";

    private static string Reference(params string[] parts) =>
        Path.Combine([TestSupport.RepoPaths.Root, "..", "shared", "data", "reference-suc", .. parts]);

    private static async Task<SandboxHost> StartAsync(Action<SandboxOptions>? configure = null)
    {
        var options = new SandboxOptions
        {
            Servers = 1,
            Agents = 2,
            Version = ControllerScenario.StartVersion,
            UpgradeDuration = TimeSpan.FromMilliseconds(300),
            NodeRestartDuration = TimeSpan.FromMilliseconds(100),
            ContainerRunDuration = TimeSpan.FromMilliseconds(20),
        };
        configure?.Invoke(options);
        var sandbox = await SandboxHost.StartAsync(options);
        var crd = Reference("pkg", "crds", "yaml", "generated", "upgrade.cattle.io_plans.yaml");
        Assert.True(File.Exists(crd), $"the reference data is missing: {crd}");
        Assert.Contains("customresourcedefinition.apiextensions.k8s.io/plans.upgrade.cattle.io created", await KubectlAsync(sandbox, null, "apply", "-f", crd));
        foreach (var manifest in new[] { "system-upgrade-controller.yaml", "clusterrole.yaml", "clusterrolebinding.yaml" })
        {
            await KubectlAsync(sandbox, null, "apply", "-f", Reference("manifests", manifest));
        }

        return sandbox;
    }

    private static async Task<string> KubectlAsync(SandboxHost sandbox, string? input, params string[] args)
    {
        var kubectl = new[] { "/usr/bin/kubectl", "/usr/local/bin/kubectl" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("kubectl is not installed: this test applies the reference manifests with it (apt-get install kubernetes-client; .ci/run does it)");
        var home = Directory.CreateTempSubdirectory("kubectl-home-").FullName;
        var start = new ProcessStartInfo(kubectl) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("--kubeconfig");
        start.ArgumentList.Add(sandbox.KubeconfigPath);
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["HOME"] = home;
        using var process = Process.Start(start)!;
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input);
        }

        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        Directory.Delete(home, recursive: true);
        Assert.True(process.ExitCode == 0, $"kubectl {string.Join(' ', args)} exited {process.ExitCode}: {await stderr}");
        return await stdout;
    }

    private static Kubernetes Client(SandboxHost sandbox) => new(KubernetesClientConfiguration.BuildConfigFromConfigFile(sandbox.KubeconfigPath));

    private static async Task<JsonObject> PlanAsync(Kubernetes client, string name) =>
        await client.CustomObjects.GetNamespacedCustomObjectAsync<JsonObject>("upgrade.cattle.io", "v1", Namespace, "plans", name);

    private static JsonObject? Condition(JsonObject plan, string type) =>
        plan["status"]?["conditions"]?.AsArray().OfType<JsonObject>().FirstOrDefault(c => c["type"]?.GetValue<string>() == type);

    private static async Task<bool> CompleteAsync(Kubernetes client, string plan) =>
        Condition(await PlanAsync(client, plan), "Complete")?["status"]?.GetValue<string>() == "True";

    private static async Task<string> DescribeAsync(Kubernetes client, ControllerProcess controller)
    {
        var plans = await client.CustomObjects.ListNamespacedCustomObjectAsync<JsonObject>("upgrade.cattle.io", "v1", Namespace, "plans");
        var jobs = await client.BatchV1.ListNamespacedJobAsync(Namespace);
        return $"plans: {plans["items"]}\njobs: {string.Join(", ", jobs.Items.Select(j => j.Metadata.Name))}\ncontroller:\n{string.Join('\n', controller.Output.TakeLast(30))}";
    }

    private static async Task WaitAsync(Kubernetes client, ControllerProcess controller, Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        try
        {
            await ControllerScenario.UntilAsync(condition, what, timeout ?? TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}\n{await DescribeAsync(client, controller)}", e);
        }
    }

    [Fact]
    public async Task The_reference_k3s_example_plans_roll_out_with_the_reference_CRD_pruning_our_status_fields()
    {
        await using var sandbox = await StartAsync();
        using var client = Client(sandbox);
        foreach (var node in new[] { "server-1", "agent-1", "agent-2" })
        {
            await KubectlAsync(sandbox, null, "label", "node", node, "k3s-upgrade=true");
        }

        // the example targets v1.20.11+k3s1, a downgrade here: only its version is changed, in memory
        var example = await File.ReadAllTextAsync(Reference("examples", "k3s-upgrade.yaml"));
        Assert.Contains("version: v1.20.11+k3s1", example);
        var applied = await KubectlAsync(sandbox, example.Replace("version: v1.20.11+k3s1", $"version: {Target}", StringComparison.Ordinal), "apply", "-f", "-");
        Assert.Contains("plan.upgrade.cattle.io/k3s-server created", applied);
        Assert.Contains("plan.upgrade.cattle.io/k3s-agent created", applied);

        await using var controller = ControllerProcess.Start(sandbox.KubeconfigPath);
        await WaitAsync(client, controller, async () => await CompleteAsync(client, "k3s-server") && await CompleteAsync(client, "k3s-agent"), "both plans Complete");
        var nodes = await client.CoreV1.ListNodeAsync();
        Assert.All(nodes.Items, n => Assert.Equal(Target, n.Status.NodeInfo.KubeletVersion));
        Assert.All(nodes.Items, n => Assert.NotEqual(true, n.Spec.Unschedulable));

        // what the reference CRD declares is kept; what it does not is pruned, as on a real cluster
        var status = (await PlanAsync(client, "k3s-agent"))["status"]!.AsObject();
        Assert.Equal("v1.33.1-k3s1", status["latestVersion"]!.GetValue<string>());
        Assert.NotNull(status["latestHash"]);
        Assert.Null(status["nodes"]);
        Assert.Null(status["failedJobs"]);
        Assert.All(status["conditions"]!.AsArray().OfType<JsonObject>(), c =>
            Assert.All(c.Select(p => p.Key), k => Assert.Contains(k, new[] { "type", "status", "reason", "message", "lastTransitionTime", "lastUpdateTime" })));
    }

    [Fact]
    public async Task The_reference_OS_example_plans_apply_and_run_on_the_nodes_they_select()
    {
        await using var sandbox = await StartAsync();
        using var client = Client(sandbox);
        // one agent carries every label the OS examples select on
        foreach (var label in new[] { "node-role.kubernetes.io/worker=true", "plan.upgrade.cattle.io/bionic=true", "plan.upgrade.cattle.io/kernel=true", "kernel-upgrade=true" })
        {
            await KubectlAsync(sandbox, null, "label", "node", "agent-2", label);
        }

        var examples = new[]
        {
            ("ubuntu/bionic.yaml", "bionic"), ("suse/sles.yaml", "sles"), ("openSUSE/microos.yaml", "microos"),
            ("ubuntu/bionic/linux-kernel-aws.yaml", "kernel"), ("ubuntu/bionic/linux-kernel-virtual-hwe-18.04.yaml", "kernel"),
        };
        foreach (var (file, plan) in examples)
        {
            Assert.Contains($"plan.upgrade.cattle.io/{plan}", await KubectlAsync(sandbox, null, "apply", "-f", Reference(["examples", .. file.Split('/')])));
        }

        await using var controller = ControllerProcess.Start(sandbox.KubeconfigPath);
        foreach (var plan in examples.Select(e => e.Item2).Distinct())
        {
            await WaitAsync(client, controller, () => CompleteAsync(client, plan), $"{plan} Complete");
            var latest = (await PlanAsync(client, plan))["status"]!["latestVersion"]!.GetValue<string>();
            Assert.Equal(plan is "kernel" ? "bionic" : plan, latest);
        }

        Assert.NotEqual(true, (await client.CoreV1.ReadNodeAsync("agent-2")).Spec.Unschedulable);
        Assert.Equal(ControllerScenario.StartVersion, (await client.CoreV1.ReadNodeAsync("agent-2")).Status.NodeInfo.KubeletVersion);
    }

    [Fact]
    public async Task A_failed_node_is_not_retried_silently_when_the_reference_CRD_prunes_failedJobs()
    {
        await using var sandbox = await StartAsync(o => o.FailingNodes.Add("server-1"));
        using var client = Client(sandbox);
        var created = 0;
        sandbox.Store.Committed += e =>
        {
            if (e.Kind == WatchEventKind.Added && e.Object.Type.Plural == "jobs" && e.Object.Namespace == Namespace)
            {
                Interlocked.Increment(ref created);
            }
        };

        var plan = new JsonObject
        {
            ["apiVersion"] = "upgrade.cattle.io/v1",
            ["kind"] = "Plan",
            ["metadata"] = new JsonObject { ["name"] = "fails", ["namespace"] = Namespace },
            ["spec"] = new JsonObject
            {
                ["concurrency"] = 1,
                ["version"] = Target,
                ["serviceAccountName"] = "system-upgrade",
                ["nodeSelector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["kubernetes.io/hostname"] = "server-1" } },
                ["upgrade"] = new JsonObject { ["image"] = "rancher/k3s-upgrade" },
            },
        }.ToJsonString();
        await KubectlAsync(sandbox, plan, "apply", "-f", "-");
        var environment = new Dictionary<string, string>
        {
            ["SYSTEM_UPGRADE_JOB_BACKOFF_LIMIT"] = "0",
            ["SYSTEM_UPGRADE_JOB_TTL_SECONDS_AFTER_FINISH"] = "3",
        };
        await using var controller = ControllerProcess.Start(sandbox.KubeconfigPath, environment);
        await WaitAsync(client, controller, async () => Condition(await PlanAsync(client, "fails"), "Complete")?["reason"]?.GetValue<string>() == "JobFailed", "Complete says JobFailed");
        Assert.Equal(1, created);

        // Kubernetes deletes the failed Job at its TTL; status.failedJobs, where the controller keeps the
        // failure, was pruned by this CRD. The node must not get a new Job without anyone being told.
        await WaitAsync(client, controller, async () => (await client.BatchV1.ListNamespacedJobAsync(Namespace)).Items.Count == 0, "the TTL removes the failed Job");
        // (a negative check: the controller reacts to the deletion at once, so a retry would show within this window)
        var retried = await ControllerScenario.UntilAsync(() => Task.FromResult(Volatile.Read(ref created) > 1), "a second Job", TimeSpan.FromSeconds(5))
            .ContinueWith(t => t.IsCompletedSuccessfully, TaskScheduler.Default);
        var complete = Condition(await PlanAsync(client, "fails"), "Complete");
        Assert.False(retried, $"server-1 got a new Job after its failed one was removed at its TTL (the README says it is not created again): {complete}\n{await DescribeAsync(client, controller)}");
        Assert.Equal("JobFailed", complete?["reason"]?.GetValue<string>());
        var message = complete?["message"]?.GetValue<string>() ?? "";
        Assert.Contains("failed on Node server-1: BackoffLimitExceeded", message);
        var node = await client.CoreV1.ReadNodeAsync("server-1");
        Assert.Equal(ControllerScenario.StartVersion, node.Status.NodeInfo.KubeletVersion);
        // Where the failure is kept instead: on the node, which no CRD schema prunes; it names the failed Job.
        Assert.True(node.Metadata.Annotations?.ContainsKey("failed.upgrade.channels.dev/fails") == true, $"server-1 has no failure mark: {string.Join(", ", node.Metadata.Annotations?.Keys ?? [])}");
        var job = JsonNode.Parse(node.Metadata.Annotations!["failed.upgrade.channels.dev/fails"])?["job"]?.GetValue<string>();
        Assert.StartsWith("apply-fails-on-server-1-", job);
        Assert.Contains($"Job {Namespace}/{job} failed", message);
    }
}
