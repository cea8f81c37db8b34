using System.Net;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Controller.Kubernetes;
using Controller.Reconciliation;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using TestSupport;

namespace Controller.Tests;

public class InformerTests
{
    private static V1Job Job(string name, string rv, string uid = "u1", int? parallelism = 0) =>
        new() { Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "ns", ResourceVersion = rv, Uid = uid }, Spec = new V1JobSpec { Parallelism = parallelism } };

    private sealed class FakeApi
    {
        public List<V1Job> Listed { get; set; } = [];
        public int Lists { get; private set; }
        public Channel<(WatchEventType, V1Job)> Events { get; set; } = Channel.CreateUnbounded<(WatchEventType, V1Job)>();
        public Exception? WatchError { get; set; }

        public Task<ListResult<V1Job>> ListAsync(CancellationToken ct)
        {
            Lists++;
            return Task.FromResult(new ListResult<V1Job>([.. Listed], "10"));
        }

        public async IAsyncEnumerable<(WatchEventType, V1Job)> WatchAsync(string rv, Action<Exception> onError, [EnumeratorCancellation] CancellationToken ct)
        {
            if (WatchError is { } e)
            {
                WatchError = null;
                onError(e);
                yield break;
            }

            await foreach (var item in Events.Reader.ReadAllAsync(ct))
            {
                yield return item;
            }
        }
    }

    private static Task Applied(Func<bool> condition) =>
        Eventually.UntilAsync(condition, "the informer applied what it was sent", TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(5));

    [Fact]
    public async Task Lists_then_applies_watch_events()
    {
        var api = new FakeApi { Listed = [Job("a", "5")] };
        var informer = new Informer<V1Job>("jobs", api.ListAsync, api.WatchAsync, NullLogger.Instance);
        var changes = 0;
        informer.Changed += _ => Interlocked.Increment(ref changes);
        using var cts = new CancellationTokenSource();
        var run = informer.RunAsync(cts.Token);
        await informer.Synced;
        Assert.NotNull(informer.Get("ns/a"));
        await api.Events.Writer.WriteAsync((WatchEventType.Added, Job("b", "11", "u2")));
        await api.Events.Writer.WriteAsync((WatchEventType.Deleted, Job("a", "12")));
        await Applied(() => informer.Get("ns/b") is not null && informer.Get("ns/a") is null);
        Assert.Equal(3, changes);
        await cts.CancelAsync();
        await run;
    }

    // An informer over one listed Job whose subscribers only care about parallelism, running until disposed.
    private sealed class ParallelismInformer : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _run;
        private int _changes;

        public ParallelismInformer()
        {
            Informer = new Informer<V1Job>("jobs", Api.ListAsync, Api.WatchAsync, NullLogger.Instance)
            {
                Equivalent = (x, y) => x.Spec.Parallelism == y.Spec.Parallelism,
            };
            Informer.Changed += _ => Interlocked.Increment(ref _changes);
            _run = Informer.RunAsync(_stop.Token);
        }

        public FakeApi Api { get; } = new() { Listed = [Job("a", "5")] };
        public Informer<V1Job> Informer { get; }
        public int Changes => Volatile.Read(ref _changes);

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _run;
            _stop.Dispose();
        }
    }

    [Fact]
    public async Task A_version_the_subscribers_call_equivalent_is_cached_without_a_change()
    {
        await using var jobs = new ParallelismInformer();
        await jobs.Informer.Synced;
        Assert.Equal(1, jobs.Changes);
        await jobs.Api.Events.Writer.WriteAsync((WatchEventType.Modified, Job("a", "11")));
        await jobs.Api.Events.Writer.WriteAsync((WatchEventType.Modified, Job("a", "12", parallelism: 1)));
        await jobs.Api.Events.Writer.WriteAsync((WatchEventType.Deleted, Job("a", "13", parallelism: 1)));
        await Applied(() => jobs.Informer.Get("ns/a") is null);
        // The equivalent version 11 is in the cache but woke nobody; the release (12) and the delete did.
        Assert.Equal(3, jobs.Changes);
    }

    [Fact]
    public async Task The_echo_of_an_own_write_wakes_the_subscribers_when_it_differs_from_what_they_last_heard()
    {
        // Our PATCH returns a version that also carries someone else's change (here: parallelism); Remember puts it
        // in the cache silently, so the echo must be judged against the last notified version, not the cache.
        await using var jobs = new ParallelismInformer();
        await jobs.Informer.Synced;
        Assert.Equal(1, jobs.Changes);
        jobs.Informer.Remember(Job("a", "9", parallelism: 1));
        Assert.Equal(1, jobs.Changes);
        await jobs.Api.Events.Writer.WriteAsync((WatchEventType.Modified, Job("a", "8", parallelism: 1)));
        await jobs.Api.Events.Writer.WriteAsync((WatchEventType.Modified, Job("a", "9", parallelism: 1)));
        await jobs.Api.Events.Writer.WriteAsync((WatchEventType.Added, Job("z", "10", "u9")));
        await Applied(() => jobs.Informer.Get("ns/z") is not null);
        // The older event (8) is dropped; the echo (9) differs from version 5 the subscribers saw; then z.
        Assert.Equal(3, jobs.Changes);
    }

    [Fact]
    public async Task Own_write_never_overwrites_a_newer_watched_state()
    {
        var api = new FakeApi();
        var informer = new Informer<V1Job>("jobs", api.ListAsync, api.WatchAsync, NullLogger.Instance);
        using var cts = new CancellationTokenSource();
        var run = informer.RunAsync(cts.Token);
        await informer.Synced;
        await api.Events.Writer.WriteAsync((WatchEventType.Modified, Job("a", "20", parallelism: 1)));
        await Applied(() => informer.Get("ns/a")?.Metadata.ResourceVersion == "20");
        informer.Remember(Job("a", "15"));
        Assert.Equal("20", informer.Get("ns/a")!.Metadata.ResourceVersion);
        await api.Events.Writer.WriteAsync((WatchEventType.Modified, Job("a", "18")));
        await api.Events.Writer.WriteAsync((WatchEventType.Deleted, Job("a", "19", uid: "older-object")));
        await api.Events.Writer.WriteAsync((WatchEventType.Added, Job("c", "21", "u3")));
        await Applied(() => informer.Get("ns/c") is not null);
        Assert.Equal("20", informer.Get("ns/a")!.Metadata.ResourceVersion);
        await cts.CancelAsync();
        await run;
    }

    [Fact]
    public async Task Gone_lists_again()
    {
        var api = new FakeApi { WatchError = new KubernetesException(new V1Status { Code = 410, Reason = "Expired" }) };
        var informer = new Informer<V1Job>("jobs", api.ListAsync, api.WatchAsync, NullLogger.Instance);
        using var cts = new CancellationTokenSource();
        var run = informer.RunAsync(cts.Token);
        await Applied(() => api.Lists >= 2);
        await cts.CancelAsync();
        await run;
    }

    [Fact]
    public async Task Other_watch_errors_reconnect_without_listing()
    {
        var api = new FakeApi { WatchError = new HttpRequestException("connection reset", null, HttpStatusCode.BadGateway) };
        var informer = new Informer<V1Job>("jobs", api.ListAsync, api.WatchAsync, NullLogger.Instance);
        using var cts = new CancellationTokenSource();
        var run = informer.RunAsync(cts.Token);
        await informer.Synced;
        await api.Events.Writer.WriteAsync((WatchEventType.Added, Job("x", "30")));
        await Applied(() => informer.Get("ns/x") is not null);
        Assert.Equal(1, api.Lists);
        await cts.CancelAsync();
        await run;
    }
}
