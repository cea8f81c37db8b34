using System.Text.Json.Nodes;
using Sandbox.Kinds;
using Sandbox.Storage;

namespace Sandbox.Tests;

/// <summary>One descriptor per built-in kind, and everything that is served comes from them.</summary>
public sealed class BuiltInKindsTests
{
    [Fact]
    public void Every_served_built_in_type_has_exactly_one_descriptor()
    {
        Assert.Equal(BuiltInResources.All, BuiltInKinds.All.Select(k => k.Type));
        Assert.Equal(BuiltInKinds.All.Count, BuiltInKinds.All.Select(k => (k.Type.Group, k.Type.Version, k.Type.Plural)).Distinct().Count());
        Assert.All(BuiltInKinds.All, k => Assert.Same(k, BuiltInKinds.For(k.Type)));
        Assert.All(new ResourceCatalog().All, t => Assert.NotNull(BuiltInKinds.For(t)));
    }

    [Fact]
    public void Every_printer_gives_one_cell_per_column_even_for_an_empty_object()
    {
        var empty = new JsonObject { ["metadata"] = new JsonObject { ["name"] = "x", ["creationTimestamp"] = "2025-01-01T00:00:00Z" } };
        foreach (var kind in BuiltInKinds.All)
        {
            var table = Sandbox.Api.Tables.TableConverter.Convert(kind.Type, [new ObjectStore().Create(kind.Type, (JsonObject)empty.DeepClone())], "None", DateTimeOffset.UnixEpoch.AddYears(56), 1);
            var columns = table["columnDefinitions"]!.AsArray().Count;
            Assert.Equal(columns, table["rows"]![0]!["cells"]!.AsArray().Count);
        }
    }

    [Fact]
    public void Only_pods_and_jobs_go_with_their_owner_and_bookkeeping_kinds_do_not_wake_the_simulation()
    {
        Assert.Equal(["pods", "jobs"], BuiltInKinds.All.Where(k => k.CollectedWithOwner).Select(k => k.Type.Plural));
        Assert.Equal(["secrets", "configmaps", "serviceaccounts", "events", "events", "leases"], BuiltInKinds.All.Where(k => !k.WakesSimulation).Select(k => k.Type.Plural));
    }
}
