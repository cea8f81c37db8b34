using System.Net;
using System.Text.Json.Nodes;
using Contracts.Plans;
using Controller.Planning;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Controller.Kubernetes;

/// <summary>The controller's reads and writes against the Kubernetes API, in one place (named arguments: overload orders differ).</summary>
public sealed class ClusterApi(IKubernetes client, string @namespace)
{
    public IKubernetes Client => client;

    public Informer<Plan> PlanInformer(Microsoft.Extensions.Logging.ILogger logger) => new(
        "plans",
        async ct =>
        {
            var list = await client.CustomObjects.ListNamespacedCustomObjectAsync<PlanList>(
                group: Plan.KubeGroup, version: Plan.KubeApiVersion, namespaceParameter: @namespace, plural: Plan.KubePluralName, cancellationToken: ct).ConfigureAwait(false);
            return new ListResult<Plan>(list.Items, list.Metadata?.ResourceVersion ?? "");
        },
        (rv, onError, ct) =>
        {
            // The typed custom-object watch has no non-obsolete replacement yet (WatchListNamespacedCustomObjectAsync yields object).
#pragma warning disable CS0618
            return client.CustomObjects.ListNamespacedCustomObjectWithHttpMessagesAsync<PlanList>(
                    group: Plan.KubeGroup, version: Plan.KubeApiVersion, namespaceParameter: @namespace, plural: Plan.KubePluralName,
                    watch: true, resourceVersion: rv, allowWatchBookmarks: true, timeoutSeconds: WatchTimeoutSeconds, cancellationToken: ct)
                .WatchAsync<Plan, PlanList>(onError, ct);
#pragma warning restore CS0618
        },
        logger,
        CacheShape.Trim);

    public Informer<V1Node> NodeInformer(Microsoft.Extensions.Logging.ILogger logger) => new(
        "nodes",
        async ct =>
        {
            var list = await client.CoreV1.ListNodeAsync(cancellationToken: ct).ConfigureAwait(false);
            return new ListResult<V1Node>(list.Items, list.Metadata?.ResourceVersion ?? "");
        },
        (rv, onError, ct) => client.CoreV1.WatchListNodeAsync(
            resourceVersion: rv, allowWatchBookmarks: true, timeoutSeconds: WatchTimeoutSeconds, onError: onError, cancellationToken: ct),
        logger,
        CacheShape.TrimNode);

    public Informer<V1Job> JobInformer(string controllerName, Microsoft.Extensions.Logging.ILogger logger)
    {
        var selector = $"{UpgradeLabels.Controller}={controllerName}";
        return new(
            "jobs",
            async ct =>
            {
                var list = await client.BatchV1.ListNamespacedJobAsync(namespaceParameter: @namespace, labelSelector: selector, cancellationToken: ct).ConfigureAwait(false);
                return new ListResult<V1Job>(list.Items, list.Metadata?.ResourceVersion ?? "");
            },
            (rv, onError, ct) => client.BatchV1.WatchListNamespacedJobAsync(
                namespaceParameter: @namespace, labelSelector: selector,
                resourceVersion: rv, allowWatchBookmarks: true, timeoutSeconds: WatchTimeoutSeconds, onError: onError, cancellationToken: ct),
            logger,
            CacheShape.TrimJob);
    }

    public Informer<V1Secret> SecretInformer(Microsoft.Extensions.Logging.ILogger logger) => new(
        "secrets",
        async ct =>
        {
            var list = await client.CoreV1.ListNamespacedSecretAsync(namespaceParameter: @namespace, cancellationToken: ct).ConfigureAwait(false);
            return new ListResult<V1Secret>(list.Items, list.Metadata?.ResourceVersion ?? "");
        },
        (rv, onError, ct) => client.CoreV1.WatchListNamespacedSecretAsync(
            namespaceParameter: @namespace,
            resourceVersion: rv, allowWatchBookmarks: true, timeoutSeconds: WatchTimeoutSeconds, onError: onError, cancellationToken: ct),
        logger,
        CacheShape.Trim);

    /// <summary>Server-side watch timeout; the informer resumes from the last resourceVersion afterwards.</summary>
    public int WatchTimeoutSeconds { get; init; } = 300;

    public async Task<string> ClusterIdAsync(CancellationToken ct)
    {
        var ns = await client.CoreV1.ReadNamespaceAsync(name: "kube-system", cancellationToken: ct).ConfigureAwait(false);
        return ns.Metadata.Uid ?? "";
    }

    /// <summary>Sets the Plan's finalizers (guarded by its resourceVersion); null when the Plan changed or is gone.</summary>
    public async Task<Plan?> SetFinalizersAsync(Plan plan, IList<string> finalizers, CancellationToken ct)
    {
        var patch = new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["finalizers"] = new JsonArray([.. finalizers.Select(f => (JsonNode?)f)]),
                ["resourceVersion"] = plan.Metadata.ResourceVersion,
            },
        }.ToJsonString();
        try
        {
            return await client.CustomObjects.PatchNamespacedCustomObjectAsync<Plan>(
                body: new V1Patch(patch, V1Patch.PatchType.MergePatch), group: Plan.KubeGroup, version: Plan.KubeApiVersion,
                namespaceParameter: plan.Metadata.NamespaceProperty, plural: Plan.KubePluralName, name: plan.Metadata.Name, cancellationToken: ct).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>Writes the status through the status subresource; a stale resourceVersion answers 409 and returns null.</summary>
    public async Task<Plan?> ReplaceStatusAsync(Plan plan, PlanStatus status, CancellationToken ct)
    {
        var body = new Plan { Metadata = plan.Metadata, Spec = plan.Spec, Status = status };
        try
        {
            return await client.CustomObjects.ReplaceNamespacedCustomObjectStatusAsync<Plan>(
                body: body, group: Plan.KubeGroup, version: Plan.KubeApiVersion, namespaceParameter: plan.Metadata.NamespaceProperty,
                plural: Plan.KubePluralName, name: plan.Metadata.Name, cancellationToken: ct).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
        {
            return null;
        }
    }

    /// <summary>Creates the Job; one that already exists (an earlier pass we have not seen yet) is fine.</summary>
    public async Task<V1Job?> CreateJobAsync(V1Job job, CancellationToken ct)
    {
        try
        {
            return await client.BatchV1.CreateNamespacedJobAsync(body: job, namespaceParameter: job.Metadata.NamespaceProperty, cancellationToken: ct).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
        {
            return null;
        }
    }

    public async Task<V1Job?> ReleaseJobAsync(string name, CancellationToken ct)
    {
        try
        {
            return await client.BatchV1.PatchNamespacedJobAsync(
                body: new V1Patch("""{"spec":{"parallelism":1}}""", V1Patch.PatchType.MergePatch), name: name, namespaceParameter: @namespace, cancellationToken: ct).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async Task DeleteJobAsync(string name, CancellationToken ct)
    {
        try
        {
            await client.BatchV1.DeleteNamespacedJobAsync(
                name: name, namespaceParameter: @namespace, propagationPolicy: "Background", cancellationToken: ct).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
        }
    }

    public async Task<V1Node?> PatchNodeAsync(NodePatch patch, CancellationToken ct)
    {
        var metadata = new JsonObject();
        if (patch.Labels.Count > 0)
        {
            metadata["labels"] = StringMap(patch.Labels);
        }

        if (patch.Annotations.Count > 0)
        {
            metadata["annotations"] = StringMap(patch.Annotations);
        }

        var body = new JsonObject();
        if (metadata.Count > 0)
        {
            body["metadata"] = metadata;
        }

        if (patch.Unschedulable is { } unschedulable)
        {
            // Merge patch: null removes the field, which is what `kubectl uncordon` leaves behind.
            body["spec"] = new JsonObject { ["unschedulable"] = unschedulable ? true : null };
        }

        try
        {
            return await client.CoreV1.PatchNodeAsync(
                body: new V1Patch(body.ToJsonString(), V1Patch.PatchType.MergePatch), name: patch.NodeName, cancellationToken: ct).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>A merge patch's map: a null value removes the key.</summary>
    private static JsonObject StringMap(IReadOnlyDictionary<string, string?> values)
    {
        var map = new JsonObject();
        foreach (var (key, value) in values)
        {
            map[key] = value;
        }

        return map;
    }

    public Task CreateEventAsync(Corev1Event e, CancellationToken ct) =>
        client.CoreV1.CreateNamespacedEventAsync(body: e, namespaceParameter: e.Metadata.NamespaceProperty, cancellationToken: ct);
}
