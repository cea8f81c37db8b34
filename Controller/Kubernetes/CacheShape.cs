using k8s;
using k8s.Models;

namespace Controller.Kubernetes;

/// <summary>
/// What the informers keep of an object: everything the controller reads, not what only the API server
/// needs. On a 1,000-node cluster the caches are most of the controller's memory, and they hold every Job of
/// a rollout until the Jobs expire:
/// <list type="bullet">
/// <item>managed fields (the API server's field ownership, several kilobytes per object a kubelet updates) are
/// never read;</item>
/// <item>a Job's pod template is never read back: the controller builds every Job from its Plan, knows a Job's
/// template by its annotation, and changes a Job only by patches; the template is most of the Job;</item>
/// <item>a Node's image list (dozens of entries on a k3s node) is never read.</item>
/// </list>
/// Objects are trimmed in place as they enter a cache (list, watch, our own writes), each a fresh copy from
/// the API that nobody else holds.
/// </summary>
public static class CacheShape
{
    public static void Trim<T>(T item) where T : IKubernetesObject<V1ObjectMeta>
    {
        if (item.Metadata is { } metadata)
        {
            metadata.ManagedFields = null;
        }
    }

    public static void TrimJob(V1Job job)
    {
        Trim(job);
        if (job.Spec is { } spec)
        {
            spec.Template = new V1PodTemplateSpec();
        }
    }

    public static void TrimNode(V1Node node)
    {
        Trim(node);
        if (node.Status is { } status)
        {
            status.Images = null;
        }
    }
}
