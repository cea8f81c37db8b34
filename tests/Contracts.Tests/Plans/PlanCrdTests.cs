using System.Text.Json.Nodes;
using Contracts.Plans;
using k8s;
using k8s.Models;
using TestSupport;

namespace Contracts.Tests.Plans;

public class PlanCrdTests
{
    private const string Header =
        "# The Plan CRD (upgrade.cattle.io/v1). Generated from Contracts/Plans by PlanCrd.Build();\n" +
        "# regenerate with: UPDATE_GOLDEN=1 dotnet test tests/Contracts.Tests --filter PlanCrdTests\n";

    [Fact]
    public void Config_crd_yaml_is_the_schema_generated_from_the_Plan_types()
    {
        var path = RepoPaths.Config("crd.yaml");
        var generated = Header + KubernetesYaml.Serialize(PlanCrd.Build());
        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(path, generated);
        }

        Assert.True(File.Exists(path), $"{path} is missing; run with UPDATE_GOLDEN=1 to write it");
        var onDisk = KubernetesYaml.Deserialize<V1CustomResourceDefinition>(File.ReadAllText(path));
        Assert.True(
            JsonNode.DeepEquals(JsonNode.Parse(KubernetesJson.Serialize(PlanCrd.Build())), JsonNode.Parse(KubernetesJson.Serialize(onDisk))),
            "config/crd.yaml differs from PlanCrd.Build(); regenerate with UPDATE_GOLDEN=1 dotnet test tests/Contracts.Tests --filter PlanCrdTests");
    }

    [Fact]
    public void Every_spec_and_status_field_of_the_types_is_in_the_schema()
    {
        var schema = PlanCrd.Build().Spec.Versions[0].Schema.OpenAPIV3Schema;
        var spec = JsonNode.Parse(KubernetesJson.Serialize(PlanSerializationTests.EveryField()))!["spec"]!.AsObject();
        Assert.Equal(spec.Select(p => p.Key).Order(), schema.Properties["spec"].Properties.Keys.Order());
        Assert.Equal(["applying", "conditions", "failedJobs", "latestHash", "latestVersion", "nodes"], schema.Properties["status"].Properties.Keys.Order());
        Assert.Equal(["upgrade"], schema.Properties["spec"].Required);
        Assert.Contains("envs", schema.Properties["spec"].Properties["upgrade"].Properties.Keys);
        Assert.True(schema.Properties["spec"].Properties["drain"].Properties["timeout"].XKubernetesIntOrString);
        Assert.Equal("integer", schema.Properties["spec"].Properties["concurrency"].Type);
        Assert.Equal("object", schema.Properties["spec"].Properties["postCompleteLabels"].Type);
    }

    [Fact]
    public void Days_are_an_enum_of_the_reference_names_and_printer_columns_match_the_reference()
    {
        var version = PlanCrd.Build().Spec.Versions[0];
        var days = (V1JSONSchemaProps)version.Schema.OpenAPIV3Schema.Properties["spec"].Properties["window"].Properties["days"].Items;
        Assert.Equal(28, days.EnumProperty.Count);
        Assert.Contains("wednesday", days.EnumProperty);
        Assert.DoesNotContain("funday", days.EnumProperty);
        Assert.Equal(["Image", "Channel", "Version", "Complete", "Reason", "Nodes", "Done", "Upgrading", "Waiting", "Failed", "Gated", "Message", "Applying"], version.AdditionalPrinterColumns.Select(c => c.Name));
        Assert.All(version.AdditionalPrinterColumns.Where(c => c.JsonPath.StartsWith(".status.nodes.", StringComparison.Ordinal)), c => Assert.Equal("integer", c.Type));
        Assert.Equal(10, version.AdditionalPrinterColumns.Single(c => c.Name == "Applying").Priority);
        Assert.NotNull(version.Subresources.Status);
        Assert.True(version.Served && version.Storage);
    }
}
