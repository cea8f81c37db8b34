using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;

// The list-then-WatchAsync pattern is what controllers written against KubernetesClient use today.
#pragma warning disable CS0618

namespace Sandbox.Tests;

/// <summary>The API as KubernetesClient sees it.</summary>
public sealed class ApiClientTests
{
    private static V1ConfigMap ConfigMap(string name, Dictionary<string, string>? labels = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Labels = labels },
        Data = new Dictionary<string, string> { ["key"] = "value" },
    };

    [Fact]
    public async Task ConfigMaps_can_be_created_read_listed_updated_and_deleted()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var k = sandbox.Client;

        var created = await k.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("one"), "default");
        Assert.False(string.IsNullOrEmpty(created.Metadata.Uid));
        Assert.NotNull(created.Metadata.CreationTimestamp);
        Assert.False(string.IsNullOrEmpty(created.Metadata.ResourceVersion));

        var generated = await k.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new() { GenerateName = "gen-" } }, "default");
        Assert.StartsWith("gen-", generated.Metadata.Name);
        Assert.Equal(9, generated.Metadata.Name.Length);

        var read = await k.CoreV1.ReadNamespacedConfigMapAsync("one", "default");
        Assert.Equal("value", read.Data["key"]);

        read.Data["key"] = "changed";
        var updated = await k.CoreV1.ReplaceNamespacedConfigMapAsync(read, "one", "default");
        Assert.Equal("changed", updated.Data["key"]);
        Assert.True(long.Parse(updated.Metadata.ResourceVersion) > long.Parse(read.Metadata.ResourceVersion));

        var list = await k.CoreV1.ListNamespacedConfigMapAsync("default");
        Assert.Equal(["gen-", "one"], list.Items.Select(c => c.Metadata.Name.StartsWith("gen-", StringComparison.Ordinal) ? "gen-" : c.Metadata.Name).Order());

        await k.CoreV1.DeleteNamespacedConfigMapAsync("one", "default");
        var e = await Assert.ThrowsAsync<HttpOperationException>(() => k.CoreV1.ReadNamespacedConfigMapAsync("one", "default"));
        Assert.Equal(HttpStatusCode.NotFound, e.Response.StatusCode);
        var status = KubernetesJson.Deserialize<V1Status>(e.Response.Content);
        Assert.Equal("NotFound", status.Reason);
        Assert.Equal("configmaps \"one\" not found", status.Message);
    }

    [Fact]
    public async Task A_secrets_stringData_is_stored_in_data_and_never_returned()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var k = sandbox.Client;
        var created = await k.CoreV1.CreateNamespacedSecretAsync(
            new V1Secret
            {
                Metadata = new V1ObjectMeta { Name = "creds" },
                Data = new Dictionary<string, byte[]> { ["kept"] = [1, 2], ["both"] = [9] },
                StringData = new Dictionary<string, string> { ["token"] = "s3cr\u00e9t", ["both"] = "wins" },
            },
            "default");
        Assert.Null(created.StringData);
        Assert.Equal("Opaque", created.Type);
        Assert.Equal(["both", "kept", "token"], created.Data.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("s3cr\u00e9t"u8.ToArray(), created.Data["token"]);
        Assert.Equal("wins"u8.ToArray(), created.Data["both"]);
        Assert.Equal(new byte[] { 1, 2 }, created.Data["kept"]);

        var patched = await k.CoreV1.PatchNamespacedSecretAsync(
            new V1Patch("{\"stringData\":{\"token\":\"rotated\"}}", V1Patch.PatchType.MergePatch), "creds", "default");
        Assert.Null(patched.StringData);
        Assert.Equal("rotated"u8.ToArray(), patched.Data["token"]);
        Assert.Equal(new byte[] { 1, 2 }, patched.Data["kept"]);
        Assert.Null((await k.CoreV1.ReadNamespacedSecretAsync("creds", "default")).StringData);
    }

    [Fact]
    public async Task Creating_in_a_missing_namespace_or_twice_is_refused()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var k = sandbox.Client;
        var missing = await Assert.ThrowsAsync<HttpOperationException>(() => k.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("x"), "nowhere"));
        Assert.Equal(HttpStatusCode.NotFound, missing.Response.StatusCode);

        await k.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("x"), "default");
        var twice = await Assert.ThrowsAsync<HttpOperationException>(() => k.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("x"), "default"));
        Assert.Equal(HttpStatusCode.Conflict, twice.Response.StatusCode);
        Assert.Equal("AlreadyExists", KubernetesJson.Deserialize<V1Status>(twice.Response.Content).Reason);
    }

    [Fact]
    public async Task An_update_from_a_stale_resourceVersion_is_a_409_conflict()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var k = sandbox.Client;
        var original = await k.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("cm"), "default");
        var first = await k.CoreV1.ReadNamespacedConfigMapAsync("cm", "default");
        first.Data["key"] = "first";
        await k.CoreV1.ReplaceNamespacedConfigMapAsync(first, "cm", "default");

        original.Data["key"] = "stale";
        var e = await Assert.ThrowsAsync<HttpOperationException>(() => k.CoreV1.ReplaceNamespacedConfigMapAsync(original, "cm", "default"));
        Assert.Equal(HttpStatusCode.Conflict, e.Response.StatusCode);
        var status = KubernetesJson.Deserialize<V1Status>(e.Response.Content);
        Assert.Equal("Conflict", status.Reason);
        Assert.Contains("the object has been modified", status.Message);
        Assert.Equal("first", (await k.CoreV1.ReadNamespacedConfigMapAsync("cm", "default")).Data["key"]);
    }

    [Fact]
    public async Task Merge_strategic_and_json_patches_apply()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var k = sandbox.Client;
        await k.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("cm", new() { ["a"] = "1", ["b"] = "2" }), "default");

        await k.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch("""{"metadata":{"labels":{"a":null,"c":"3"}},"data":{"more":"x"}}""", V1Patch.PatchType.MergePatch), "cm", "default");
        var merged = await k.CoreV1.ReadNamespacedConfigMapAsync("cm", "default");
        Assert.Equal(new Dictionary<string, string> { ["b"] = "2", ["c"] = "3" }, merged.Metadata.Labels);
        Assert.Equal("x", merged.Data["more"]);
        Assert.Equal("value", merged.Data["key"]);

        await k.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch("""[{"op":"replace","path":"/data/key","value":"patched"},{"op":"remove","path":"/data/more"}]""", V1Patch.PatchType.JsonPatch), "cm", "default");
        var jsonPatched = await k.CoreV1.ReadNamespacedConfigMapAsync("cm", "default");
        Assert.Equal(new Dictionary<string, string> { ["key"] = "patched" }, jsonPatched.Data);

        // strategic merge: containers merge by name instead of replacing the list
        await k.CoreV1.CreateNamespacedPodAsync(new V1Pod
        {
            Metadata = new() { Name = "p" },
            Spec = new() { NodeName = "nowhere", Containers = [new() { Name = "a", Image = "busybox" }, new() { Name = "b", Image = "busybox" }] },
        }, "default");
        await k.CoreV1.PatchNamespacedPodAsync(
            new V1Patch("""{"spec":{"containers":[{"name":"b","image":"alpine"}]}}""", V1Patch.PatchType.StrategicMergePatch), "p", "default");
        var pod = await k.CoreV1.ReadNamespacedPodAsync("p", "default");
        Assert.Equal(["a:busybox", "b:alpine"], pod.Spec.Containers.Select(c => $"{c.Name}:{c.Image}"));
    }

    [Fact]
    public async Task Label_and_field_selectors_filter_lists()
    {
        await using var sandbox = await TestSandbox.StartAsync(o => { o.Servers = 2; o.Agents = 3; });
        var k = sandbox.Client;
        async Task<string[]> Nodes(string? labels = null, string? fields = null) =>
            (await k.CoreV1.ListNodeAsync(labelSelector: labels, fieldSelector: fields)).Items.Select(n => n.Metadata.Name).Order().ToArray();

        Assert.Equal(["server-1", "server-2"], await Nodes("node-role.kubernetes.io/control-plane=true"));
        Assert.Equal(["server-1", "server-2"], await Nodes("node-role.kubernetes.io/control-plane==true"));
        Assert.Equal(["agent-1", "agent-2", "agent-3"], await Nodes("!node-role.kubernetes.io/control-plane"));
        Assert.Equal(["agent-1", "agent-2", "agent-3"], await Nodes("node-role.kubernetes.io/control-plane!=true"));
        Assert.Equal(["agent-1", "server-2"], await Nodes("kubernetes.io/hostname in (agent-1, server-2)"));
        Assert.Equal(["agent-2", "agent-3", "server-1"], await Nodes("kubernetes.io/hostname notin (agent-1,server-2)"));
        Assert.Equal(5, (await Nodes("kubernetes.io/os")).Length);
        Assert.Equal(["agent-2"], await Nodes(fields: "metadata.name=agent-2"));
        Assert.Equal(["agent-1"], await Nodes("!node-role.kubernetes.io/control-plane", "metadata.name!=agent-2,metadata.name!=agent-3"));

        var bad = await Assert.ThrowsAsync<HttpOperationException>(() => Nodes(fields: "spec.bogus=1"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.Response.StatusCode);
    }

    [Fact]
    public async Task Lists_page_with_limit_and_continue()
    {
        await using var sandbox = await TestSandbox.StartAsync(o => { o.Servers = 1; o.Agents = 4; });
        var k = sandbox.Client;
        var names = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await k.CoreV1.ListNodeAsync(limit: 2, continueParameter: token);
            names.AddRange(page.Items.Select(n => n.Metadata.Name));
            token = page.Metadata.ContinueProperty;
            pages++;
        }
        while (!string.IsNullOrEmpty(token));

        Assert.Equal(3, pages);
        Assert.Equal(["agent-1", "agent-2", "agent-3", "agent-4", "server-1"], names);
    }

    [Fact]
    public async Task Watch_from_a_resourceVersion_sees_later_changes_in_order()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var k = sandbox.Client;
        var list = await k.CoreV1.ListNamespacedConfigMapAsync("default");
        await k.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a"), "default");
        await k.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("""{"data":{"key":"2"}}""", V1Patch.PatchType.MergePatch), "a", "default");
        await k.CoreV1.DeleteNamespacedConfigMapAsync("a", "default");

        var seen = new List<string>();
        using var response = k.CoreV1.ListNamespacedConfigMapWithHttpMessagesAsync("default", watch: true, resourceVersion: list.Metadata.ResourceVersion, timeoutSeconds: 10);
        await foreach (var (type, cm) in response.WatchAsync<V1ConfigMap, V1ConfigMapList>())
        {
            seen.Add($"{type}:{cm.Metadata.Name}:{cm.Data?["key"]}");
            if (type == WatchEventType.Deleted)
            {
                break;
            }
        }

        Assert.Equal(["Added:a:value", "Modified:a:2", "Deleted:a:2"], seen);
    }

    [Fact]
    public async Task Watch_from_a_resourceVersion_older_than_the_history_gets_410_expired()
    {
        await using var sandbox = await TestSandbox.StartAsync(o => o.WatchHistory = 16);
        var k = sandbox.Client;
        var old = (await k.CoreV1.ListNamespacedConfigMapAsync("default")).Metadata.ResourceVersion;
        for (var i = 0; i < 40; i++)
        {
            await k.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap($"c{i}"), "default");
        }

        var errors = new List<Exception>();
        using var response = k.CoreV1.ListNamespacedConfigMapWithHttpMessagesAsync("default", watch: true, resourceVersion: old, timeoutSeconds: 5);
        await foreach (var _ in response.WatchAsync<V1ConfigMap, V1ConfigMapList>(onError: errors.Add))
        {
            Assert.Fail("no event is expected from an expired resourceVersion");
        }

        var e = Assert.IsType<KubernetesException>(Assert.Single(errors));
        Assert.Equal(410, e.Status.Code);
        Assert.Equal("Expired", e.Status.Reason);

        // a fresh list gives a resourceVersion that can be watched again
        var fresh = (await k.CoreV1.ListNamespacedConfigMapAsync("default")).Metadata.ResourceVersion;
        await k.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("after"), "default");
        using var again = k.CoreV1.ListNamespacedConfigMapWithHttpMessagesAsync("default", watch: true, resourceVersion: fresh, timeoutSeconds: 5);
        await foreach (var (type, cm) in again.WatchAsync<V1ConfigMap, V1ConfigMapList>())
        {
            Assert.Equal((WatchEventType.Added, "after"), (type, cm.Metadata.Name));
            break;
        }
    }

    [Fact]
    public async Task Watches_send_bookmarks_when_asked_and_end_after_timeoutSeconds()
    {
        await using var sandbox = await TestSandbox.StartAsync(o => o.BookmarkInterval = TimeSpan.FromMilliseconds(100));
        var k = sandbox.Client;
        var rv = (await k.CoreV1.ListNodeAsync()).Metadata.ResourceVersion;
        var events = new List<(WatchEventType, string)>();
        var started = DateTime.UtcNow;
        using var response = k.CoreV1.ListNodeWithHttpMessagesAsync(watch: true, resourceVersion: rv, allowWatchBookmarks: true, timeoutSeconds: 1);
        await foreach (var (type, node) in response.WatchAsync<V1Node, V1NodeList>())
        {
            events.Add((type, node.Metadata.ResourceVersion));
        }

        Assert.Contains(events, e => e.Item1 == WatchEventType.Bookmark && long.Parse(e.Item2) >= long.Parse(rv));
        Assert.InRange(DateTime.UtcNow - started, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_watch_with_a_label_selector_sees_objects_leave_and_enter_it()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var k = sandbox.Client;
        var rv = (await k.CoreV1.ListNodeAsync()).Metadata.ResourceVersion;
        await k.CoreV1.PatchNodeAsync(new V1Patch("""{"metadata":{"labels":{"pick":"yes"}}}""", V1Patch.PatchType.MergePatch), "agent-1");
        await k.CoreV1.PatchNodeAsync(new V1Patch("""{"metadata":{"labels":{"pick":null}}}""", V1Patch.PatchType.MergePatch), "agent-1");

        var seen = new List<string>();
        using var response = k.CoreV1.ListNodeWithHttpMessagesAsync(watch: true, resourceVersion: rv, labelSelector: "pick=yes", timeoutSeconds: 5);
        await foreach (var (type, node) in response.WatchAsync<V1Node, V1NodeList>())
        {
            seen.Add($"{type}:{node.Metadata.Name}");
            if (seen.Count == 2)
            {
                break;
            }
        }

        Assert.Equal(["Added:agent-1", "Deleted:agent-1"], seen);
    }

    [Fact]
    public async Task A_CRD_starts_serving_its_resource_and_enforces_required_fields()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        await sandbox.InstallPlansAsync();
        var k = sandbox.Client;

        var crd = await k.ApiextensionsV1.ReadCustomResourceDefinitionAsync("plans.upgrade.cattle.io");
        Assert.Contains(crd.Status.Conditions, c => c.Type == "Established" && c.Status == "True");

        var plan = await sandbox.CreatePlanAsync("""
            {"apiVersion":"upgrade.cattle.io/v1","kind":"Plan","metadata":{"name":"ok"},
             "spec":{"concurrency":1,"version":"v1.33.1+k3s1","upgrade":{"image":"rancher/k3s-upgrade"}}}
            """);
        Assert.Equal("ok", plan["metadata"]!["name"]!.GetValue<string>());

        var e = await Assert.ThrowsAsync<HttpOperationException>(() => sandbox.CreatePlanAsync("""
            {"apiVersion":"upgrade.cattle.io/v1","kind":"Plan","metadata":{"name":"bad"},"spec":{"concurrency":1}}
            """));
        Assert.Equal((HttpStatusCode)422, e.Response.StatusCode);
        var status = KubernetesJson.Deserialize<V1Status>(e.Response.Content);
        Assert.Equal("Invalid", status.Reason);
        Assert.Equal("Plan.upgrade.cattle.io \"bad\" is invalid: spec.upgrade: Required value", status.Message);
        Assert.Equal("spec.upgrade", Assert.Single(status.Details.Causes).Field);

        await k.ApiextensionsV1.DeleteCustomResourceDefinitionAsync("plans.upgrade.cattle.io");
        var gone = await Assert.ThrowsAsync<HttpOperationException>(() =>
            k.CustomObjects.ListNamespacedCustomObjectAsync<JsonObject>("upgrade.cattle.io", "v1", "system-upgrade", "plans"));
        Assert.Equal(HttpStatusCode.NotFound, gone.Response.StatusCode);
    }

    [Fact]
    public async Task The_status_subresource_separates_spec_writes_from_status_writes()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        await sandbox.InstallPlansAsync();
        var k = sandbox.Client;
        await sandbox.CreatePlanAsync("""
            {"apiVersion":"upgrade.cattle.io/v1","kind":"Plan","metadata":{"name":"p"},
             "spec":{"version":"v1","upgrade":{"image":"x"}},"status":{"applying":["dropped"]}}
            """);

        async Task<JsonObject> Read() => await k.CustomObjects.GetNamespacedCustomObjectAsync<JsonObject>("upgrade.cattle.io", "v1", "system-upgrade", "plans", "p");
        Assert.Null((await Read())["status"]);

        await k.CustomObjects.PatchNamespacedCustomObjectStatusAsync<JsonObject>(
            new V1Patch("""{"spec":{"version":"ignored"},"status":{"latestVersion":"v2"}}""", V1Patch.PatchType.MergePatch),
            "upgrade.cattle.io", "v1", "system-upgrade", "plans", "p");
        var afterStatus = await Read();
        Assert.Equal("v2", afterStatus["status"]!["latestVersion"]!.GetValue<string>());
        Assert.Equal("v1", afterStatus["spec"]!["version"]!.GetValue<string>());
        Assert.Equal(1, afterStatus["metadata"]!["generation"]!.GetValue<long>());

        await k.CustomObjects.PatchNamespacedCustomObjectAsync<JsonObject>(
            new V1Patch("""{"spec":{"version":"v3"},"status":{"latestVersion":"ignored"}}""", V1Patch.PatchType.MergePatch),
            "upgrade.cattle.io", "v1", "system-upgrade", "plans", "p");
        var afterSpec = await Read();
        Assert.Equal("v3", afterSpec["spec"]!["version"]!.GetValue<string>());
        Assert.Equal("v2", afterSpec["status"]!["latestVersion"]!.GetValue<string>());
        Assert.Equal(2, afterSpec["metadata"]!["generation"]!.GetValue<long>());
    }

    [Fact]
    public async Task An_object_with_finalizers_is_only_marked_until_they_are_removed()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var k = sandbox.Client;
        var cm = ConfigMap("held");
        cm.Metadata.Finalizers = ["example.com/hold"];
        await k.CoreV1.CreateNamespacedConfigMapAsync(cm, "default");
        await k.CoreV1.DeleteNamespacedConfigMapAsync("held", "default");
        var marked = await k.CoreV1.ReadNamespacedConfigMapAsync("held", "default");
        Assert.NotNull(marked.Metadata.DeletionTimestamp);

        await k.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("""{"metadata":{"finalizers":null}}""", V1Patch.PatchType.MergePatch), "held", "default");
        var e = await Assert.ThrowsAsync<HttpOperationException>(() => k.CoreV1.ReadNamespacedConfigMapAsync("held", "default"));
        Assert.Equal(HttpStatusCode.NotFound, e.Response.StatusCode);
    }

    [Fact]
    public async Task Discovery_and_version_describe_the_cluster()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var k = sandbox.Client;
        var version = await k.Version.GetCodeAsync();
        Assert.Equal("v1.32.3+k3s1", version.GitVersion);
        Assert.Equal("32", version.Minor);
        var groups = await k.Apis.GetAPIVersionsAsync();
        Assert.Contains(groups.Groups, g => g.Name == "batch");
        Assert.Contains(groups.Groups, g => g.Name == "coordination.k8s.io");
        var core = await k.CoreV1.GetAPIResourcesAsync();
        Assert.Contains(core.Resources, r => r.Name == "nodes" && !r.Namespaced && r.ShortNames.Contains("no"));
        Assert.Contains(core.Resources, r => r.Name == "pods/status");
    }

    [Fact]
    public async Task The_same_seed_fails_the_same_writes()
    {
        async Task<string> PatternAsync(int seed)
        {
            await using var sandbox = await TestSandbox.StartAsync(o => o.Seed = seed);
            sandbox.Host.Faults.WriteErrorRate = 0.5;
            var outcomes = new System.Text.StringBuilder();
            for (var i = 0; i < 24; i++)
            {
                try
                {
                    await sandbox.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap($"c{i}"), "default");
                    outcomes.Append('.');
                }
                catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.InternalServerError)
                {
                    outcomes.Append('x');
                }
            }

            Assert.Equal(outcomes.ToString().Count(c => c == 'x'), sandbox.Host.Faults.Injected.GetValueOrDefault("write-error"));
            return outcomes.ToString();
        }

        var first = await PatternAsync(7);
        Assert.Contains('x', first);
        Assert.Contains('.', first);
        Assert.Equal(first, await PatternAsync(7));
        Assert.NotEqual(first, await PatternAsync(8));
    }

    [Fact]
    public async Task Slowed_requests_answer_after_the_delay()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        sandbox.Host.Faults.SlowRequestDelay = TimeSpan.FromMilliseconds(300);
        sandbox.Host.Faults.SlowRequestRate = 1;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var nodes = await sandbox.Client.CoreV1.ListNodeAsync();
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(300), $"answered after {clock.Elapsed.TotalMilliseconds} ms");
        Assert.Equal(3, nodes.Items.Count);
        Assert.True(sandbox.Host.Faults.Injected.GetValueOrDefault("slow") >= 1);
    }

    [Fact]
    public async Task Injected_faults_answer_writes_with_500_or_409()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var k = sandbox.Client;
        sandbox.Host.Faults.WriteErrorRate = 1;
        var e500 = await Assert.ThrowsAsync<HttpOperationException>(() => k.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a"), "default"));
        Assert.Equal(HttpStatusCode.InternalServerError, e500.Response.StatusCode);
        sandbox.Host.Faults.WriteErrorRate = 0;
        sandbox.Host.Faults.WriteConflictRate = 1;
        var e409 = await Assert.ThrowsAsync<HttpOperationException>(() => k.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a"), "default"));
        Assert.Equal(HttpStatusCode.Conflict, e409.Response.StatusCode);
        sandbox.Host.Faults.WriteConflictRate = 0;
        await k.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a"), "default");
        Assert.Single((await k.CoreV1.ListNamespacedConfigMapAsync("default")).Items);
    }
}
