using System.Text.Json.Nodes;
using Sandbox.Storage;

namespace Sandbox.Api;

/// <summary>The defaulting kube-apiserver applies to the built-in kinds the simulation runs.</summary>
public static class BuiltInDefaults
{
    public const string JobNameLabel = "batch.kubernetes.io/job-name";
    public const string ControllerUidLabel = "batch.kubernetes.io/controller-uid";

    public static void OnCreate(ResourceType type, JsonObject obj)
    {
        var meta = obj.Metadata();
        if (type == BuiltInResources.Namespaces)
        {
            meta.Ensure("labels")["kubernetes.io/metadata.name"] = meta.GetString("name");
            obj.Ensure("spec")["finalizers"] ??= new JsonArray("kubernetes");
            obj.Ensure("status")["phase"] = "Active";
        }
        else if (type == BuiltInResources.Pods)
        {
            var spec = obj.Ensure("spec");
            spec["restartPolicy"] ??= "Always";
            spec["dnsPolicy"] ??= "ClusterFirst";
            spec["schedulerName"] ??= "default-scheduler";
            spec["terminationGracePeriodSeconds"] ??= 30;
            spec["serviceAccountName"] ??= "default";
            obj["status"] = new JsonObject { ["phase"] = "Pending", ["qosClass"] = "BestEffort" };
        }
        else if (type == BuiltInResources.Jobs)
        {
            var spec = obj.Ensure("spec");
            if (spec["parallelism"] is null && spec["completions"] is null)
            {
                spec["completions"] = 1;
            }

            spec["parallelism"] ??= 1;
            spec["backoffLimit"] ??= 6;
            spec["completionMode"] ??= "NonIndexed";
            spec["suspend"] ??= false;
            spec["podReplacementPolicy"] ??= "TerminatingOrFailed";
            var uid = meta.GetString("uid");
            var name = meta.GetString("name");
            if (!spec.GetBool("manualSelector"))
            {
                spec["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { [ControllerUidLabel] = uid } };
            }

            var labels = obj.Ensure("spec", "template", "metadata", "labels");
            labels[ControllerUidLabel] = uid;
            labels[JobNameLabel] = name;
            labels["controller-uid"] = uid;
            labels["job-name"] = name;
            var podSpec = obj.Ensure("spec", "template", "spec");
            podSpec["dnsPolicy"] ??= "ClusterFirst";
            podSpec["schedulerName"] ??= "default-scheduler";
            podSpec["terminationGracePeriodSeconds"] ??= 30;
            obj["status"] = new JsonObject();
        }
        else if (type == BuiltInResources.Deployments)
        {
            obj.Ensure("spec")["replicas"] ??= 1;
            obj["status"] ??= new JsonObject();
        }
        else if (type == BuiltInResources.Secrets)
        {
            obj["type"] ??= "Opaque";
            MergeStringData(obj);
        }
    }

    /// <summary>
    /// A Secret's <c>stringData</c> is write-only: its entries are stored base64-encoded in <c>data</c> (winning
    /// over a key of the same name there) and the field itself is never stored nor returned.
    /// </summary>
    private static void MergeStringData(JsonObject secret)
    {
        if (secret["stringData"] is not JsonObject stringData)
        {
            secret.Remove("stringData");
            return;
        }

        var data = secret["data"] as JsonObject ?? new JsonObject();
        foreach (var (key, value) in stringData)
        {
            var text = value?.GetValueKind() == System.Text.Json.JsonValueKind.String ? value.GetValue<string>() : value?.ToJsonString() ?? "";
            data[key] = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(text));
        }

        secret["data"] = data;
        secret.Remove("stringData");
    }

    public static void OnUpdate(ResourceType type, JsonObject next, JsonObject old)
    {
        if (type == BuiltInResources.Secrets)
        {
            MergeStringData(next);
        }

        if (type == BuiltInResources.Jobs)
        {
            // selector and the controller labels of the template are immutable
            var spec = next.Ensure("spec");
            spec["selector"] = old.GetPath("spec", "selector")?.DeepClone();
            var labels = next.Ensure("spec", "template", "metadata", "labels");
            foreach (var key in new[] { ControllerUidLabel, JobNameLabel, "controller-uid", "job-name" })
            {
                if (old.GetPath("spec", "template", "metadata", "labels", key) is { } v)
                {
                    labels[key] = v.DeepClone();
                }
            }
        }
    }
}
