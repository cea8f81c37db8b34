using System.Text.Json.Nodes;
using Sandbox.Storage;

namespace Sandbox.Api;

/// <summary>
/// Short OpenAPI schemas of the built-in kinds, for <c>kubectl explain</c>: the fields the simulation reads
/// or writes, in our own words. They are documentation only: built-in kinds are neither validated nor
/// pruned against them (kube-apiserver's own schemas are far larger).
/// </summary>
public static class BuiltInSchemas
{
    public static JsonObject For(ResourceType type)
    {
        var (spec, status) = type.Kind switch
        {
            "Node" => (Object("What the node is and whether it takes new pods.",
                    ("podCIDR", Text("The pod IP range assigned to the node.")),
                    ("providerID", Text("The node's ID at its provider (k3s://NAME).")),
                    ("unschedulable", Flag("Set by cordon: no new pod is scheduled on the node.")),
                    ("taints", List("Taints that keep pods without a matching toleration away.", Object("A taint.",
                        ("key", Text("The taint key.")), ("value", Text("The taint value.")), ("effect", Text("NoSchedule, PreferNoSchedule or NoExecute.")), ("timeAdded", Text("When a NoExecute taint was added.")))))),
                Object("What the kubelet last reported.",
                    ("conditions", List("Ready and the pressure conditions.", Condition())),
                    ("addresses", List("The node's addresses.", Object("An address.", ("type", Text("InternalIP, ExternalIP or Hostname.")), ("address", Text("The address."))))),
                    ("capacity", Map("Total resources of the node.")),
                    ("allocatable", Map("Resources available to pods.")),
                    ("nodeInfo", Object("Versions and identity of the node's software.",
                        ("kubeletVersion", Text("The kubelet's version: the k3s version the node runs.")),
                        ("kubeProxyVersion", Text("The kube-proxy version.")),
                        ("containerRuntimeVersion", Text("The container runtime and its version.")),
                        ("osImage", Text("The operating system.")),
                        ("kernelVersion", Text("The kernel version.")),
                        ("architecture", Text("The CPU architecture.")),
                        ("operatingSystem", Text("linux or windows.")))))),
            "Pod" => (Object("The pod's containers and where it may run.",
                    ("nodeName", Text("The node the pod is bound to.")),
                    ("restartPolicy", Text("Always, OnFailure or Never.")),
                    ("serviceAccountName", Text("The service account the pod runs as.")),
                    ("nodeSelector", Map("Labels a node must have.")),
                    ("affinity", Free("Node and pod affinity rules.")),
                    ("tolerations", List("Taints the pod tolerates.", Free("A toleration."))),
                    ("initContainers", List("Containers run to completion, in order, before the others.", Container())),
                    ("containers", List("The pod's containers.", Container()))),
                Object("What the kubelet last reported.",
                    ("phase", Text("Pending, Running, Succeeded, Failed or Unknown.")),
                    ("conditions", List("PodScheduled, Initialized, ContainersReady, Ready.", Condition())),
                    ("hostIP", Text("The node's IP.")),
                    ("podIP", Text("The pod's IP.")),
                    ("startTime", Text("When the kubelet accepted the pod.")),
                    ("initContainerStatuses", List("One per init container.", Free("A container status."))),
                    ("containerStatuses", List("One per container.", Free("A container status."))))),
            "Job" => (Object("How the Job runs its pods.",
                    ("parallelism", Number("How many pods run at once.")),
                    ("completions", Number("How many pods must succeed.")),
                    ("backoffLimit", Number("Failed pods tolerated before the Job fails.")),
                    ("activeDeadlineSeconds", Number("How long the Job may be active before it fails with DeadlineExceeded.")),
                    ("ttlSecondsAfterFinished", Number("How long a finished Job is kept before it is deleted.")),
                    ("selector", Free("The label selector of the Job's pods.")),
                    ("template", Object("The pod template.", ("metadata", ObjectMeta()), ("spec", Free("The pod spec."))))),
                Object("What the job controller last observed.",
                    ("active", Number("Pods running.")),
                    ("succeeded", Number("Pods succeeded.")),
                    ("failed", Number("Pods failed.")),
                    ("startTime", Text("When the Job started.")),
                    ("completionTime", Text("When the Job completed.")),
                    ("conditions", List("Complete or Failed, with reason and message.", Condition())))),
            _ => (Free($"The desired state of the {type.Kind}."), Free($"The observed state of the {type.Kind}.")),
        };
        var properties = new List<(string, JsonObject)>
        {
            ("apiVersion", Text("The versioned schema of this representation of an object.")),
            ("kind", Text("The REST resource this object represents.")),
            ("metadata", ObjectMeta()),
        };
        if (type.Kind is not ("ConfigMap" or "Secret" or "ServiceAccount" or "Event" or "ClusterRole" or "Role" or "ClusterRoleBinding" or "RoleBinding" or "PriorityClass"))
        {
            properties.Add(("spec", spec));
            if (type.HasStatus)
            {
                properties.Add(("status", status));
            }
        }

        return Object($"{type.Kind} as the sandbox serves it ({type.ApiVersion}).", [.. properties]);
    }

    /// <summary>ObjectMeta as kubectl explain shows it for every kind (a CRD's own metadata schema is replaced by it too).</summary>
    public static JsonObject ObjectMeta() => Object("Standard object metadata.",
        ("name", Text("The object's name, unique in its namespace.")),
        ("generateName", Text("A prefix the server completes into a unique name.")),
        ("namespace", Text("The namespace of a namespaced object.")),
        ("uid", Text("The server-assigned unique id.")),
        ("resourceVersion", Text("The version of the object, for optimistic concurrency and watches.")),
        ("generation", Number("Incremented when the desired state changes.")),
        ("creationTimestamp", Text("When the object was created.")),
        ("deletionTimestamp", Text("When a graceful deletion was requested.")),
        ("labels", Map("Key/value labels, for selection.")),
        ("annotations", Map("Key/value annotations, not for selection.")),
        ("ownerReferences", List("Objects this one depends on, for garbage collection.", Free("An owner reference."))),
        ("finalizers", List("Names that must be removed before the object is deleted.", Text("A finalizer."))));

    private static JsonObject Container() => Object("A container.",
        ("name", Text("The container's name, unique in the pod.")),
        ("image", Text("The container image.")),
        ("command", List("The entrypoint.", Text("A word."))),
        ("args", List("Arguments to the entrypoint.", Text("A word."))),
        ("env", List("Environment variables.", Free("A variable."))));

    private static JsonObject Condition() => Object("A condition.",
        ("type", Text("The condition's type.")),
        ("status", Text("True, False or Unknown.")),
        ("reason", Text("A one-word reason for the last transition.")),
        ("message", Text("A human-readable message.")),
        ("lastTransitionTime", Text("When the status last changed.")));

    private static JsonObject Object(string description, params (string Name, JsonObject Schema)[] properties)
    {
        var props = new JsonObject();
        foreach (var (name, schema) in properties)
        {
            props[name] = schema;
        }

        return new JsonObject { ["description"] = description, ["type"] = "object", ["properties"] = props };
    }

    private static JsonObject Text(string description) => new() { ["description"] = description, ["type"] = "string" };

    private static JsonObject Number(string description) => new() { ["description"] = description, ["type"] = "integer", ["format"] = "int64" };

    private static JsonObject Flag(string description) => new() { ["description"] = description, ["type"] = "boolean" };

    private static JsonObject Map(string description) => new() { ["description"] = description, ["type"] = "object", ["additionalProperties"] = new JsonObject { ["type"] = "string" } };

    private static JsonObject Free(string description) => new() { ["description"] = description, ["type"] = "object", ["x-kubernetes-preserve-unknown-fields"] = true };

    private static JsonObject List(string description, JsonObject items) => new() { ["description"] = description, ["type"] = "array", ["items"] = items };
}
