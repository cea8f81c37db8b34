using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using k8s;
using k8s.Models;
using TestSupport;
using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace Contracts.Tests.Manifests;

/// <summary>The schema in config/crd.yaml, applied to Plans the way an API server would (through a JSON Schema validator).</summary>
public class CrdSchemaValidationTests
{
    private static readonly Lazy<JsonSchema> PlanSchema = new(() =>
    {
        var crd = KubernetesYaml.Deserialize<V1CustomResourceDefinition>(File.ReadAllText(RepoPaths.Config("crd.yaml")));
        var openApi = JsonNode.Parse(KubernetesJson.Serialize(crd.Spec.Versions.Single().Schema.OpenAPIV3Schema))!;
        return JsonSchema.FromText(ToJsonSchema(openApi)!.ToJsonString());
    });

    // OpenAPI v3 structural schema → JSON Schema: int-or-string allows both; extension keys and formats carry no constraint here.
    private static JsonNode? ToJsonSchema(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                var result = new JsonObject();
                if (obj["x-kubernetes-int-or-string"]?.GetValue<bool>() == true)
                {
                    result["type"] = new JsonArray("integer", "string");
                }

                foreach (var (key, value) in obj)
                {
                    if (key.StartsWith("x-kubernetes-", StringComparison.Ordinal) || key == "format")
                    {
                        continue;
                    }

                    result[key] = key == "properties"
                        ? new JsonObject(value!.AsObject().Select(p => KeyValuePair.Create(p.Key, ToJsonSchema(p.Value))))
                        : ToJsonSchema(value);
                }

                return result;
            case JsonArray array:
                return new JsonArray(array.Select(ToJsonSchema).ToArray());
            default:
                return node?.DeepClone();
        }
    }

    private static List<JsonNode> SeedPlans()
    {
        var deserializer = new DeserializerBuilder().WithAttemptingUnquotedStringTypeDeserialization().Build();
        var serializer = new SerializerBuilder().JsonCompatible().Build();
        var parser = new Parser(new StringReader(File.ReadAllText(RepoPaths.Config("examples", "k3s-upgrade.yaml"))));
        parser.Consume<YamlDotNet.Core.Events.StreamStart>();
        var docs = new List<JsonNode>();
        while (!parser.TryConsume<YamlDotNet.Core.Events.StreamEnd>(out _))
        {
            docs.Add(JsonNode.Parse(serializer.Serialize(deserializer.Deserialize(parser)))!);
        }

        return docs;
    }

    private static EvaluationResults Evaluate(JsonNode plan) =>
        PlanSchema.Value.Evaluate(JsonDocument.Parse(plan.ToJsonString()).RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });

    [Fact]
    public void The_seed_plans_are_accepted()
    {
        var plans = SeedPlans();
        Assert.Equal(2, plans.Count);
        foreach (var plan in plans)
        {
            Assert.True(Evaluate(plan).IsValid, plan.ToJsonString());
        }
    }

    [Fact]
    public void A_plan_without_spec_upgrade_is_rejected()
    {
        var plan = SeedPlans()[0];
        plan["spec"]!.AsObject().Remove("upgrade");
        Assert.False(Evaluate(plan).IsValid);
    }

    [Fact]
    public void A_bad_day_name_is_rejected_and_good_ones_accepted()
    {
        var plan = SeedPlans()[0];
        plan["spec"]!["window"] = new JsonObject { ["days"] = new JsonArray("monday", "Tu", "6"), ["startTime"] = "19:00", ["endTime"] = "21:00" };
        Assert.False(Evaluate(plan).IsValid, "'Tu' is not in the reference enum (lower case only)");
        plan["spec"]!["window"]!["days"] = new JsonArray("monday", "tu", "6");
        Assert.True(Evaluate(plan).IsValid);
        plan["spec"]!["window"]!["days"] = new JsonArray("funday");
        Assert.False(Evaluate(plan).IsValid);
    }

    [Fact]
    public void Wrong_types_are_rejected_and_int_or_string_takes_both()
    {
        var plan = SeedPlans()[0];
        plan["spec"]!["concurrency"] = "two";
        Assert.False(Evaluate(plan).IsValid);

        plan = SeedPlans()[0];
        plan["spec"]!["drain"] = new JsonObject { ["timeout"] = 300000000000 };
        Assert.True(Evaluate(plan).IsValid);
        plan["spec"]!["drain"] = new JsonObject { ["timeout"] = "5m" };
        Assert.True(Evaluate(plan).IsValid);
        plan["spec"]!["drain"] = new JsonObject { ["timeout"] = true };
        Assert.False(Evaluate(plan).IsValid);
    }
}
