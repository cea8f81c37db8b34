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
        using var poller = new ChannelPoller(handler, TimeSpan.FromMinutes(15), time, new ControllerMetrics(), NullLogger.Instance);
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
        using var poller = new ChannelPoller(handler, TimeSpan.FromMinutes(15), time, new ControllerMetrics(), NullLogger.Instance);
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
        using var poller = new ChannelPoller(handler, TimeSpan.FromMinutes(15), time, new ControllerMetrics(), NullLogger.Instance);
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

    private sealed class Silent : HttpMessageHandler
    {
        public int Calls;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Calls);
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("unreachable");
        }
    }

    [Fact]
    public void Peek_never_waits_for_a_channel_and_one_url_is_polled_once_however_many_ask()
    {
        var handler = new Silent();
        using var poller = new ChannelPoller(handler, TimeSpan.FromMinutes(15), TimeProvider.System, new ControllerMetrics(), NullLogger.Instance);
        var started = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < 50; i++)
        {
            var (answer, next) = poller.Peek("http://channel/stable", "c", null);
            Assert.Null(answer);
            Assert.Equal(poller.PollTimeout, next);
        }

        Assert.True(started.Elapsed < TimeSpan.FromSeconds(1), $"50 peeks took {started.Elapsed}");
        Assert.True(SpinWait.SpinUntil(() => Volatile.Read(ref handler.Calls) == 1, TimeSpan.FromSeconds(5)));
        Assert.Equal(1, poller.Requests);
    }

    [Fact]
    public async Task A_poll_that_gets_no_answer_in_time_is_a_failure_and_wakes_the_plans()
    {
        using var poller = new ChannelPoller(new Silent(), TimeSpan.FromMinutes(15), TimeProvider.System, new ControllerMetrics(), NullLogger.Instance)
        {
            PollTimeout = TimeSpan.FromMilliseconds(200),
        };
        var answered = new TaskCompletionSource<string>();
        poller.Answered += url => answered.TrySetResult(url);
        poller.Peek("http://channel/stable", "c", null);
        Assert.Equal("http://channel/stable", await answered.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        var (answer, _) = poller.Peek("http://channel/stable", "c", null);
        Assert.Equal("channel http://channel/stable: no answer within 0.2 s", answer!.Error);
    }

    [Fact]
    public async Task At_most_the_limit_of_channels_is_polled_at_once()
    {
        var handler = new Silent();
        using var poller = new ChannelPoller(handler, TimeSpan.FromMinutes(15), TimeProvider.System, new ControllerMetrics(), NullLogger.Instance)
        {
            MaxConcurrentPolls = 3,
        };
        for (var i = 0; i < 10; i++)
        {
            poller.Peek($"http://channel-{i}/stable", "c", null);
        }

        Assert.True(SpinWait.SpinUntil(() => Volatile.Read(ref handler.Calls) == 3, TimeSpan.FromSeconds(5)));
        // Give the other seven every chance to start, had the limit not held them.
        await Task.Yield();
        Assert.False(SpinWait.SpinUntil(() => Volatile.Read(ref handler.Calls) > 3, TimeSpan.FromMilliseconds(300)));
    }
}
