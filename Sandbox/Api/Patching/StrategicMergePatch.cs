using System.Text.Json.Nodes;
using Sandbox.Storage;

namespace Sandbox.Api.Patching;

/// <summary>
/// Strategic merge patch for the built-in kinds, as kubectl sends it: maps merge, null deletes,
/// lists whose Go field has a patch merge key (containers by name, conditions by type...) merge by
/// that key, other lists replace; the directives <c>$patch</c>, <c>$retainKeys</c>,
/// <c>$deleteFromPrimitiveList/</c> and <c>$setElementOrder/</c> are honoured (the last one only as far as
/// dropping it). The merge keys are those of the Kubernetes API types, looked up by field name.
/// </summary>
public static class StrategicMergePatch
{
    private static readonly Dictionary<string, string> MergeKeys = new(StringComparer.Ordinal)
    {
        ["containers"] = "name",
        ["initContainers"] = "name",
        ["ephemeralContainers"] = "name",
        ["env"] = "name",
        ["volumes"] = "name",
        ["volumeMounts"] = "mountPath",
        ["volumeDevices"] = "devicePath",
        ["ports"] = "containerPort",
        ["imagePullSecrets"] = "name",
        ["conditions"] = "type",
        ["ownerReferences"] = "uid",
        ["hostAliases"] = "ip",
        ["topologySpreadConstraints"] = "topologyKey",
        ["addresses"] = "type",
        ["taints"] = "key",
        ["containerStatuses"] = "name",
        ["initContainerStatuses"] = "name",
        ["subjects"] = "name",
    };

    /// <summary>Primitive lists with patch strategy merge: the patch's values are added, not replaced.</summary>
    private static readonly HashSet<string> MergedPrimitiveLists = new(StringComparer.Ordinal) { "finalizers" };

    public static JsonNode Apply(JsonNode? target, JsonObject patch) => MergeObject(target as JsonObject ?? new JsonObject(), patch);

    private static JsonObject MergeObject(JsonObject target, JsonObject patch)
    {
        switch (patch.GetString("$patch"))
        {
            case "replace":
                var replaced = (JsonObject)patch.DeepClone();
                replaced.Remove("$patch");
                return StripDirectives(replaced);
            case "delete":
                return new JsonObject();
        }

        foreach (var (key, value) in patch)
        {
            if (key == "$patch" || key == "$retainKeys" || key.StartsWith("$setElementOrder/", StringComparison.Ordinal))
            {
                continue;
            }

            if (key.StartsWith("$deleteFromPrimitiveList/", StringComparison.Ordinal))
            {
                var field = key["$deleteFromPrimitiveList/".Length..];
                if (target[field] is JsonArray list)
                {
                    var remove = value.Strings().ToHashSet(StringComparer.Ordinal);
                    for (var i = list.Count - 1; i >= 0; i--)
                    {
                        if (remove.Contains(list[i]?.ToString() ?? ""))
                        {
                            list.RemoveAt(i);
                        }
                    }
                }

                continue;
            }

            if (value is null)
            {
                target.Remove(key);
                continue;
            }

            var current = target[key];
            target.Remove(key);
            target[key] = value switch
            {
                JsonObject po when po.GetString("$patch") == "delete" => null,
                JsonObject po => MergeObject(current as JsonObject ?? new JsonObject(), po),
                JsonArray pa => MergeList(key, current as JsonArray, pa),
                _ => value.DeepClone(),
            };
            if (target[key] is null)
            {
                target.Remove(key);
            }
        }

        if (patch["$retainKeys"] is JsonArray retain)
        {
            var keep = retain.Strings().ToHashSet(StringComparer.Ordinal);
            foreach (var k in target.Select(p => p.Key).Where(k => !keep.Contains(k)).ToList())
            {
                target.Remove(k);
            }
        }

        return target;
    }

    private static JsonArray MergeList(string field, JsonArray? current, JsonArray patch)
    {
        if (MergedPrimitiveLists.Contains(field) && current is not null)
        {
            var merged = (JsonArray)current.DeepClone();
            foreach (var v in patch)
            {
                if (!merged.Any(m => JsonNode.DeepEquals(m, v)))
                {
                    merged.Add(v?.DeepClone());
                }
            }

            return merged;
        }

        if (!MergeKeys.TryGetValue(field, out var mergeKey) || current is null || !patch.All(p => p is JsonObject))
        {
            if (patch.Count == 1 && patch[0] is JsonObject only && only.GetString("$patch") == "replace")
            {
                return new JsonArray();
            }

            return StripDirectives((JsonArray)patch.DeepClone());
        }

        var result = (JsonArray)current.DeepClone();
        foreach (var item in patch.OfType<JsonObject>())
        {
            if (item.GetString("$patch") == "replace")
            {
                return StripDirectives(new JsonArray(patch.OfType<JsonObject>().Where(p => p.GetString("$patch") != "replace").Select(p => (JsonNode)p.DeepClone()).ToArray()));
            }

            var keyValue = item[mergeKey];
            var index = -1;
            for (var i = 0; i < result.Count; i++)
            {
                if (JsonNode.DeepEquals(result[i]?[mergeKey], keyValue))
                {
                    index = i;
                    break;
                }
            }

            if (item.GetString("$patch") == "delete")
            {
                if (index >= 0)
                {
                    result.RemoveAt(index);
                }

                continue;
            }

            if (index >= 0)
            {
                var merged = MergeObject((JsonObject)result[index]!.DeepClone(), item);
                result[index] = merged;
            }
            else
            {
                result.Add(StripDirectives((JsonObject)item.DeepClone()));
            }
        }

        return result;
    }

    private static T StripDirectives<T>(T node)
        where T : JsonNode
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var key in o.Select(p => p.Key).Where(k => k.StartsWith('$')).ToList())
                {
                    o.Remove(key);
                }

                foreach (var (_, child) in o)
                {
                    if (child is not null)
                    {
                        StripDirectives(child);
                    }
                }

                break;
            case JsonArray a:
                foreach (var child in a)
                {
                    if (child is not null)
                    {
                        StripDirectives(child);
                    }
                }

                break;
        }

        return node;
    }
}
