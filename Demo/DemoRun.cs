using System.Diagnostics;
using System.Net;
using ChannelServer;
using Contracts.Plans;
using Contracts.Versions;
using Controller;
using k8s;
using k8s.Models;
using Sandbox;

namespace Demo;

/// <summary>
/// The main job on the embedded default: channel server (offline snapshot) + Sandbox cluster + controller +
/// the seed's two plans following the local channel, watched until every node runs the channel's version.
/// </summary>
public static class DemoRun
{
    public const string Namespace = "system-upgrade";
    public const string ControllerName = "system-upgrade-controller";

    public static async Task<int> RunAsync(DemoOptions options, TextWriter output, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        void Say(string text) => output.WriteLine($"[{clock.Elapsed.TotalSeconds,6:0.0}s] {text}");

        var configDir = Path.Combine(AppContext.BaseDirectory, "config");
        await using var channelServer = await ChannelServerHost.StartAsync(
            [
                "--url", Path.Combine(configDir, "channels.yaml"),
                "--releases-file", Path.Combine(configDir, "k3s-releases.json"),
                "--listen-address", "127.0.0.1:0",
            ],
            new ChannelServerHostOptions { ConfigureLogging = logging => logging.SetMinimumLevel(LogLevel.Warning) },
            cancellationToken);
        var channelUrl = new Uri(channelServer.Url, $"v1-release/channels/{Uri.EscapeDataString(options.Channel)}");
        var target = await ResolveChannelAsync(channelUrl, cancellationToken);
        if (target is null)
        {
            output.WriteLine($"error: the channel server has no version for channel '{options.Channel}' ({channelUrl})");
            return 1;
        }

        Say($"channel server   {channelServer.Url} (offline K3s snapshot): {options.Channel} -> {target}");

        var kubeconfig = Path.GetFullPath(options.KubeconfigOut ?? "demo.kubeconfig");
        await using var sandbox = await SandboxHost.StartAsync(
            new SandboxOptions
            {
                Servers = options.Servers,
                Agents = options.Agents,
                Version = options.FromVersion,
                UpgradeDuration = options.UpgradeDuration,
                KubeconfigOut = kubeconfig,
            },
            cancellationToken);
        Say($"sandbox cluster  {sandbox.BaseUrl}: {options.Servers} servers, {options.Agents} agents on {options.FromVersion}; kubeconfig {kubeconfig}");

        using var client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig));
        await InstallAsync(client, configDir, channelUrl, cancellationToken);
        Say($"installed        the Plan CRD, namespace {Namespace}, and plans server-plan, agent-plan following {channelUrl}");

        await using var controller = await ControllerHost.StartAsync(
            new ControllerOptions
            {
                Name = ControllerName,
                Namespace = Namespace,
                Kubeconfig = kubeconfig,
                PlanPollingInterval = TimeSpan.FromSeconds(10),
                AllowShortPollingInterval = true,
            },
            cancellationToken);
        Say("controller       started; rolling out, control plane first, one node at a time");

        var progress = new ProgressView(target);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.Timeout);
        var done = false;
        try
        {
            while (!done)
            {
                if (controller.Completion.IsCompleted)
                {
                    await controller.Completion;
                    throw new InvalidOperationException("the controller stopped on its own");
                }

                var snapshot = await ClusterSnapshot.ReadAsync(client, Namespace, deadline.Token);
                foreach (var line in progress.Changes(snapshot))
                {
                    Say(line);
                }

                done = progress.IsFinished(snapshot);
                if (!done)
                {
                    await WaitAsync(TimeSpan.FromMilliseconds(250), deadline.Token);
                }
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            Say($"timed out after {GoDuration.Format(options.Timeout)}: not every node reached {target}");
        }

        var final = await ClusterSnapshot.ReadAsync(client, Namespace, CancellationToken.None);
        output.WriteLine();
        output.Write(ProgressView.NodeTable(final));
        output.WriteLine();
        output.Write(ProgressView.PlanTable(final));
        output.WriteLine();
        output.WriteLine(done
            ? $"All {final.Nodes.Count} nodes run {target}, labeled and schedulable, in {clock.Elapsed.TotalSeconds:0.0}s."
            : $"Not finished: see the plans' messages above.");
        output.WriteLine($"The sandbox's kubeconfig: {kubeconfig}");

        if (!options.KeepRunning)
        {
            output.WriteLine();
            output.WriteLine("The sandbox stopped with the demo. To try kubectl against it, keep it up:");
            output.WriteLine("  dotnet run --project Demo -- --keep-running");
            output.WriteLine("Then the K3s page's steps one at a time: the README's walkthrough.");
        }

        if (options.KeepRunning && !cancellationToken.IsCancellationRequested)
        {
            output.WriteLine();
            output.WriteLine("Still running; try the K3s page's commands against the sandbox (Ctrl+C to stop):");
            output.WriteLine($"  export KUBECONFIG={kubeconfig}");
            output.WriteLine("  kubectl get nodes");
            output.WriteLine("  kubectl -n system-upgrade get plans -o yaml");
            output.WriteLine("  kubectl -n system-upgrade get jobs -o yaml");
            output.WriteLine("  kubectl get pods -n system-upgrade");
            output.WriteLine($"  curl -sI {channelUrl}");
            await WaitAsync(Timeout.InfiniteTimeSpan, cancellationToken).ConfigureAwait(false);
        }

        return done ? 0 : 1;
    }

    private static async Task WaitAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (delay == Timeout.InfiniteTimeSpan)
        {
        }
    }

    /// <summary>What the controller will see: the last path segment of the 302's Location.</summary>
    private static async Task<string?> ResolveChannelAsync(Uri channelUrl, CancellationToken cancellationToken)
    {
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false });
        using var response = await http.GetAsync(channelUrl, cancellationToken).ConfigureAwait(false);
        return response.StatusCode == HttpStatusCode.Found && response.Headers.Location is { } location
            ? Uri.UnescapeDataString(new Uri(channelUrl, location).Segments[^1])
            : null;
    }

    /// <summary>The seed's install steps: the CRD, the namespace and service account, then the plans.</summary>
    private static async Task InstallAsync(Kubernetes client, string configDir, Uri channelUrl, CancellationToken cancellationToken)
    {
        var crd = KubernetesYaml.Deserialize<V1CustomResourceDefinition>(await File.ReadAllTextAsync(Path.Combine(configDir, "crd.yaml"), cancellationToken));
        await client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(crd, cancellationToken: cancellationToken);
        await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = Namespace } }, cancellationToken: cancellationToken);
        await client.CoreV1.CreateNamespacedServiceAccountAsync(
            new V1ServiceAccount { Metadata = new V1ObjectMeta { Name = "system-upgrade", NamespaceProperty = Namespace } }, Namespace, cancellationToken: cancellationToken);

        var text = await File.ReadAllTextAsync(Path.Combine(configDir, "examples", "k3s-upgrade-channel.yaml"), cancellationToken);
        var types = new Dictionary<string, Type> { [$"{Plan.GroupVersion}/{Plan.KubeKind}"] = typeof(Plan) };
        foreach (var plan in KubernetesYaml.LoadAllFromString(text, types).Cast<Plan>())
        {
            plan.Spec.Channel = channelUrl.ToString();
            await client.CustomObjects.CreateNamespacedCustomObjectAsync(
                body: plan, group: Plan.KubeGroup, version: Plan.KubeApiVersion, namespaceParameter: Namespace, plural: Plan.KubePluralName,
                cancellationToken: cancellationToken);
        }
    }
}
