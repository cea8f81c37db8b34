using Microsoft.Extensions.Logging;
using System.Collections.Concurrent;
using Contracts.Plans;
using Controller;
using k8s;
using k8s.Models;
using Sandbox;
using TestSupport;

namespace EndToEnd.Tests;

/// <summary>
/// One test's world: a Sandbox on loopback (3 servers, 3 agents unless told otherwise), the Plan CRD and
/// namespace, the controller hosted in process, and a watcher that checks on every observed change that
/// no Plan ever runs more Jobs than its concurrency.
/// </summary>
public sealed class ControllerScenario : IAsyncDisposable
{
    public const string Namespace = "system-upgrade";
    public const string ControllerName = "system-upgrade-controller";
    public const string StartVersion = "v1.32.3+k3s1";

    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<string> _violations = new();
    private Task? _observer;

    private ControllerScenario(SandboxHost sandbox)
    {
        Sandbox = sandbox;
        Client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(sandbox.KubeconfigPath));
        Safety = new SafetyMonitor(sandbox);
    }

    public SandboxHost Sandbox { get; }

    /// <summary>Concurrency, no downgrade and control plane first, checked on every committed change.</summary>
    public SafetyMonitor Safety { get; }
    public Kubernetes Client { get; }
    public ControllerHost? Controller { get; private set; }
    public int MaxRunningSeen { get; private set; }
    public CapturedLogs Log { get; } = new(keep: 400, minimum: LogLevel.Debug);

    public static async Task<ControllerScenario> StartAsync(Action<SandboxOptions>? configure = null)
    {
        var options = new SandboxOptions
        {
            Servers = 3,
            Agents = 3,
            Version = StartVersion,
            UpgradeDuration = TimeSpan.FromMilliseconds(300),
            NodeRestartDuration = TimeSpan.FromMilliseconds(100),
            ContainerRunDuration = TimeSpan.FromMilliseconds(20),
            BookmarkInterval = TimeSpan.FromMilliseconds(500),
        };
        configure?.Invoke(options);
        var scenario = new ControllerScenario(await SandboxHost.StartAsync(options));
        var crd = KubernetesYaml.Deserialize<V1CustomResourceDefinition>(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Fixtures", "plan-crd.yaml")));
        await scenario.Client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(crd);
        await scenario.Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = Namespace } });
        scenario._observer = scenario.ObserveAsync(scenario._stop.Token);
        return scenario;
    }

    public async Task<ControllerHost> StartControllerAsync(Func<ControllerOptions, ControllerOptions>? configure = null, HttpMessageHandler? channelHandler = null)
    {
        var options = new ControllerOptions
        {
            Name = ControllerName,
            Namespace = Namespace,
            Kubeconfig = Sandbox.KubeconfigPath,
            PlanPollingInterval = TimeSpan.FromSeconds(1),
            AllowShortPollingInterval = true,
            WatchTimeoutSeconds = 30,
        };
        options = configure?.Invoke(options) ?? options;
        var loggers = LoggerFactory.Create(b => b.AddProvider(Log).SetMinimumLevel(LogLevel.Debug));
        Controller = await ControllerHost.StartAsync(options, loggers: loggers, channelHandler: channelHandler);
        return Controller;
    }

    public static IReadOnlyList<Plan> SeedPlans(string version)
    {
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Examples", "k3s-upgrade.yaml"));
        var plans = KubernetesYaml.LoadAllFromString(text, new Dictionary<string, Type> { [$"{Plan.GroupVersion}/{Plan.KubeKind}"] = typeof(Plan) })
            .OfType<Plan>().ToList();
        foreach (var plan in plans)
        {
            plan.Spec.Version = version;
        }

        return plans;
    }

    public Task<Plan> CreatePlanAsync(Plan plan) =>
        Client.CustomObjects.CreateNamespacedCustomObjectAsync<Plan>(body: plan, group: Plan.KubeGroup, version: Plan.KubeApiVersion, namespaceParameter: Namespace, plural: Plan.KubePluralName);

    /// <summary>Creates a Plan while the Sandbox may be injecting write faults (500, 409).</summary>
    public async Task CreatePlanWithRetryAsync(Plan plan)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await CreatePlanAsync(plan);
                return;
            }
            catch (k8s.Autorest.HttpOperationException e) when (attempt < 20 && (int)e.Response.StatusCode is 500 or 409)
            {
                if (e.Response.StatusCode == System.Net.HttpStatusCode.Conflict && e.Response.Content.Contains("AlreadyExists", StringComparison.Ordinal))
                {
                    return;
                }
            }
        }
    }

    public Task<Plan> GetPlanAsync(string name) =>
        Client.CustomObjects.GetNamespacedCustomObjectAsync<Plan>(group: Plan.KubeGroup, version: Plan.KubeApiVersion, namespaceParameter: Namespace, plural: Plan.KubePluralName, name: name);

    public async Task<Plan> ReplacePlanSpecAsync(string name, Action<Plan> change)
    {
        for (var attempt = 0; ; attempt++)
        {
            var plan = await GetPlanAsync(name);
            change(plan);
            try
            {
                return await Client.CustomObjects.ReplaceNamespacedCustomObjectAsync<Plan>(body: plan, group: Plan.KubeGroup, version: Plan.KubeApiVersion, namespaceParameter: Namespace, plural: Plan.KubePluralName, name: name);
            }
            catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.Conflict && attempt < 10)
            {
            }
        }
    }

    public Task DeletePlanAsync(string name) =>
        Client.CustomObjects.DeleteNamespacedCustomObjectAsync(group: Plan.KubeGroup, version: Plan.KubeApiVersion, namespaceParameter: Namespace, plural: Plan.KubePluralName, name: name);

    public async Task<IList<V1Job>> JobsAsync() => (await Client.BatchV1.ListNamespacedJobAsync(Namespace)).Items;

    public async Task<IList<V1Node>> NodesAsync() => (await Client.CoreV1.ListNodeAsync()).Items;

    public async Task<PlanCondition?> ConditionAsync(string plan, string type) =>
        (await GetPlanAsync(plan)).Status?.Conditions?.FirstOrDefault(c => c.Type == type);

    public async Task<List<Corev1Event>> EventsAsync(string plan) =>
        [.. (await Client.CoreV1.ListNamespacedEventAsync(Namespace)).Items.Where(e => e.InvolvedObject?.Name == plan)];

    /// <summary>The end-to-end wait: longer than a unit test's, and an API error while things start up means "not yet".</summary>
    public static Task UntilAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null) =>
        Eventually.UntilAsync(condition, what, timeout ?? TimeSpan.FromSeconds(30),
            transient: e => e is k8s.Autorest.HttpOperationException or HttpRequestException);

    /// <summary>Waits for a condition; on timeout the message carries the Plans' status and the Jobs, to show where it stuck.</summary>
    public async Task WaitAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        try
        {
            await UntilAsync(condition, what, timeout);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}\n{await DescribeAsync()}", e);
        }
    }

    public async Task<string> DescribeAsync()
    {
        var sb = new System.Text.StringBuilder();
        try
        {
            var plans = await Client.CustomObjects.ListNamespacedCustomObjectAsync<PlanList>(group: Plan.KubeGroup, version: Plan.KubeApiVersion, namespaceParameter: Namespace, plural: Plan.KubePluralName);
            foreach (var p in plans.Items)
            {
                sb.AppendLine($"plan {p.Metadata.Name}: {KubernetesJson.Serialize(p.Status)}");
            }

            foreach (var j in await JobsAsync())
            {
                sb.AppendLine($"job {j.Metadata.Name} uid={j.Metadata.Uid} parallelism={j.Spec.Parallelism} active={j.Status?.Active} conditions={string.Join(",", j.Status?.Conditions?.Select(c => c.Type + "=" + c.Status) ?? [])} args={string.Join(" ", j.Spec.Template.Spec.Containers[0].Args ?? [])}");
            }

            foreach (var n in await NodesAsync())
            {
                sb.AppendLine($"node {n.Metadata.Name} {n.Status.NodeInfo.KubeletVersion} unschedulable={n.Spec.Unschedulable} labels={string.Join(",", n.Metadata.Labels.Where(l => l.Key.StartsWith("plan.", StringComparison.Ordinal)).Select(l => l.Key + "=" + l.Value[..Math.Min(8, l.Value.Length)]))}");
            }
        }
        catch (Exception e) when (e is k8s.Autorest.HttpOperationException or HttpRequestException)
        {
            sb.AppendLine($"(could not describe: {e.Message})");
        }

        sb.AppendLine("controller log (last lines):");
        foreach (var line in Log.Lines.TakeLast(60))
        {
            sb.AppendLine(line);
        }

        return sb.ToString();
    }

    /// <summary>
    /// Never more Jobs running than a Plan's concurrency, as a client sees them (sampled through the API)
    /// and on every committed change; never a downgrade; never an agent ahead of the control plane.
    /// </summary>
    public void AssertSafe()
    {
        Assert.True(_violations.IsEmpty, string.Join("\n", _violations));
        Safety.AssertHeld();
    }

    private async Task ObserveAsync(CancellationToken ct)
    {
        var concurrency = new Dictionary<string, long>();
        while (!ct.IsCancellationRequested)
        {
            try
            {
                var plans = await Client.CustomObjects.ListNamespacedCustomObjectAsync<PlanList>(group: Plan.KubeGroup, version: Plan.KubeApiVersion, namespaceParameter: Namespace, plural: Plan.KubePluralName, cancellationToken: ct);
                foreach (var p in plans.Items)
                {
                    concurrency[p.Metadata.Name] = p.Spec.Concurrency ?? 0;
                }

                var jobs = await Client.BatchV1.ListNamespacedJobAsync(Namespace, cancellationToken: ct);
                var running = jobs.Items
                    .Where(j => (j.Spec.Parallelism ?? 1) > 0 && !(j.Status?.Conditions?.Any(c => c.Status == "True" && c.Type is "Complete" or "Failed") ?? false))
                    .GroupBy(j => j.Metadata.Labels?.TryGetValue(UpgradeLabels.Plan, out var p) == true ? p : "");
                foreach (var group in running)
                {
                    var count = group.Count();
                    MaxRunningSeen = Math.Max(MaxRunningSeen, count);
                    if (concurrency.TryGetValue(group.Key, out var limit) && count > limit)
                    {
                        _violations.Enqueue($"plan {group.Key}: {count} running Jobs > concurrency {limit}: {string.Join(", ", group.Select(j => j.Metadata.Name))}");
                    }
                }

                await Task.Delay(15, ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception e) when (e is k8s.Autorest.HttpOperationException or HttpRequestException)
            {
                // The sandbox may be injecting faults; the next sample will do.
            }
        }
    }

    public async Task StopControllerAsync()
    {
        if (Controller is not null)
        {
            await Controller.DisposeAsync();
            Controller = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_observer is not null)
        {
            await _observer;
        }

        await StopControllerAsync();
        Safety.Dispose();
        Client.Dispose();
        await Sandbox.DisposeAsync();
    }
}
