using System.Text.Json.Nodes;
using k8s;

namespace Sandbox.Tests;

/// <summary>Each test's own sandbox on port 0, with a KubernetesClient and helpers to wait on conditions.</summary>
public sealed class TestSandbox : IAsyncDisposable
{
    private TestSandbox(SandboxHost host)
    {
        Host = host;
        Client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(host.KubeconfigPath));
    }

    public SandboxHost Host { get; }
    public Kubernetes Client { get; }

    /// <summary>A raw HTTP client on the sandbox, carrying its bearer token.</summary>
    public HttpClient Http() => Host.CreateHttpClient();

    /// <summary>A raw HTTP client that trusts the sandbox's CA but sends no token.</summary>
    public HttpClient Anonymous() => new(Host.CreateHandler()) { BaseAddress = new Uri(Host.BaseUrl) };

    public static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    public static async Task<TestSandbox> StartAsync(Action<SandboxOptions>? configure = null)
    {
        var options = new SandboxOptions
        {
            Servers = 1,
            Agents = 2,
            Version = "v1.32.3+k3s1",
            UpgradeDuration = TimeSpan.FromMilliseconds(300),
            NodeRestartDuration = TimeSpan.FromMilliseconds(100),
            ContainerRunDuration = TimeSpan.FromMilliseconds(20),
            BookmarkInterval = TimeSpan.FromMilliseconds(200),
        };
        configure?.Invoke(options);
        return new TestSandbox(await SandboxHost.StartAsync(options));
    }

    /// <summary>Creates the Plan CRD of the test fixtures (served at once) and the system-upgrade namespace.</summary>
    public async Task InstallPlansAsync()
    {
        var crd = KubernetesYaml.Deserialize<k8s.Models.V1CustomResourceDefinition>(await File.ReadAllTextAsync(Fixture("minimal-plan-crd.yaml")));
        await Client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(crd);
        await Client.CoreV1.CreateNamespaceAsync(new k8s.Models.V1Namespace { Metadata = new() { Name = "system-upgrade" } });
    }

    public async Task<JsonObject> CreatePlanAsync(string json)
    {
        return await Client.CustomObjects.CreateNamespacedCustomObjectAsync<JsonObject>(
            body: JsonNode.Parse(json)!, group: "upgrade.cattle.io", version: "v1", namespaceParameter: "system-upgrade", plural: "plans");
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Host.DisposeAsync();
    }
}

