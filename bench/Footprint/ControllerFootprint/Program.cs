// Footprint of the controller as a process of its own: the published controller, its native executable or Controller.dll (its shipped runtime
// settings, plus any DOTNET_* variables of this process) upgrades N sandbox nodes, and its
// /proc/<pid>/status is sampled all along. The Plan exists before the controller starts, so "first
// reconcile" is the time from process start to the Plan's first status written by the controller.
//   dotnet bench/Footprint/ControllerFootprint/bin/.../ControllerFootprint.dll SANDBOX_DLL CONTROLLER (a native executable, or a .dll run with dotnet) [nodes=100] [concurrency=10] [upgradeSeconds=1]
// Prints one line of key=value figures (kB and ms) for the caller to parse.
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Contracts.Plans;
using k8s;
using k8s.Models;

if (args.Length < 2)
{
    Console.Error.WriteLine("usage: ControllerFootprint SANDBOX_DLL CONTROLLER_DLL [nodes] [concurrency] [upgradeSeconds]");
    return 2;
}

var sandboxDll = args[0];
var controllerDll = args[1];
var nodes = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 100;
var concurrency = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 10;
var upgradeSeconds = args.Length > 4 ? double.Parse(args[4], CultureInfo.InvariantCulture) : 1;
const string Namespace = "system-upgrade";
const string TargetVersion = "v1.32.4+k3s1";

var sandboxPort = FreePort();
var healthPort = FreePort();
var kubeconfig = Path.Combine(Path.GetTempPath(), $"footprint-{Guid.NewGuid():N}.kubeconfig");
var sandboxInfo = new ProcessStartInfo("dotnet")
{
    RedirectStandardOutput = true,
    RedirectStandardError = true,
    ArgumentList =
    {
        sandboxDll, "--listen", $"127.0.0.1:{sandboxPort}", "--kubeconfig-out", kubeconfig, "--servers", "0", "--agents", nodes.ToString(CultureInfo.InvariantCulture),
        "--version", "v1.32.3+k3s1", "--upgrade-seconds", upgradeSeconds.ToString(CultureInfo.InvariantCulture), "--restart-seconds", "0",
        "--container-seconds", "0.01", "--watch-history", "200000",
    },
};
// The sandbox is the test bed, not what is measured: it keeps its own (default) runtime settings.
foreach (var key in Environment.GetEnvironmentVariables().Keys.Cast<string>().Where(k => k.StartsWith("DOTNET_", StringComparison.Ordinal)))
{
    sandboxInfo.Environment.Remove(key);
}

using var sandbox = Start(sandboxInfo, "sandbox");
Process? controller = null;
try
{
    // The Sandbox serves HTTPS with its own CA and a token, both in the kubeconfig it writes.
    await WaitAsync(async () => File.Exists(kubeconfig) && await SandboxAnswersAsync(kubeconfig), TimeSpan.FromMinutes(3), "the sandbox did not start", sandbox);
    using var client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig));
    var crd = KubernetesYaml.Deserialize<V1CustomResourceDefinition>(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "plan-crd.yaml")));
    await client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(body: crd);
    await client.CoreV1.CreateNamespaceAsync(body: new V1Namespace { Metadata = new V1ObjectMeta { Name = Namespace } });
    var plan = new Plan
    {
        Metadata = new V1ObjectMeta { Name = "footprint", NamespaceProperty = Namespace },
        Spec = new PlanSpec
        {
            Concurrency = concurrency,
            NodeSelector = new V1LabelSelector(),
            Version = TargetVersion,
            Upgrade = new ContainerSpec { Image = "rancher/k3s-upgrade" },
        },
    };
    await client.CustomObjects.CreateNamespacedCustomObjectAsync<Plan>(body: plan, group: Plan.KubeGroup, version: Plan.KubeApiVersion, namespaceParameter: Namespace, plural: Plan.KubePluralName);

    // A .dll runs under dotnet; anything else is the native executable itself.
    var native = !controllerDll.EndsWith(".dll", StringComparison.Ordinal);
    var controllerInfo = new ProcessStartInfo(native ? controllerDll : "dotnet")
    {
        RedirectStandardOutput = true,
        RedirectStandardError = true,
    };
    if (!native)
    {
        controllerInfo.ArgumentList.Add(controllerDll);
    }

    foreach (var arg in new[] { "--name", "system-upgrade-controller", "--namespace", Namespace, "--kubeconfig", kubeconfig })
    {
        controllerInfo.ArgumentList.Add(arg);
    }

    controllerInfo.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{healthPort}";
    var clock = Stopwatch.StartNew();
    controller = Start(controllerInfo, null);
    var pid = controller.Id;
    long peakRss = 0;
    using var sampling = new CancellationTokenSource();
    var sampler = Task.Run(async () =>
    {
        while (!sampling.IsCancellationRequested)
        {
            var rss = Status(pid, "VmRSS");
            peakRss = Math.Max(peakRss, rss);
            try
            {
                await Task.Delay(50, sampling.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    });

    await WaitAsync(() => AnswersAsync(new Uri($"http://127.0.0.1:{healthPort}/readyz")), TimeSpan.FromMinutes(1), "the controller did not get ready", controller);
    var readyMs = clock.ElapsedMilliseconds;
    var readyRss = Status(pid, "VmRSS");
    long firstReconcileMs = -1;
    var rollout = Stopwatch.StartNew();
    while (true)
    {
        var current = await client.CustomObjects.GetNamespacedCustomObjectAsync<Plan>(group: Plan.KubeGroup, version: Plan.KubeApiVersion, namespaceParameter: Namespace, plural: Plan.KubePluralName, name: "footprint");
        if (firstReconcileMs < 0 && current.Status is { } status && (status.LatestVersion is not null || status.Conditions is { Count: > 0 }))
        {
            firstReconcileMs = clock.ElapsedMilliseconds;
        }

        if (current.Status?.Conditions?.Any(c => c.Type == "Complete" && c.Status == "True") == true)
        {
            break;
        }

        if (controller.HasExited)
        {
            throw new InvalidOperationException($"the controller exited with {controller.ExitCode}");
        }

        if (rollout.Elapsed > TimeSpan.FromMinutes(20))
        {
            throw new TimeoutException("rollout not complete after 20 minutes");
        }

        await Task.Delay(100);
    }

    var totalSeconds = clock.Elapsed.TotalSeconds - (firstReconcileMs / 1000.0);
    var endRss = Status(pid, "VmRSS");
    var hwm = Status(pid, "VmHWM");
    await sampling.CancelAsync();
    await sampler;
    var upgraded = (await client.CoreV1.ListNodeAsync()).Items.Count(n => n.Status.NodeInfo.KubeletVersion == TargetVersion);
    var ideal = Math.Ceiling(nodes / (double)concurrency) * upgradeSeconds;
    Console.WriteLine(FormattableString.Invariant(
        $"nodes={nodes} upgraded={upgraded} ready_ms={readyMs} first_reconcile_ms={firstReconcileMs} ready_rss_kb={readyRss} peak_rss_kb={Math.Max(hwm, peakRss)} end_rss_kb={endRss} rollout_s={totalSeconds:F1} ideal_s={ideal:F1} ratio={totalSeconds / ideal:F3}"));
    return upgraded == nodes ? 0 : 1;
}
finally
{
    foreach (var process in new[] { controller, sandbox })
    {
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    File.Delete(kubeconfig);
}

static Process Start(ProcessStartInfo info, string? echoPrefix)
{
    var process = Process.Start(info)!;
    process.OutputDataReceived += (_, _) => { };
    process.ErrorDataReceived += (_, e) =>
    {
        if (e.Data is not null && echoPrefix is not null)
        {
            Console.Error.WriteLine($"{echoPrefix}: {e.Data}");
        }
    };
    process.BeginOutputReadLine();
    process.BeginErrorReadLine();
    return process;
}

// VmRSS / VmHWM of a process, in kB (0 once it is gone).
static long Status(int pid, string field)
{
    try
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith(field + ":", StringComparison.Ordinal))
            {
                return long.Parse(line.AsSpan(field.Length + 1).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture);
            }
        }
    }
    catch (IOException)
    {
    }

    return 0;
}

static async Task WaitAsync(Func<Task<bool>> condition, TimeSpan timeout, string failure, Process watched)
{
    var deadline = Stopwatch.StartNew();
    while (!await condition())
    {
        if (deadline.Elapsed > timeout || watched.HasExited)
        {
            throw new InvalidOperationException(failure);
        }

        await Task.Delay(20);
    }
}

static int FreePort()
{
    using var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    return ((IPEndPoint)listener.LocalEndpoint).Port;
}

static async Task<bool> SandboxAnswersAsync(string kubeconfig)
{
    try
    {
        using var probe = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig));
        await probe.Version.GetCodeAsync();
        return true;
    }
    catch (Exception e) when (e is HttpRequestException or IOException or k8s.Autorest.HttpOperationException or k8s.Exceptions.KubeConfigException)
    {
        return false;
    }
}

static async Task<bool> AnswersAsync(Uri uri)
{
    try
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        return (await http.GetAsync(uri)).IsSuccessStatusCode;
    }
    catch (HttpRequestException)
    {
        return false;
    }
    catch (TaskCanceledException)
    {
        return false;
    }
}
