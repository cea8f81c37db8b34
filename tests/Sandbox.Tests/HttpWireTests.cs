using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using k8s;

namespace Sandbox.Tests;

/// <summary>Wire details that clients other than KubernetesClient rely on: content negotiation, Status bodies, tables.</summary>
public sealed class HttpWireTests
{
    private static async Task<(HttpStatusCode Code, string? ContentType, JsonNode? Body)> SendAsync(TestSandbox sandbox, HttpMethod method, string path, string? accept = null, string? body = null, string contentType = "application/json")
    {
        using var http = sandbox.Http();
        using var request = new HttpRequestMessage(method, path);
        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, response.Content.Headers.ContentType?.MediaType, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    [Fact]
    public async Task Aggregated_discovery_requests_get_legacy_json_that_kubectl_falls_back_to()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var (code, type, body) = await SendAsync(sandbox, HttpMethod.Get, "/apis",
            "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json");
        Assert.Equal((HttpStatusCode.OK, "application/json"), (code, type));
        Assert.Equal("APIGroupList", body!["kind"]!.GetValue<string>());
        var (_, _, core) = await SendAsync(sandbox, HttpMethod.Get, "/api");
        Assert.Equal("v1", core!["versions"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task Errors_are_Status_bodies_with_the_right_codes()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var (code, _, body) = await SendAsync(sandbox, HttpMethod.Get, "/api/v1/widgets");
        Assert.Equal(HttpStatusCode.NotFound, code);
        Assert.Equal("Status", body!["kind"]!.GetValue<string>());

        (code, _, body) = await SendAsync(sandbox, HttpMethod.Post, "/api/v1/nodes/agent-1", body: "{}");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, code);
        Assert.Equal("MethodNotAllowed", body!["reason"]!.GetValue<string>());

        (code, _, body) = await SendAsync(sandbox, HttpMethod.Patch, "/api/v1/nodes/agent-1", body: "{}", contentType: "application/apply-patch+yaml");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, code);

        (code, _, body) = await SendAsync(sandbox, HttpMethod.Post, "/api/v1/namespaces/default/configmaps", body: """{"metadata":{}}""");
        Assert.Equal((HttpStatusCode)422, code);
        Assert.Equal(422, body!["code"]!.GetValue<int>());

        // A kind without a status subresource has no /status (a ConfigMap's), one with it has (a Node's).
        (code, _, _) = await SendAsync(sandbox, HttpMethod.Post, "/api/v1/namespaces/default/configmaps", body: """{"metadata":{"name":"plain"}}""");
        Assert.Equal(HttpStatusCode.Created, code);
        (code, _, body) = await SendAsync(sandbox, HttpMethod.Patch, "/api/v1/namespaces/default/configmaps/plain/status", body: "{}", contentType: "application/merge-patch+json");
        Assert.Equal(HttpStatusCode.NotFound, code);
        Assert.Equal("NotFound", body!["reason"]!.GetValue<string>());
        (code, _, _) = await SendAsync(sandbox, HttpMethod.Get, "/api/v1/nodes/agent-1/status");
        Assert.Equal(HttpStatusCode.OK, code);
    }

    [Fact]
    public async Task Tables_carry_kubectls_columns_and_partial_object_metadata()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var (code, _, table) = await SendAsync(sandbox, HttpMethod.Get, "/api/v1/nodes", "application/json;as=Table;v=v1;g=meta.k8s.io,application/json");
        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Equal("Table", table!["kind"]!.GetValue<string>());
        Assert.Equal(["Name", "Status", "Roles", "Age", "Version"],
            table["columnDefinitions"]!.AsArray().Where(c => c!["priority"]!.GetValue<int>() == 0).Select(c => c!["name"]!.GetValue<string>()));
        var row = table["rows"]!.AsArray().First(r => r!["cells"]![0]!.GetValue<string>() == "server-1")!;
        Assert.Equal("control-plane,etcd,master", row["cells"]![2]!.GetValue<string>());
        Assert.Equal("PartialObjectMetadata", row["object"]!["kind"]!.GetValue<string>());
        Assert.Equal("server-1", row["object"]!["metadata"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_cut_watch_ends_its_stream_after_an_event()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        sandbox.Host.Faults.WatchCutRate = 1;
        using var http = sandbox.Http();
        var lines = new List<string>();
        try
        {
            using var response = await http.GetAsync("/api/v1/nodes?watch=true&timeoutSeconds=30", HttpCompletionOption.ResponseHeadersRead);
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
            while (await reader.ReadLineAsync() is { } line)
            {
                lines.Add(line);
            }
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            // the cut may surface as a broken connection
        }

        Assert.Equal("ADDED", JsonNode.Parse(Assert.Single(lines))!["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task Pods_can_be_selected_by_node_and_a_namespace_deletion_takes_its_objects()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var k = sandbox.Client;
        await k.CoreV1.CreateNamespaceAsync(new k8s.Models.V1Namespace { Metadata = new() { Name = "scratch" } });
        foreach (var node in new[] { "agent-1", "agent-2" })
        {
            await k.CoreV1.CreateNamespacedPodAsync(new k8s.Models.V1Pod
            {
                Metadata = new() { Name = $"on-{node}" },
                Spec = new() { NodeName = node, Containers = [new() { Name = "c", Image = "busybox", Command = ["sleep", "3600"] }] },
            }, "scratch");
        }

        var onAgent2 = await k.CoreV1.ListNamespacedPodAsync("scratch", fieldSelector: "spec.nodeName=agent-2");
        Assert.Equal("on-agent-2", Assert.Single(onAgent2.Items).Metadata.Name);

        await k.CoreV1.DeleteNamespaceAsync("scratch");
        Assert.Empty((await k.CoreV1.ListPodForAllNamespacesAsync()).Items);
    }

    [Fact]
    public void The_command_line_maps_flags_onto_options_and_rejects_bad_ones()
    {
        var options = CommandLine.Parse(
            ["--listen", "127.0.0.1:0", "--servers", "3", "--agents=4", "--version", "v1.31.4+k3s1", "--upgrade-seconds", "2.5", "--failing-node", "agent-2", "--write-error-rate", "0.1", "--seed", "9"],
            out var help);
        Assert.False(help);
        Assert.Equal((3, 4, "v1.31.4+k3s1", TimeSpan.FromSeconds(2.5), 0.1, 9), (options.Servers, options.Agents, options.Version, options.UpgradeDuration, options.WriteErrorRate, options.Seed));
        Assert.Equal(["agent-2"], options.FailingNodes);

        CommandLine.Parse(["--help"], out help);
        Assert.True(help);
        Assert.Contains("--kubeconfig-out", CommandLine.Help);

        Assert.Contains("--version", Assert.Throws<ArgumentException>(() => CommandLine.Parse(["--version", "banana"], out _)).Message);
        Assert.Contains("--write-error-rate", Assert.Throws<ArgumentException>(() => CommandLine.Parse(["--write-error-rate", "2"], out _)).Message);
        Assert.Contains("--nodes", Assert.Throws<ArgumentException>(() => CommandLine.Parse(["--nodes", "2"], out _)).Message);
    }
}
