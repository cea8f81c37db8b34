using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace Sandbox.Tests;

/// <summary>Events: kube-apiserver's field selectors, and events.k8s.io/v1 served from the same store as core/v1.</summary>
public sealed class EventTests
{
    private static Corev1Event About(string name, string kind, string apiVersion, string objectName, string reason, string type = "Normal") => new()
    {
        Metadata = new() { Name = name },
        InvolvedObject = new V1ObjectReference { Kind = kind, ApiVersion = apiVersion, Name = objectName, NamespaceProperty = "system-upgrade", Uid = $"uid-{objectName}" },
        Reason = reason,
        Message = $"{reason} on {objectName}",
        Type = type,
        Source = new V1EventSource { Component = "system-upgrade-controller" },
        ReportingComponent = "system-upgrade-controller",
        FirstTimestamp = DateTime.UtcNow,
        LastTimestamp = DateTime.UtcNow,
        Count = 1,
    };

    private static async Task<TestSandbox> StartWithEventsAsync()
    {
        var sandbox = await TestSandbox.StartAsync(o => o.Simulate = false);
        await sandbox.InstallPlansAsync();
        await sandbox.CreatePlanAsync("""{"apiVersion":"upgrade.cattle.io/v1","kind":"Plan","metadata":{"name":"x"},"spec":{"upgrade":{"image":"rancher/k3s-upgrade"},"version":"v1.33.1+k3s1"}}""");
        var k = sandbox.Client;
        await k.CoreV1.CreateNamespacedEventAsync(About("e1", "Plan", "upgrade.cattle.io/v1", "x", "Resolved"), "system-upgrade");
        await k.CoreV1.CreateNamespacedEventAsync(About("e2", "Plan", "upgrade.cattle.io/v1", "y", "Resolved"), "system-upgrade");
        await k.CoreV1.CreateNamespacedEventAsync(About("e3", "Job", "batch/v1", "x", "Failed", "Warning"), "system-upgrade");
        return sandbox;
    }

    [Fact]
    public async Task Kubectl_events_for_a_plan_shows_only_its_events()
    {
        await using var sandbox = await StartWithEventsAsync();
        using var kubectl = new Kubectl(sandbox.Host.KubeconfigPath);
        var output = await kubectl.OkAsync("events", "--for", "plan/x", "-n", "system-upgrade");
        Assert.Contains("Resolved on x", output);
        Assert.DoesNotContain("Resolved on y", output);
        Assert.DoesNotContain("Failed on x", output);
        Assert.Contains("Failed on x", await kubectl.OkAsync("events", "-n", "system-upgrade", "--types", "Warning"));
    }

    [Theory]
    [InlineData("involvedObject.kind=Plan,involvedObject.name=x", "e1")]
    [InlineData("involvedObject.apiVersion=batch/v1", "e3")]
    [InlineData("involvedObject.uid=uid-y", "e2")]
    [InlineData("involvedObject.namespace=system-upgrade,reason=Failed", "e3")]
    [InlineData("type=Warning", "e3")]
    [InlineData("type!=Warning,involvedObject.name!=x", "e2")]
    [InlineData("source=system-upgrade-controller,involvedObject.name=y", "e2")]
    [InlineData("reportingComponent=system-upgrade-controller,reason=Failed", "e3")]
    public async Task Core_event_field_selectors_pick_what_kube_apiserver_picks(string selector, string expected)
    {
        await using var sandbox = await StartWithEventsAsync();
        var events = await sandbox.Client.CoreV1.ListNamespacedEventAsync("system-upgrade", fieldSelector: selector);
        Assert.Equal([expected], events.Items.Select(e => e.Metadata.Name));
    }

    [Fact]
    public async Task Events_k8s_io_serves_the_core_events_in_its_own_form_and_selects_by_its_names()
    {
        await using var sandbox = await StartWithEventsAsync();
        var k = sandbox.Client;
        var all = await k.EventsV1.ListNamespacedEventAsync("system-upgrade");
        Assert.Equal(["e1", "e2", "e3"], all.Items.Select(e => e.Metadata.Name));
        var e1 = all.Items[0];
        Assert.Equal(("Plan", "x", "Resolved on x", "system-upgrade-controller", "system-upgrade-controller", 1),
            (e1.Regarding.Kind, e1.Regarding.Name, e1.Note, e1.ReportingController, e1.DeprecatedSource.Component, e1.DeprecatedCount ?? 0));

        var picked = await k.EventsV1.ListNamespacedEventAsync("system-upgrade", fieldSelector: "regarding.kind=Plan,regarding.name=y");
        Assert.Equal(["e2"], picked.Items.Select(e => e.Metadata.Name));

        // written through events.k8s.io, read through core/v1
        await k.EventsV1.CreateNamespacedEventAsync(new Eventsv1Event
        {
            Metadata = new() { Name = "e4" },
            Regarding = new V1ObjectReference { Kind = "Node", Name = "agent-1", ApiVersion = "v1" },
            Reason = "Rebooted",
            Note = "the node rebooted",
            Type = "Normal",
            Action = "Reboot",
            ReportingController = "test",
            ReportingInstance = "test-1",
            EventTime = DateTime.UtcNow,
        }, "system-upgrade");
        var core = await k.CoreV1.ReadNamespacedEventAsync("e4", "system-upgrade");
        Assert.Equal(("Node", "agent-1", "the node rebooted", "test"), (core.InvolvedObject.Kind, core.InvolvedObject.Name, core.Message, core.ReportingComponent));
        var patched = await k.EventsV1.PatchNamespacedEventAsync(new V1Patch("""{"note":"patched"}""", V1Patch.PatchType.MergePatch), "e4", "system-upgrade");
        Assert.Equal("patched", patched.Note);
        Assert.Equal("patched", (await k.CoreV1.ReadNamespacedEventAsync("e4", "system-upgrade")).Message);

        // a watch on events.k8s.io sees core writes in its own form
        var rv = all.Metadata.ResourceVersion;
        await k.CoreV1.CreateNamespacedEventAsync(About("e5", "Plan", "upgrade.cattle.io/v1", "x", "Complete"), "system-upgrade");
        using var response = await sandbox.Http().GetAsync($"/apis/events.k8s.io/v1/namespaces/system-upgrade/events?watch=true&resourceVersion={rv}&timeoutSeconds=1");
        var frames = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).ToList();
        var e5 = frames.Single(f => f["object"]!["metadata"]!["name"]!.GetValue<string>() == "e5")["object"]!;
        Assert.Equal(("events.k8s.io/v1", "Complete on x"), (e5["apiVersion"]!.GetValue<string>(), e5["note"]!.GetValue<string>()));
        Assert.Null(e5["message"]);
        await k.EventsV1.DeleteNamespacedEventAsync("e4", "system-upgrade");
        Assert.DoesNotContain((await k.CoreV1.ListNamespacedEventAsync("system-upgrade")).Items, e => e.Metadata.Name == "e4");
    }
}
