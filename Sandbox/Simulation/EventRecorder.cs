using System.Text.Json.Nodes;
using Sandbox.Api;
using Sandbox.Storage;

namespace Sandbox.Simulation;

/// <summary>
/// The events the simulated components record, as kube-scheduler, the job controller and the kubelet
/// do (core/v1, so <c>kubectl describe</c> and <c>kubectl get events</c> show them).
/// </summary>
public sealed class EventRecorder(ResourceOperations ops)
{
    public void Record(StoredObject about, string type, string reason, string message, string component, string? host = null)
    {
        var ns = about.Type.Namespaced ? about.Namespace : "default";
        var now = Json.Timestamp(ops.Time.GetUtcNow());
        var source = new JsonObject { ["component"] = component };
        if (host is not null)
        {
            source["host"] = host;
        }

        var evt = new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = $"{about.Name}.{ops.RandomSuffix(16)}", ["namespace"] = ns },
            ["involvedObject"] = new JsonObject
            {
                ["apiVersion"] = about.Type.ApiVersion,
                ["kind"] = about.Type.Kind,
                ["name"] = about.Name,
                ["namespace"] = about.Type.Namespaced ? about.Namespace : null,
                ["uid"] = about.Uid,
                ["resourceVersion"] = about.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
            ["reason"] = reason,
            ["message"] = message,
            ["source"] = source,
            ["firstTimestamp"] = now,
            ["lastTimestamp"] = now,
            ["count"] = 1,
            ["type"] = type,
            ["reportingComponent"] = component,
            ["reportingInstance"] = host ?? "",
        };
        if (!about.Type.Namespaced)
        {
            ((JsonObject)evt["involvedObject"]!).Remove("namespace");
        }

        try
        {
            ops.Create(BuiltInResources.CoreEvents, ns, evt);
        }
        catch (ApiException)
        {
            // the namespace is going away: the event has nowhere to live
        }
    }
}
