// Rollout benchmark: the controller (in this process) upgrades N sandbox nodes (another process) with
// concurrency C and a simulated upgrade of S seconds. Reports total time against the ideal
// ceil(N/C)*S, API writes per node, this process's CPU time and peak memory.
//   dotnet run -c Release --project bench/ControllerRollout -- [nodes=1000] [concurrency=10] [upgradeSeconds=1]
using System.Diagnostics;
using System.Globalization;
using Contracts.Plans;
using Controller;
using k8s;
using k8s.Models;
using TestSupport;

var nodes = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1000;
var concurrency = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10;
var upgradeSeconds = args.Length > 2 ? double.Parse(args[2], CultureInfo.InvariantCulture) : 1;
const string Namespace = "system-upgrade";

var root = RepoPaths.Root;
var port = FreePort.Get();
var kubeconfig = Path.Combine(Path.GetTempPath(), $"bench-{Guid.NewGuid():N}.kubeconfig");
var sandboxArgs = $"run -c Release --project \"{Path.Combine(root, "Sandbox")}\" -- --listen 127.0.0.1:{port} --kubeconfig-out \"{kubeconfig}\" " +
    $"--servers 0 --agents {nodes} --version v1.32.3+k3s1 --upgrade-seconds {upgradeSeconds.ToString(CultureInfo.InvariantCulture)} --restart-seconds 0 --container-seconds 0.01 --watch-history 200000";
using var sandbox = Process.Start(new ProcessStartInfo("dotnet", sandboxArgs) { RedirectStandardOutput = true, RedirectStandardError = true })!;
sandbox.OutputDataReceived += (_, _) => { };
sandbox.ErrorDataReceived += (_, e) => { if (e.Data is not null) { Console.Error.WriteLine($"sandbox: {e.Data}"); } };
sandbox.BeginOutputReadLine();
sandbox.BeginErrorReadLine();
try
{
    var deadline = DateTime.UtcNow.AddMinutes(3);
    while (!File.Exists(kubeconfig) || !await ReadyAsync(kubeconfig))
    {
        if (DateTime.UtcNow > deadline || sandbox.HasExited)
        {
            throw new InvalidOperationException("the sandbox did not start");
        }

        await Task.Delay(200);
    }

    using var client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig));
    var crd = KubernetesYaml.Deserialize<V1CustomResourceDefinition>(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "plan-crd.yaml")));
    await client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(crd);
    await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = Namespace } });

    var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
    await using var controller = await ControllerHost.StartAsync(new ControllerOptions
    {
        Name = "system-upgrade-controller",
        Namespace = Namespace,
        Kubeconfig = kubeconfig,
        Threads = 2,
    });

    var plan = new Plan
    {
        Metadata = new V1ObjectMeta { Name = "bench", NamespaceProperty = Namespace },
        Spec = new PlanSpec
        {
            Concurrency = concurrency,
            NodeSelector = new V1LabelSelector(),
            Version = "v1.32.4+k3s1",
            Upgrade = new ContainerSpec { Image = "rancher/k3s-upgrade" },
        },
    };
    var started = Stopwatch.StartNew();
    await client.CustomObjects.CreateNamespacedCustomObjectAsync<Plan>(body: plan, group: Plan.KubeGroup, version: Plan.KubeApiVersion, namespaceParameter: Namespace, plural: Plan.KubePluralName);
    while (true)
    {
        var current = await client.CustomObjects.GetNamespacedCustomObjectAsync<Plan>(group: Plan.KubeGroup, version: Plan.KubeApiVersion, namespaceParameter: Namespace, plural: Plan.KubePluralName, name: "bench");
        if (current.Status?.Conditions?.Any(c => c.Type == "Complete" && c.Status == "True") == true)
        {
            break;
        }

        if (started.Elapsed > TimeSpan.FromMinutes(15))
        {
            throw new TimeoutException($"rollout not complete after {started.Elapsed}: {KubernetesJson.Serialize(current.Status?.Nodes)}");
        }

        await Task.Delay(100);
    }

    var total = started.Elapsed;
    var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
    var counts = controller.Requests.Counts;
    var writes = controller.Requests.Writes;
    var upgraded = (await client.CoreV1.ListNodeAsync()).Items.Count(n => n.Status.NodeInfo.KubeletVersion == "v1.32.4+k3s1");
    var ideal = TimeSpan.FromSeconds(Math.Ceiling(nodes / (double)concurrency) * upgradeSeconds);
    Console.WriteLine($"nodes {nodes}, concurrency {concurrency}, upgrade {upgradeSeconds}s, upgraded {upgraded}");
    Console.WriteLine($"total {total.TotalSeconds:F1}s, ideal {ideal.TotalSeconds:F1}s, ratio {total / ideal:F3}");
    Console.WriteLine($"API requests by verb: {string.Join(", ", counts.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key} {kv.Value}"))}");
    Console.WriteLine($"writes per node {writes / (double)nodes:F2}");
    Console.WriteLine($"controller process CPU {cpu.TotalSeconds:F1}s, peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1024.0 / 1024.0:F0} MiB");
}
finally
{
    if (!sandbox.HasExited)
    {
        sandbox.Kill(entireProcessTree: true);
    }

    File.Delete(kubeconfig);
}

// Through the kubeconfig the Sandbox wrote: it says how to reach it (scheme, CA, token).
static async Task<bool> ReadyAsync(string kubeconfig)
{
    try
    {
        var config = KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig);
        config.HttpClientTimeout = TimeSpan.FromSeconds(2);
        using var probe = new Kubernetes(config);
        await probe.Version.GetCodeAsync();
        return true;
    }
    catch (Exception e) when (e is HttpRequestException or TaskCanceledException or k8s.Autorest.HttpOperationException or IOException or k8s.Exceptions.KubeConfigException)
    {
        return false;
    }
}
