using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Sandbox.Api;

namespace Sandbox.Tests;

/// <summary>Unknown fields of custom resources are pruned as kube-apiserver prunes them; built-in kinds are untouched.</summary>
public sealed class PruningTests
{
    private static string ReferenceCrd => Path.Combine(TestSupport.RepoPaths.Root, "..", "shared", "data", "reference-suc", "pkg", "crds", "yaml", "generated", "upgrade.cattle.io_plans.yaml");

    private const string PlanWithExtras = """
        apiVersion: upgrade.cattle.io/v1
        kind: Plan
        metadata:
          name: p
          namespace: system-upgrade
        spec:
          concurrency: 1
          bogus: dropped
          nodeSelector:
            matchLabels:
              a: b
            extra: dropped
          upgrade:
            image: rancher/k3s-upgrade
            unknownInUpgrade: dropped
          version: v1.33.1+k3s1
        """;

    [Fact]
    public void Preserve_unknown_fields_additional_properties_arrays_and_embedded_resources_are_honoured()
    {
        var schema = JsonNode.Parse("""
            {"type":"object","properties":{
              "spec":{"type":"object","properties":{
                "known":{"type":"string"},
                "open":{"type":"object","x-kubernetes-preserve-unknown-fields":true,"properties":{"inner":{"type":"object","properties":{"x":{"type":"string"}}}}},
                "labels":{"type":"object","additionalProperties":{"type":"string"}},
                "list":{"type":"array","items":{"type":"object","properties":{"name":{"type":"string"}}}},
                "closed":{"type":"object"},
                "template":{"type":"object","x-kubernetes-embedded-resource":true,"properties":{"spec":{"type":"object","x-kubernetes-preserve-unknown-fields":true}}}}}}}
            """)!.AsObject();
        var obj = JsonNode.Parse("""
            {"apiVersion":"g/v1","kind":"K","metadata":{"name":"n"},"top":1,
             "spec":{"known":"k","unknown":1,
               "open":{"anything":1,"inner":{"x":"1","y":"2"}},
               "labels":{"a":"1","b":"2"},
               "list":[{"name":"a","extra":1},{"name":"b"}],
               "closed":{"gone":true},
               "template":{"apiVersion":"v1","kind":"Pod","metadata":{"name":"t"},"spec":{"free":1},"status":{"x":1}}}}
            """)!.AsObject();

        var pruned = SchemaPruning.Prune(schema, obj);

        Assert.Equal(["top", "spec.unknown", "spec.open.inner.y", "spec.list[0].extra", "spec.closed.gone", "spec.template.status"], pruned);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""
            {"apiVersion":"g/v1","kind":"K","metadata":{"name":"n"},
             "spec":{"known":"k","open":{"anything":1,"inner":{"x":"1"}},"labels":{"a":"1","b":"2"},
               "list":[{"name":"a"},{"name":"b"}],"closed":{},
               "template":{"apiVersion":"v1","kind":"Pod","metadata":{"name":"t"},"spec":{"free":1}}}}
            """), obj), obj.ToJsonString());
    }

    [Fact]
    public async Task With_the_reference_CRD_unknown_plan_fields_are_refused_by_kubectl_strict_and_pruned_otherwise()
    {
        await using var sandbox = await TestSandbox.StartAsync(o => o.Simulate = false);
        using var kubectl = new Kubectl(sandbox.Host.KubeconfigPath);
        Assert.True(File.Exists(ReferenceCrd), $"the reference CRD is read from {ReferenceCrd}");
        await kubectl.OkAsync("apply", "-f", ReferenceCrd);
        // (kubectl create namespace would send protobuf, which the sandbox does not read)
        await sandbox.Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new() { Name = "system-upgrade" } });

        // kubectl's default --validate=strict asks for fieldValidation=Strict: a real API server refuses
        var (exit, _, err) = await kubectl.RunWithInputAsync(PlanWithExtras, "apply", "-f", "-");
        Assert.NotEqual(0, exit);
        Assert.Contains("strict decoding error", err);
        Assert.Contains("unknown field \"spec.bogus\"", err);

        // warn: stored pruned, with the warnings kubectl prints
        (exit, _, err) = await kubectl.RunWithInputAsync(PlanWithExtras, "apply", "--validate=warn", "-f", "-");
        Assert.True(exit == 0, err);
        Assert.Contains("Warning: unknown field \"spec.bogus\"", err);
        Assert.Contains("Warning: unknown field \"spec.upgrade.unknownInUpgrade\"", err);

        var plan = JsonNode.Parse(await kubectl.OkAsync("get", "plan", "p", "-n", "system-upgrade", "-o", "json"))!;
        var spec = plan["spec"]!.AsObject();
        Assert.Null(spec["bogus"]);
        Assert.Null(spec["nodeSelector"]!["extra"]);
        Assert.Null(spec["upgrade"]!["unknownInUpgrade"]);
        Assert.Equal("b", spec["nodeSelector"]!["matchLabels"]!["a"]!.GetValue<string>());
        Assert.Equal("rancher/k3s-upgrade", spec["upgrade"]!["image"]!.GetValue<string>());
    }

    [Fact]
    public async Task Status_writes_lose_the_fields_the_reference_CRD_does_not_declare()
    {
        await using var sandbox = await TestSandbox.StartAsync(o => o.Simulate = false);
        using var kubectl = new Kubectl(sandbox.Host.KubeconfigPath);
        await kubectl.OkAsync("apply", "-f", ReferenceCrd);
        // (kubectl create namespace would send protobuf, which the sandbox does not read)
        await sandbox.Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new() { Name = "system-upgrade" } });
        await kubectl.RunWithInputAsync(PlanWithExtras, "apply", "--validate=false", "-f", "-");

        var status = new JsonObject
        {
            ["status"] = new JsonObject
            {
                ["applying"] = new JsonArray("server-1"),
                ["latestVersion"] = "v1.33.1-k3s1",
                ["nodes"] = new JsonObject { ["matching"] = 3, ["done"] = 1 },
                ["failedJobs"] = new JsonArray(new JsonObject { ["name"] = "apply-p-on-agent-1" }),
                ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Complete", ["status"] = "False", ["extra"] = 1 }),
            },
        };
        var k = sandbox.Client;
        await k.CustomObjects.PatchNamespacedCustomObjectStatusAsync<JsonObject>(
            new V1Patch(status.ToJsonString(), V1Patch.PatchType.MergePatch), "upgrade.cattle.io", "v1", "system-upgrade", "plans", "p");

        var stored = JsonNode.Parse(await kubectl.OkAsync("get", "plan", "p", "-n", "system-upgrade", "-o", "json"))!["status"]!.AsObject();
        Assert.Null(stored["nodes"]);
        Assert.Null(stored["failedJobs"]);
        Assert.Null(stored["conditions"]![0]!["extra"]);
        Assert.Equal("server-1", stored["applying"]![0]!.GetValue<string>());
        Assert.Equal("v1.33.1-k3s1", stored["latestVersion"]!.GetValue<string>());

        // a built-in kind keeps what it is given, as before
        await k.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new() { Name = "cm" } }, "default");
        var raw = await k.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("{\"extra\":{\"x\":1}}", V1Patch.PatchType.MergePatch), "cm", "default");
        Assert.NotNull(raw);
        Assert.Contains("\"extra\"", await kubectl.OkAsync("get", "configmap", "cm", "-o", "json"));
    }
}
