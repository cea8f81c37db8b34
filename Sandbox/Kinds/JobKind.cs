using System.Text.Json.Nodes;
using Sandbox.Api.Tables;
using Sandbox.Storage;

namespace Sandbox.Kinds;

/// <summary>
/// Jobs (batch/v1): kube-apiserver's defaults, a generated selector on the Job's uid and the controller labels
/// on its pod template, both immutable afterwards.
/// </summary>
internal static class JobKind
{
    public const string JobNameLabel = "batch.kubernetes.io/job-name";
    public const string ControllerUidLabel = "batch.kubernetes.io/controller-uid";

    private static readonly string[] ControllerLabels = [ControllerUidLabel, JobNameLabel, "controller-uid", "job-name"];

    public static readonly ResourceType Type = new("batch", "v1", "jobs", "Job", true) { Categories = ["all"], HasStatus = true };

    public static KindDescriptor Descriptor { get; } = new(Type)
    {
        OnCreate = Defaults,
        OnUpdate = KeepImmutable,
        Printer = new JobPrinter(),
        CollectedWithOwner = true,
        FieldLabels = ["status.successful"],
    };

    private static void Defaults(JsonObject obj)
    {
        var meta = obj.Metadata();
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

    private static void KeepImmutable(JsonObject next, JsonObject old)
    {
        // selector and the controller labels of the template are immutable
        var spec = next.Ensure("spec");
        spec["selector"] = old.GetPath("spec", "selector")?.DeepClone();
        var labels = next.Ensure("spec", "template", "metadata", "labels");
        foreach (var key in ControllerLabels)
        {
            if (old.GetPath("spec", "template", "metadata", "labels", key) is { } v)
            {
                labels[key] = v.DeepClone();
            }
        }
    }
}
