using System.Text.Json.Nodes;
using Contracts.Plans;
using k8s;
using k8s.Models;
using TestSupport;
using YamlDotNet.Core;

namespace Contracts.Tests.Plans;

public class PlanSerializationTests
{
    private static readonly Dictionary<string, Type> PlanTypes = new() { [$"{Plan.GroupVersion}/{Plan.KubeKind}"] = typeof(Plan) };

    internal static Plan EveryField() => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = "k3s-server",
            NamespaceProperty = "system-upgrade",
            Labels = new Dictionary<string, string> { ["team"] = "ops" },
            Annotations = new Dictionary<string, string> { [UpgradeLabels.Digest] = "spec.upgrade.envs" },
        },
        Spec = new PlanSpec
        {
            Concurrency = 2,
            JobActiveDeadlineSecs = 12345,
            NodeSelector = new V1LabelSelector
            {
                MatchExpressions = [new V1LabelSelectorRequirement { Key = NodeLabels.ControlPlane, OperatorProperty = "In", Values = ["true"] }],
                MatchLabels = new Dictionary<string, string> { ["zone"] = "a" },
            },
            ServiceAccountName = "system-upgrade",
            Channel = "https://update.k3s.io/v1-release/channels/stable",
            Version = "v1.33.6+k3s1",
            Secrets = [new SecretSpec { Name = "creds", Path = "/etc/creds", IgnoreUpdates = true, DefaultMode = 256 }],
            Tolerations = [new V1Toleration { Key = "CriticalAddonsOnly", OperatorProperty = "Exists" }],
            Exclusive = true,
            Window = new TimeWindowSpec { Days = ["monday", "tu", "3"], StartTime = "19:00", EndTime = "03:00", TimeZone = "Europe/Berlin" },
            Prepare = new ContainerSpec { Image = "rancher/k3s-upgrade", Args = ["prepare", "server-plan"] },
            Upgrade = new ContainerSpec
            {
                Image = "rancher/k3s-upgrade",
                Command = ["/bin/sh", "-c"],
                Args = ["upgrade"],
                Envs = [new V1EnvVar { Name = "A", Value = "1" }],
                EnvFrom = [new V1EnvFromSource { ConfigMapRef = new V1ConfigMapEnvSource { Name = "cm" } }],
                Volumes = [new VolumeSpec { Name = "v", Source = "/var/lib", Destination = "/data" }],
                SecurityContext = new V1SecurityContext { Privileged = true, Capabilities = new V1Capabilities { Add = ["CAP_SYS_BOOT"] } },
            },
            Cordon = true,
            Drain = new DrainSpec
            {
                Timeout = "5m",
                GracePeriod = 30,
                DeleteEmptydirData = true,
                IgnoreDaemonSets = true,
                Force = true,
                DisableEviction = true,
                SkipWaitForDeleteTimeout = 60,
                PodSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "x" } },
            },
            ImagePullSecrets = [new V1LocalObjectReference { Name = "regcred" }],
            PostCompleteDelay = "1m30s",
            PriorityClassName = "system-node-critical",
            PostCompleteLabels = new Dictionary<string, string> { ["k3s.io/version"] = "$(LATEST_VERSION)" },
        },
        Status = new PlanStatus
        {
            Conditions = [new PlanCondition { Type = PlanConditions.Complete, Status = "False", Reason = "Resolved", Message = "m", LastUpdateTime = "2026-01-01T00:00:00Z", LastTransitionTime = "2026-01-01T00:00:00Z" }],
            LatestVersion = "v1.33.6-k3s1",
            LatestHash = "abc",
            Applying = ["node-1"],
        },
    };

    [Fact]
    public void Every_field_round_trips_through_KubernetesJson()
    {
        var json = KubernetesJson.Serialize(EveryField());
        var again = KubernetesJson.Serialize(KubernetesJson.Deserialize<Plan>(json));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(json), JsonNode.Parse(again)), again);
    }

    [Fact]
    public void Every_field_round_trips_through_KubernetesYaml()
    {
        var yaml = KubernetesYaml.Serialize(EveryField());
        var back = KubernetesYaml.Deserialize<Plan>(yaml);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(KubernetesJson.Serialize(EveryField())), JsonNode.Parse(KubernetesJson.Serialize(back))), yaml);
    }

    [Fact]
    public void Wire_names_are_the_reference_CRD_names()
    {
        var spec = JsonNode.Parse(KubernetesJson.Serialize(EveryField()))!["spec"]!.AsObject();
        string[] expected =
        [
            "concurrency", "jobActiveDeadlineSecs", "nodeSelector", "serviceAccountName", "channel", "version", "secrets",
            "tolerations", "exclusive", "window", "prepare", "upgrade", "cordon", "drain", "imagePullSecrets",
            "postCompleteDelay", "priorityClassName", "postCompleteLabels",
        ];
        Assert.Equal(expected.Order(), spec.Select(p => p.Key).Order());
        Assert.NotNull(spec["upgrade"]!["envs"]);
        Assert.Equal("5m", spec["drain"]!["timeout"]!.GetValue<string>());
        Assert.NotNull(spec["drain"]!["deleteEmptydirData"]);
        Assert.NotNull(spec["drain"]!["skipWaitForDeleteTimeout"]);
        Assert.Equal(["type", "status", "lastUpdateTime", "lastTransitionTime", "reason", "message"],
            JsonNode.Parse(KubernetesJson.Serialize(EveryField()))!["status"]!["conditions"]![0]!.AsObject().Select(p => p.Key));
    }

    [Fact]
    public void Missing_optional_fields_stay_missing()
    {
        var json = KubernetesJson.Serialize(new Plan { Metadata = new V1ObjectMeta { Name = "p" }, Spec = new PlanSpec { Upgrade = new ContainerSpec { Image = "x" } } });
        var node = JsonNode.Parse(json)!.AsObject();
        Assert.False(node.ContainsKey("status"));
        Assert.Equal(["upgrade"], node["spec"]!.AsObject().Select(p => p.Key));
        Assert.Equal(Plan.GroupVersion, node["apiVersion"]!.GetValue<string>());
        Assert.Equal("Plan", node["kind"]!.GetValue<string>());
    }

    [Fact]
    public void Drain_timeout_as_nanoseconds_is_kept_as_a_number()
    {
        var plan = KubernetesJson.Deserialize<Plan>("""{"apiVersion":"upgrade.cattle.io/v1","kind":"Plan","metadata":{"name":"p"},"spec":{"upgrade":{"image":"x"},"drain":{"timeout":300000000000}}}""");
        Assert.Equal("300000000000", plan.Spec.Drain!.Timeout!.Value);
        Assert.Contains("\"timeout\":300000000000", KubernetesJson.Serialize(plan), StringComparison.Ordinal);
    }

    [Fact]
    public void The_seed_plans_parse_and_re_serialize_to_equivalent_yaml()
    {
        var text = File.ReadAllText(RepoPaths.Config("examples", "k3s-upgrade.yaml"));
        var plans = KubernetesYaml.LoadAllFromString(text, PlanTypes).Cast<Plan>().ToList();

        Assert.Equal(["server-plan", "agent-plan"], plans.Select(p => p.Metadata.Name));
        var server = plans[0];
        Assert.Equal(1, server.Spec.Concurrency);
        Assert.True(server.Spec.Cordon);
        Assert.Equal("v1.24.6+k3s1", server.Spec.Version);
        Assert.Equal("rancher/k3s-upgrade", server.Spec.Upgrade!.Image);
        Assert.Equal("In", server.Spec.NodeSelector!.MatchExpressions[0].OperatorProperty);
        Assert.Equal(["prepare", "server-plan"], plans[1].Spec.Prepare!.Args!);
        Assert.Equal("DoesNotExist", plans[1].Spec.NodeSelector!.MatchExpressions[0].OperatorProperty);

        // Equivalent: the documents, read as plain data, are equal before and after.
        var original = KubernetesYaml.LoadAllFromString(text, PlanTypes).Select(ToJson).ToList();
        var reserialized = KubernetesYaml.LoadAllFromString(KubernetesYaml.SerializeAll(plans), PlanTypes).Select(ToJson).ToList();
        Assert.Equal(original.Count, reserialized.Count);
        for (var i = 0; i < original.Count; i++)
        {
            Assert.True(JsonNode.DeepEquals(original[i], reserialized[i]), reserialized[i]!.ToJsonString());
        }

        var plain = YamlAsJson(text).ToList();
        Assert.Equal(plans.Count, plain.Count);
        for (var i = 0; i < plain.Count; i++)
        {
            Assert.True(JsonNode.DeepEquals(plain[i], ToJson(plans[i])), plain[i]!.ToJsonString());
        }
    }

    private static JsonNode? ToJson(object o) => JsonNode.Parse(KubernetesJson.Serialize(o));

    // The seed's YAML read with YamlDotNet alone (no Plan type), for comparison with what the types produce.
    private static IEnumerable<JsonNode?> YamlAsJson(string yaml)
    {
        var deserializer = new YamlDotNet.Serialization.DeserializerBuilder().WithAttemptingUnquotedStringTypeDeserialization().Build();
        var serializer = new YamlDotNet.Serialization.SerializerBuilder().JsonCompatible().Build();
        var parser = new YamlDotNet.Core.Parser(new StringReader(yaml));
        parser.Consume<YamlDotNet.Core.Events.StreamStart>();
        while (parser.TryConsume<YamlDotNet.Core.Events.StreamEnd>(out _) == false)
        {
            var doc = deserializer.Deserialize(parser);
            yield return JsonNode.Parse(serializer.Serialize(doc));
        }
    }
}
