using System.Text.Json;
using System.Text.Json.Nodes;
using Sandbox.Storage;

namespace Sandbox.Api;

/// <summary>
/// A stored object as the requested type serves it: converted when the type serves another's objects
/// (events.k8s.io Events), renamed to the requested apiVersion when a CRD serves several versions of one
/// object, else the stored bytes as they are.
/// </summary>
public static class ServedForm
{
    public static byte[] Bytes(StoredObject obj, ResourceType requested) =>
        requested.ToServed is null && obj.Object.GetString("apiVersion") == requested.ApiVersion
            ? obj.Utf8Json
            : JsonSerializer.SerializeToUtf8Bytes(Object(obj, requested), Json.Options);

    public static JsonObject Object(StoredObject obj, ResourceType requested)
    {
        if (requested.ToServed is { } convert)
        {
            return convert(obj.Object);
        }

        var copy = obj.Clone();
        copy["apiVersion"] = requested.ApiVersion;
        return copy;
    }
}
