using System.Threading.Channels;
using Contracts.Plans;
using Controller.Kubernetes;
using Controller.Planning;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using TestSupport;

namespace Controller.Tests;

/// <summary>What the informers keep of a Job and a Node: all the controller reads, without the bulk it never reads.</summary>
public sealed class CacheShapeTests
{
    private static V1Job FullJob(string name, string rv) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = name, NamespaceProperty = "ns", ResourceVersion = rv, Uid = "u-" + name,
            Labels = new Dictionary<string, string> { [UpgradeLabels.Plan] = "k3s-server" },
            Annotations = new Dictionary<string, string> { [JobBuilder.TemplateAnnotation] = "abc" },
            ManagedFields = [new V1ManagedFieldsEntry { Manager = "kube-controller-manager", Operation = "Update" }],
        },
        Spec = new V1JobSpec
        {
            Parallelism = 0,
            TtlSecondsAfterFinished = 900,
            BackoffLimit = 2,
            Template = new V1PodTemplateSpec
            {
                Spec = new V1PodSpec { NodeName = "node-1", Containers = [new V1Container { Name = "upgrade", Image = "rancher/k3s-upgrade:v1.32.3-k3s1" }] },
            },
        },
        Status = new V1JobStatus { Succeeded = 1, Conditions = [new V1JobCondition { Type = "Complete", Status = "True" }] },
    };

    [Fact]
    public void A_cached_job_keeps_its_identity_labels_annotations_spec_knobs_and_status_but_no_pod_template()
    {
        var job = FullJob("j", "5");

        CacheShape.TrimJob(job);

        Assert.Equal("u-j", job.Metadata.Uid);
        Assert.Equal("5", job.Metadata.ResourceVersion);
        Assert.Equal("k3s-server", job.Metadata.Labels[UpgradeLabels.Plan]);
        Assert.Equal("abc", JobSync.TemplateOf(job));
        Assert.Null(job.Metadata.ManagedFields);
        Assert.Equal(0, job.Spec.Parallelism);
        Assert.Equal(900, job.Spec.TtlSecondsAfterFinished);
        Assert.Equal(2, job.Spec.BackoffLimit);
        Assert.Null(job.Spec.Template.Spec);
        Assert.Equal(1, job.Status.Succeeded);
        Assert.Equal("Complete", Assert.Single(job.Status.Conditions).Type);
    }

    [Fact]
    public void A_cached_node_keeps_its_spec_labels_and_conditions_but_no_image_list()
    {
        var node = new V1Node
        {
            Metadata = new V1ObjectMeta { Name = "n", Labels = new Dictionary<string, string> { ["node-role.kubernetes.io/control-plane"] = "true" }, ManagedFields = [new V1ManagedFieldsEntry { Manager = "k3s" }] },
            Spec = new V1NodeSpec { Unschedulable = true, Taints = [new V1Taint { Key = NodeHealth.UnreachableTaint, Effect = "NoExecute" }] },
            Status = new V1NodeStatus
            {
                Conditions = [new V1NodeCondition { Type = "Ready", Status = "True" }],
                NodeInfo = new V1NodeSystemInfo { KubeletVersion = "v1.32.3+k3s1" },
                Images = [new V1ContainerImage { Names = ["docker.io/rancher/mirrored-pause:3.6"], SizeBytes = 301463 }],
            },
        };

        CacheShape.TrimNode(node);

        Assert.Null(node.Status.Images);
        Assert.Null(node.Metadata.ManagedFields);
        Assert.True(node.Spec.Unschedulable);
        Assert.Single(node.Spec.Taints);
        Assert.Equal("True", Assert.Single(node.Status.Conditions).Status);
        Assert.Equal("v1.32.3+k3s1", node.Status.NodeInfo.KubeletVersion);
        Assert.Equal("true", node.Metadata.Labels["node-role.kubernetes.io/control-plane"]);
    }

    [Fact]
    public async Task The_informer_trims_what_it_lists_what_it_watches_and_what_it_is_told_to_remember()
    {
        var events = Channel.CreateUnbounded<(WatchEventType, V1Job)>();
        async IAsyncEnumerable<(WatchEventType, V1Job)> Watch(string rv, Action<Exception> onError, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
        {
            await foreach (var item in events.Reader.ReadAllAsync(ct))
            {
                yield return item;
            }
        }

        var informer = new Informer<V1Job>("jobs", _ => Task.FromResult(new ListResult<V1Job>([FullJob("listed", "5")], "5")), Watch,
            NullLogger.Instance, CacheShape.TrimJob);
        using var stop = new CancellationTokenSource();
        var run = informer.RunAsync(stop.Token);
        await informer.Synced;
        await events.Writer.WriteAsync((WatchEventType.Added, FullJob("watched", "6")));
        informer.Remember(FullJob("created", "7"));
        await Eventually.UntilAsync(() => Task.FromResult(informer.Get("ns/watched") is not null), "the watched Job is cached");

        foreach (var key in new[] { "ns/listed", "ns/watched", "ns/created" })
        {
            var cached = informer.Get(key);
            Assert.NotNull(cached);
            Assert.Null(cached.Spec.Template.Spec);
            Assert.Null(cached.Metadata.ManagedFields);
            Assert.Equal(1, cached.Status.Succeeded);
        }

        await stop.CancelAsync();
        await run;
    }
}
