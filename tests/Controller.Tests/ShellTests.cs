using System.Net;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Controller.Kubernetes;
using Controller.Reconciliation;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Controller.Tests;

public class WorkQueueTests
{
    [Fact]
    public async Task Keys_are_deduplicated_and_never_processed_twice_at_once()
    {
        using var q = new WorkQueue(new FakeTimeProvider());
        q.Add("a");
        q.Add("a");
        q.Add("b");
        Assert.Equal(2, q.Depth);
        var first = await q.TakeAsync(CancellationToken.None);
        Assert.Equal("a", first);
        q.Add("a"); // while processing: remembered, not queued twice
        Assert.Equal("b", await q.TakeAsync(CancellationToken.None));
        Assert.Equal(0, q.Depth);
        q.Done("a");
        Assert.Equal("a", await q.TakeAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Timed_requeue_keeps_the_earliest_time()
    {
        var time = new FakeTimeProvider();
        using var q = new WorkQueue(time);
        q.AddAfter("a", TimeSpan.FromSeconds(10));
        q.AddAfter("a", TimeSpan.FromSeconds(3));
        q.AddAfter("a", TimeSpan.FromSeconds(30));
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(0, q.Depth);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, q.Depth);
        Assert.Equal("a", await q.TakeAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Failures_back_off_per_key_and_forget_resets()
    {
        var time = new FakeTimeProvider();
        using var q = new WorkQueue(time, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(8));
        q.Retry("a");
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, q.Depth);
        var taken = await q.TakeAsync(CancellationToken.None);
        q.Done(taken);
        q.Retry("a");
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(0, q.Depth);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, q.Depth);
        q.Done(await q.TakeAsync(CancellationToken.None));
        q.Forget("a");
        q.Retry("a");
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, q.Depth);
    }
}

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

    private static async Task Eventually(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        while (!condition())
        {
            await Task.Delay(5, timeout.Token);
        }
    }

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
        await Eventually(() => informer.Get("ns/b") is not null && informer.Get("ns/a") is null);
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
        await Eventually(() => jobs.Informer.Get("ns/a") is null);
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
        await Eventually(() => jobs.Informer.Get("ns/z") is not null);
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
        await Eventually(() => informer.Get("ns/a")?.Metadata.ResourceVersion == "20");
        informer.Remember(Job("a", "15"));
        Assert.Equal("20", informer.Get("ns/a")!.Metadata.ResourceVersion);
        await api.Events.Writer.WriteAsync((WatchEventType.Modified, Job("a", "18")));
        await api.Events.Writer.WriteAsync((WatchEventType.Deleted, Job("a", "19", uid: "older-object")));
        await api.Events.Writer.WriteAsync((WatchEventType.Added, Job("c", "21", "u3")));
        await Eventually(() => informer.Get("ns/c") is not null);
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
        await Eventually(() => api.Lists >= 2);
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
        await Eventually(() => informer.Get("ns/x") is not null);
        Assert.Equal(1, api.Lists);
        await cts.CancelAsync();
        await run;
    }
}

public class ChannelPollerTests
{
    private sealed class Handler(Func<HttpRequestMessage, HttpResponseMessage> answer) : HttpMessageHandler
    {
        public List<HttpRequestMessage> Requests { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add(request);
            return Task.FromResult(answer(request));
        }
    }

    private static HttpResponseMessage Redirect(string version)
    {
        var r = new HttpResponseMessage(HttpStatusCode.Found);
        r.Headers.Location = new Uri($"/releases/tag/{version}", UriKind.Relative);
        r.Headers.ETag = new System.Net.Http.Headers.EntityTagHeaderValue($"\"{version}\"");
        return r;
    }

    [Fact]
    public async Task Polls_once_per_interval_with_the_headers_and_conditional_requests()
    {
        var time = new FakeTimeProvider();
        var version = "v1.31.2+k3s1";
        var handler = new Handler(req => req.Headers.IfNoneMatch.Any(t => t.Tag == $"\"{version}\"") ? new HttpResponseMessage(HttpStatusCode.NotModified) : Redirect(version));
        using var poller = new ChannelPoller(handler, TimeSpan.FromMinutes(15), time, NullLogger.Instance);
        var (answer, due) = await poller.GetAsync("http://channel/stable", "cluster-uid", "v1.30.0-k3s1", CancellationToken.None);
        Assert.Equal("v1.31.2+k3s1", answer.Version);
        Assert.Equal(TimeSpan.FromMinutes(15), due);
        var first = handler.Requests[0];
        Assert.Equal("cluster-uid", first.Headers.GetValues("X-SUC-Cluster-ID").Single());
        Assert.Equal("v1.30.0-k3s1", first.Headers.GetValues("X-SUC-Latest-Version").Single());

        time.Advance(TimeSpan.FromMinutes(5));
        await poller.GetAsync("http://channel/stable", "cluster-uid", "v1.31.2-k3s1", CancellationToken.None);
        Assert.Single(handler.Requests);

        time.Advance(TimeSpan.FromMinutes(10));
        (answer, _) = await poller.GetAsync("http://channel/stable", "cluster-uid", "v1.31.2-k3s1", CancellationToken.None);
        Assert.Equal(2, handler.Requests.Count);
        Assert.Equal("v1.31.2+k3s1", answer.Version); // 304: unchanged

        version = "v1.31.3+k3s1";
        time.Advance(TimeSpan.FromMinutes(15));
        (answer, _) = await poller.GetAsync("http://channel/stable", "cluster-uid", "v1.31.2-k3s1", CancellationToken.None);
        Assert.Equal("v1.31.3+k3s1", answer.Version);
    }

    [Fact]
    public async Task Failures_are_reported_and_retried_sooner()
    {
        var time = new FakeTimeProvider();
        var handler = new Handler(_ => new HttpResponseMessage(HttpStatusCode.InternalServerError));
        using var poller = new ChannelPoller(handler, TimeSpan.FromMinutes(15), time, NullLogger.Instance);
        var (answer, due) = await poller.GetAsync("http://channel/stable", "c", null, CancellationToken.None);
        Assert.False(answer.Succeeded);
        Assert.Null(answer.LastGoodAt);
        Assert.Equal(TimeSpan.FromSeconds(2), due);
        (_, due) = await poller.GetAsync("http://channel/stable", "c", null, CancellationToken.None);
        Assert.Single(handler.Requests);
        time.Advance(TimeSpan.FromSeconds(2));
        (answer, due) = await poller.GetAsync("http://channel/stable", "c", null, CancellationToken.None);
        Assert.Equal(2, handler.Requests.Count);
        Assert.Equal(TimeSpan.FromSeconds(4), due);
        // A run of failures is dated from its first one.
        Assert.Equal(time.GetUtcNow() - TimeSpan.FromSeconds(2), answer.FailingSince);
    }

    [Fact]
    public async Task A_success_ends_the_run_of_failures_and_dates_the_next_one()
    {
        var time = new FakeTimeProvider();
        var failing = true;
        var handler = new Handler(_ => failing ? new HttpResponseMessage(HttpStatusCode.BadGateway) : Redirect("v1.31.2+k3s1"));
        using var poller = new ChannelPoller(handler, TimeSpan.FromMinutes(15), time, NullLogger.Instance);
        var start = time.GetUtcNow();
        var (answer, _) = await poller.GetAsync("http://channel/stable", "c", null, CancellationToken.None);
        Assert.Equal((null, start), (answer.LastGoodAt, answer.FailingSince));

        failing = false;
        time.Advance(TimeSpan.FromSeconds(2));
        (answer, _) = await poller.GetAsync("http://channel/stable", "c", null, CancellationToken.None);
        Assert.True(answer.Succeeded);
        var goodAt = time.GetUtcNow();

        failing = true;
        time.Advance(TimeSpan.FromMinutes(15));
        (answer, _) = await poller.GetAsync("http://channel/stable", "c", null, CancellationToken.None);
        Assert.Equal((goodAt, time.GetUtcNow()), (answer.LastGoodAt, answer.FailingSince));
    }
}

public class OptionsTests
{
    private static ControllerOptions.ParseResult Parse(string[] args, Dictionary<string, string>? env = null) =>
        ControllerOptions.Parse(args, new System.Collections.Hashtable(env ?? []));

    [Fact]
    public void Defaults_follow_the_reference()
    {
        var o = Parse(["--name", "suc", "--namespace", "system-upgrade"]).Options!;
        Assert.Equal((2, false, false), (o.Threads, o.LeaderElect, o.Debug));
        var s = o.Settings;
        Assert.Equal(3600, s.JobActiveDeadlineSeconds);
        Assert.Equal(0, s.JobActiveDeadlineSecondsMax);
        Assert.Equal(2, s.JobBackoffLimit);
        Assert.Equal("IfNotPresent", s.JobImagePullPolicy);
        Assert.Equal("rancher/kubectl:v1.30.3", s.JobKubectlImage);
        Assert.True(s.JobPrivileged);
        Assert.Equal(900, s.JobTtlSecondsAfterFinished);
        Assert.Equal("TerminatingOrFailed", s.JobPodReplacementPolicy);
        Assert.Equal(TimeSpan.FromMinutes(15), s.PlanPollingInterval);
    }

    [Fact]
    public void Environment_fills_what_flags_leave_out()
    {
        var o = Parse(["--leader-elect", "--threads=4"], new()
        {
            ["SYSTEM_UPGRADE_CONTROLLER_NAME"] = "suc",
            ["SYSTEM_UPGRADE_CONTROLLER_NAMESPACE"] = "ns",
            ["SYSTEM_UPGRADE_JOB_ACTIVE_DEADLINE_SECONDS_MAX"] = "7200",
            ["SYSTEM_UPGRADE_JOB_PRIVILEGED"] = "false",
            ["SYSTEM_UPGRADE_PLAN_POLLING_INTERVAL"] = "1h",
        }).Options!;
        Assert.Equal(("suc", "ns", true, 4), (o.Name, o.Namespace, o.LeaderElect, o.Threads));
        Assert.Equal(7200, o.Settings.JobActiveDeadlineSecondsMax);
        Assert.False(o.Settings.JobPrivileged);
        Assert.Equal(TimeSpan.FromHours(1), o.Settings.PlanPollingInterval);
    }

    [Fact]
    public void Polling_interval_of_a_minute_or_less_is_ignored_unless_allowed_from_code()
    {
        var o = Parse(["--name", "a", "--namespace", "b"], new() { ["SYSTEM_UPGRADE_PLAN_POLLING_INTERVAL"] = "30s" }).Options!;
        Assert.Equal(TimeSpan.FromMinutes(15), o.Settings.PlanPollingInterval);
        Assert.Equal(TimeSpan.FromSeconds(30), (o with { AllowShortPollingInterval = true }).Settings.PlanPollingInterval);
    }

    [Fact]
    public void Bad_values_are_named()
    {
        var r = Parse(["--threads", "zero"], new()
        {
            ["SYSTEM_UPGRADE_JOB_BACKOFF_LIMIT"] = "-1",
            ["SYSTEM_UPGRADE_JOB_IMAGE_PULL_POLICY"] = "Sometimes",
            ["SYSTEM_UPGRADE_PLAN_POLLING_INTERVAL"] = "soon",
            ["SYSTEM_UPGRADE_JOB_PRIVILEGED"] = "maybe",
        });
        Assert.Null(r.Options);
        var text = r.ErrorText();
        foreach (var name in new[] { "--name", "--namespace", "--threads", "SYSTEM_UPGRADE_JOB_BACKOFF_LIMIT", "SYSTEM_UPGRADE_JOB_IMAGE_PULL_POLICY", "SYSTEM_UPGRADE_PLAN_POLLING_INTERVAL", "SYSTEM_UPGRADE_JOB_PRIVILEGED" })
        {
            Assert.Contains(name, text);
        }
    }

    [Fact]
    public void Numbers_past_their_range_are_named_instead_of_wrapping()
    {
        var r = Parse(["--name", "a", "--namespace", "b", "--threads", "4294967297"], new()
        {
            ["SYSTEM_UPGRADE_JOB_TTL_SECONDS_AFTER_FINISH"] = "3000000000",
            ["SYSTEM_UPGRADE_JOB_ACTIVE_DEADLINE_SECONDS"] = "-5",
            ["SYSTEM_UPGRADE_JOB_POD_REPLACEMENT_POLICY"] = "Never",
        });
        Assert.Null(r.Options);
        var text = r.ErrorText();
        Assert.Contains("--threads (SYSTEM_UPGRADE_CONTROLLER_THREADS): \"4294967297\" is not a whole number from 1 to 2147483647", text);
        Assert.Contains("SYSTEM_UPGRADE_JOB_TTL_SECONDS_AFTER_FINISH: \"3000000000\" is not a whole number from 0 to 2147483647", text);
        Assert.Contains("SYSTEM_UPGRADE_JOB_ACTIVE_DEADLINE_SECONDS", text);
        Assert.Contains("SYSTEM_UPGRADE_JOB_POD_REPLACEMENT_POLICY", text);
    }

    [Theory]
    [InlineData("t", true)]
    [InlineData("T", true)]
    [InlineData("TRUE", true)]
    [InlineData("True", true)]
    [InlineData("1", true)]
    [InlineData("f", false)]
    [InlineData("F", false)]
    [InlineData("FALSE", false)]
    [InlineData("0", false)]
    public void Booleans_read_as_go_reads_them(string text, bool expected)
    {
        var o = Parse(["--name", "a", "--namespace", "b"], new() { ["SYSTEM_UPGRADE_JOB_PRIVILEGED"] = text }).Options!;
        Assert.Equal(expected, o.Settings.JobPrivileged);
    }

    [Fact]
    public void The_kubectl_images_come_from_the_environment()
    {
        var o = Parse(["--name", "a", "--namespace", "b"], new()
        {
            ["SYSTEM_UPGRADE_JOB_KUBECTL_IMAGE"] = "registry.local:5000/kubectl:v1.31.0",
            ["SYSTEM_UPGRADE_JOB_KUBECTL_IMAGE_WINDOWS"] = "registry.local:5000/kubectl-windows:v1.31.0",
        }).Options!;
        Assert.Equal(("registry.local:5000/kubectl:v1.31.0", "registry.local:5000/kubectl-windows:v1.31.0"), (o.Settings.JobKubectlImage, o.Settings.JobKubectlImageWindows));
    }

    [Fact]
    public void Help_is_recognised() => Assert.True(Parse(["--help"]).Help);
}
