using System.Text.Json.Nodes;
using Sandbox.Api.Patching;

namespace Sandbox.Tests;

/// <summary>The patch formats as pure functions, including the directives kubectl apply sends.</summary>
public sealed class PatchTests
{
    private static JsonObject O(string json) => JsonNode.Parse(json)!.AsObject();

    private static void Same(string expected, JsonNode actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), actual), $"expected {expected}\nactual   {actual.ToJsonString()}");

    [Fact]
    public void Merge_patch_merges_objects_deletes_nulls_and_replaces_lists()
    {
        var result = MergePatch.Apply(O("""{"a":{"b":1,"c":2},"l":[1,2],"keep":true}"""), O("""{"a":{"b":null,"d":3},"l":[3]}"""))!;
        Same("""{"a":{"c":2,"d":3},"l":[3],"keep":true}""", result);
    }

    [Fact]
    public void Strategic_merge_patch_merges_keyed_lists_and_honours_directives()
    {
        var pod = O("""
            {"spec":{"containers":[{"name":"a","image":"x","env":[{"name":"E1","value":"1"},{"name":"E2","value":"2"}]},{"name":"b","image":"y"}],
                     "tolerations":[{"key":"t1"}]},
             "metadata":{"finalizers":["f1"],"labels":{"l1":"1","l2":"2"}}}
            """);
        var patch = O("""
            {"$setElementOrder/containers":[{"name":"a"},{"name":"b"}],
             "spec":{"containers":[{"name":"a","env":[{"name":"E2","$patch":"delete"},{"name":"E3","value":"3"}]},{"name":"c","image":"z"}],
                     "tolerations":[{"key":"t2"}]},
             "metadata":{"finalizers":["f2"],"labels":{"l1":null},"$deleteFromPrimitiveList/finalizers":["f1"]}}
            """);
        var result = StrategicMergePatch.Apply(pod, patch);
        Same("""
            {"spec":{"containers":[{"name":"a","image":"x","env":[{"name":"E1","value":"1"},{"name":"E3","value":"3"}]},{"name":"b","image":"y"},{"name":"c","image":"z"}],
                     "tolerations":[{"key":"t2"}]},
             "metadata":{"finalizers":["f2"],"labels":{"l2":"2"}}}
            """, result);
    }

    [Fact]
    public void Strategic_merge_patch_replace_and_retainKeys_directives()
    {
        var result = StrategicMergePatch.Apply(
            O("""{"spec":{"strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":1}},"selector":{"a":"1","b":"2"}}}"""),
            O("""{"spec":{"strategy":{"$retainKeys":["type"],"type":"Recreate"},"selector":{"$patch":"replace","c":"3"}}}"""));
        Same("""{"spec":{"strategy":{"type":"Recreate"},"selector":{"c":"3"}}}""", result);
    }

    [Fact]
    public void Json_patch_adds_removes_replaces_moves_copies_and_tests()
    {
        var result = JsonPatch.Apply(O("""{"a":[1,2],"b":{"c":1}}"""), JsonNode.Parse("""
            [{"op":"add","path":"/a/-","value":3},{"op":"add","path":"/a/0","value":0},{"op":"replace","path":"/b/c","value":2},
             {"op":"copy","from":"/b","path":"/d"},{"op":"move","from":"/d/c","path":"/e"},{"op":"remove","path":"/d"},
             {"op":"test","path":"/e","value":2},{"op":"add","path":"/f~1g","value":"slash"}]
            """)!.AsArray());
        Same("""{"a":[0,1,2,3],"b":{"c":2},"e":2,"f/g":"slash"}""", result);

        var failed = Assert.Throws<Sandbox.Storage.ApiException>(() =>
            JsonPatch.Apply(O("""{"a":1}"""), JsonNode.Parse("""[{"op":"test","path":"/a","value":2}]""")!.AsArray()));
        Assert.Equal(422, failed.Code);
        Assert.Equal(422, Assert.Throws<Sandbox.Storage.ApiException>(() =>
            JsonPatch.Apply(O("""{"a":1}"""), JsonNode.Parse("""[{"op":"remove","path":"/missing"}]""")!.AsArray())).Code);
    }
}
