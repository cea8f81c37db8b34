using System.Text.Json;
using System.Text.Json.Nodes;

namespace Sandbox.Storage;

/// <summary>
/// One committed version of an object. The JSON tree is frozen: nothing mutates it after commit, so
/// readers share it without copying; writers clone.
/// </summary>
public sealed class StoredObject
{
    private byte[]? _json;
    private IReadOnlyDictionary<string, string>? _labels;
    private IReadOnlyDictionary<string, string>? _annotations;

    internal StoredObject(ResourceType type, JsonObject obj, long resourceVersion)
    {
        Type = type;
        Object = obj;
        ResourceVersion = resourceVersion;
        Name = obj.GetPath("metadata", "name")?.GetValue<string>() ?? "";
        Namespace = obj.GetPath("metadata", "namespace")?.GetValue<string>() ?? "";
        Uid = obj.GetPath("metadata", "uid")?.GetValue<string>() ?? "";
        Json.Freeze(obj);
    }

    public ResourceType Type { get; }
    public JsonObject Object { get; }
    public long ResourceVersion { get; }
    public string Name { get; }
    public string Namespace { get; }
    public string Uid { get; }
    public string Key => ObjectStore.KeyOf(Namespace, Name);

    public IReadOnlyDictionary<string, string> Labels => _labels ??= Json.StringMap(Object.GetPath("metadata", "labels"));

    public IReadOnlyDictionary<string, string> Annotations => _annotations ??= Json.StringMap(Object.GetPath("metadata", "annotations"));

    public byte[] Utf8Json => _json ??= JsonSerializer.SerializeToUtf8Bytes(Object, Json.Options);

    public JsonObject Clone() => (JsonObject)Object.DeepClone();
}
