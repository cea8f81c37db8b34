using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace Sandbox.Tests;

/// <summary>dryRun=All on every write: the result comes back, nothing is stored, nothing cascades.</summary>
public sealed class DryRunTests
{
    private static async Task<(TestSandbox Sandbox, Kubectl Kubectl)> StartWithPlansAsync()
    {
        var sandbox = await TestSandbox.StartAsync(o => o.Simulate = false);
        var kubectl = new Kubectl(sandbox.Host.KubeconfigPath);
        await sandbox.InstallPlansAsync();
        await kubectl.OkAsync("apply", "-f", TestSandbox.Fixture("k3s-upgrade.yaml"));
        return (sandbox, kubectl);
    }

    private static async Task<JsonObject> PlanAsync(TestSandbox sandbox, string name) =>
        await sandbox.Client.CustomObjects.GetNamespacedCustomObjectAsync<JsonObject>("upgrade.cattle.io", "v1", "system-upgrade", "plans", name);

    [Fact]
    public async Task Kubectl_diff_shows_the_change_and_leaves_the_live_plan_as_it_was()
    {
        var (sandbox, kubectl) = await StartWithPlansAsync();
        await using var _ = sandbox;
        using var __ = kubectl;
        var before = await PlanAsync(sandbox, "server-plan");
        var storeVersion = sandbox.Host.Store.ResourceVersion;

        var edited = (await File.ReadAllTextAsync(TestSandbox.Fixture("k3s-upgrade.yaml"))).Replace("concurrency: 1", "concurrency: 7", StringComparison.Ordinal);
        var (exit, stdout, stderr) = await kubectl.RunWithInputAsync(edited, "diff", "-f", "-");
        Assert.True(exit == 1, $"kubectl diff exits 1 when there are differences: {exit} {stderr}");
        Assert.Contains("-  concurrency: 1", stdout);
        Assert.Contains("+  concurrency: 7", stdout);
        Assert.Contains("-  generation: 1", stdout);
        Assert.Contains("+  generation: 2", stdout);

        var after = await PlanAsync(sandbox, "server-plan");
        Assert.True(JsonNode.DeepEquals(before, after), $"the plan changed:\n{before}\n{after}");
        Assert.Equal(storeVersion, sandbox.Host.Store.ResourceVersion);
    }

    [Fact]
    public async Task Apply_and_create_with_server_dry_run_store_nothing()
    {
        var (sandbox, kubectl) = await StartWithPlansAsync();
        await using var _ = sandbox;
        using var __ = kubectl;
        var storeVersion = sandbox.Host.Store.ResourceVersion;

        var edited = (await File.ReadAllTextAsync(TestSandbox.Fixture("k3s-upgrade.yaml"))).Replace("v1.24.6+k3s1", "v1.33.1+k3s1", StringComparison.Ordinal);
        var (exit, stdout, stderr) = await kubectl.RunWithInputAsync(edited, "apply", "--dry-run=server", "-f", "-");
        Assert.True(exit == 0, stderr);
        Assert.Contains("plan.upgrade.cattle.io/server-plan configured (server dry run)", stdout);
        Assert.Equal("v1.24.6+k3s1", (await PlanAsync(sandbox, "server-plan"))["spec"]!["version"]!.GetValue<string>());

        var renamed = edited.Split("---")[0].Replace("name: server-plan", "name: third-plan", StringComparison.Ordinal);
        (exit, stdout, stderr) = await kubectl.RunWithInputAsync(renamed, "create", "--dry-run=server", "-f", "-", "-o", "json");
        Assert.True(exit == 0, stderr);
        var created = JsonNode.Parse(stdout)!["metadata"]!;
        Assert.Equal("third-plan", created["name"]!.GetValue<string>());
        Assert.NotNull(created["uid"]);
        Assert.NotNull(created["creationTimestamp"]);
        Assert.Null(created["resourceVersion"]);
        var (getExit, _, getErr) = await kubectl.RunAsync("get", "plan", "-n", "system-upgrade", "third-plan");
        Assert.NotEqual(0, getExit);
        Assert.Contains("NotFound", getErr);

        // validation still runs: a plan without spec.upgrade is refused as it would be for real
        var invalid = renamed.Replace("  upgrade:\n    image: rancher/k3s-upgrade\n", "", StringComparison.Ordinal);
        (exit, stdout, stderr) = await kubectl.RunWithInputAsync(invalid, "create", "--dry-run=server", "-f", "-");
        Assert.NotEqual(0, exit);
        Assert.Contains("spec.upgrade", stderr);

        // an existing name is still a conflict
        (exit, stdout, stderr) = await kubectl.RunWithInputAsync(edited, "create", "--dry-run=server", "-f", "-");
        Assert.NotEqual(0, exit);
        Assert.Contains("AlreadyExists", stderr);
        Assert.Equal(storeVersion, sandbox.Host.Store.ResourceVersion);
    }

    [Fact]
    public async Task Delete_put_and_status_writes_with_dry_run_return_the_result_and_keep_the_object()
    {
        var (sandbox, kubectl) = await StartWithPlansAsync();
        await using var _ = sandbox;
        using var __ = kubectl;
        var k = sandbox.Client;
        await k.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new() { Name = "cm" }, Data = new Dictionary<string, string> { ["a"] = "1" } }, "default");
        var storeVersion = sandbox.Host.Store.ResourceVersion;

        Assert.Contains("(server dry run)", await kubectl.OkAsync("delete", "plan", "-n", "system-upgrade", "server-plan", "--dry-run=server"));
        Assert.Contains("(server dry run)", await kubectl.OkAsync("delete", "namespace", "system-upgrade", "--dry-run=server"));
        Assert.Contains("(server dry run)", await kubectl.OkAsync("delete", "crd", "plans.upgrade.cattle.io", "--dry-run=server"));
        Assert.Contains("(server dry run)", await kubectl.OkAsync("label", "node", "agent-1", "x=y", "--dry-run=server"));

        var cm = await k.CoreV1.ReadNamespacedConfigMapAsync("cm", "default");
        cm.Data["a"] = "2";
        var replaced = await k.CoreV1.ReplaceNamespacedConfigMapAsync(cm, "cm", "default", dryRun: "All");
        Assert.Equal("2", replaced.Data["a"]);
        Assert.Equal(cm.Metadata.ResourceVersion, replaced.Metadata.ResourceVersion);

        var status = new JsonObject { ["status"] = new JsonObject { ["applying"] = new JsonArray("server-1") } };
        var patched = await k.CustomObjects.PatchNamespacedCustomObjectStatusAsync<JsonObject>(
            new V1Patch(status.ToJsonString(), V1Patch.PatchType.MergePatch), "upgrade.cattle.io", "v1", "system-upgrade", "plans", "server-plan", dryRun: "All");
        Assert.Equal("server-1", patched["status"]!["applying"]![0]!.GetValue<string>());

        Assert.Equal("1", (await k.CoreV1.ReadNamespacedConfigMapAsync("cm", "default")).Data["a"]);
        Assert.Null((await PlanAsync(sandbox, "server-plan"))["status"]?["applying"]);
        Assert.Equal(2, (await k.CustomObjects.ListNamespacedCustomObjectAsync<JsonObject>("upgrade.cattle.io", "v1", "system-upgrade", "plans"))["items"]!.AsArray().Count);
        Assert.False((await k.CoreV1.ReadNodeAsync("agent-1")).Metadata.Labels.ContainsKey("x"));
        Assert.Equal(storeVersion, sandbox.Host.Store.ResourceVersion);
    }

    [Fact]
    public async Task A_dry_run_value_other_than_All_is_refused()
    {
        await using var sandbox = await TestSandbox.StartAsync(o => o.Simulate = false);
        using var http = sandbox.Http();
        using var body = new StringContent("{\"metadata\":{\"name\":\"cm\"}}", Encoding.UTF8, "application/json");
        var response = await http.PostAsync($"/api/v1/namespaces/default/configmaps?dryRun=Some", body);
        Assert.Equal((HttpStatusCode)422, response.StatusCode);
        var status = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("CreateOptions", status["details"]!["kind"]!.GetValue<string>());
        Assert.Contains("Unsupported value: \"Some\": supported values: \"All\"", status["message"]!.GetValue<string>());
        Assert.Empty((await sandbox.Client.CoreV1.ListNamespacedConfigMapAsync("default")).Items);
    }
}
