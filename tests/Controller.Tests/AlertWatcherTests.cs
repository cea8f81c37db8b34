using System.Net;
using System.Text;
using Contracts.CommandLine;
using Controller.Reconciliation;
using Microsoft.Extensions.Logging.Abstractions;

namespace Controller.Tests;

/// <summary>The alert gate's reading of Prometheus' <c>/api/v1/alerts</c>, against a stub of its answer.</summary>
public class AlertWatcherTests
{
    private sealed class Stub(Func<HttpRequestMessage, HttpResponseMessage> answer) : HttpMessageHandler
    {
        public List<HttpRequestMessage> Requests { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add(request);
            return Task.FromResult(answer(request));
        }
    }

    private const string Answer = """
        {"status":"success","data":{"alerts":[
          {"labels":{"alertname":"EtcdNoLeader","severity":"critical"},"annotations":{},"state":"firing","activeAt":"2026-12-02T03:00:00Z","value":"1e+00"},
          {"labels":{"alertname":"KubeAPIDown"},"annotations":{},"state":"pending","activeAt":"2026-12-02T03:00:00Z","value":"1e+00"},
          {"labels":{"alertname":"Watchdog"},"annotations":{},"state":"firing","activeAt":"2026-12-02T03:00:00Z","value":"1e+00"},
          {"labels":{"alertname":"EtcdNoLeader","instance":"b"},"annotations":{},"state":"firing","activeAt":"2026-12-02T03:00:00Z","value":"1e+00"}
        ]}}
        """;

    private static HttpResponseMessage Json(string body) => new(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    private static AlertWatcher Watcher(HttpMessageHandler handler, string? filter = null, SecretText? token = null) =>
        new(new HttpClient(handler), new Uri("http://prometheus.test:9090/"), filter, token, TimeSpan.FromSeconds(30), TimeProvider.System, new ControllerMetrics(), NullLogger.Instance);

    [Fact]
    public async Task Firing_alerts_are_named_once_each_pending_ones_do_not_count()
    {
        var stub = new Stub(_ => Json(Answer));
        var state = await Watcher(stub).ReadOnceAsync(CancellationToken.None);
        Assert.True(state.Readable);
        Assert.Equal(["EtcdNoLeader", "Watchdog"], state.Firing);
        Assert.Equal("http://prometheus.test:9090/api/v1/alerts", stub.Requests[0].RequestUri!.ToString());
    }

    [Fact]
    public async Task Only_alerts_matching_the_filter_hold_and_the_token_is_sent()
    {
        var stub = new Stub(_ => Json(Answer));
        var watcher = Watcher(stub, filter: "^Etcd", token: new SecretText("t0ken"));
        Assert.Equal(["EtcdNoLeader"], (await watcher.ReadOnceAsync(CancellationToken.None)).Firing);
        Assert.Equal(("Bearer", "t0ken"), (stub.Requests[0].Headers.Authorization!.Scheme, stub.Requests[0].Headers.Authorization!.Parameter));
    }

    [Theory]
    [InlineData(HttpStatusCode.ServiceUnavailable, "", "answered 503")]
    [InlineData(HttpStatusCode.OK, "not json", "api/v1/alerts:")]
    [InlineData(HttpStatusCode.OK, """{"status":"error","errorType":"internal"}""", "status error")]
    public async Task An_unreadable_answer_is_an_error_not_an_empty_list(HttpStatusCode code, string body, string error)
    {
        var stub = new Stub(_ => new HttpResponseMessage(code) { Content = new StringContent(body) });
        var watcher = Watcher(stub);
        var state = await watcher.ReadOnceAsync(CancellationToken.None);
        Assert.False(state.Readable);
        Assert.Contains(error, state.Error);
        Assert.True(watcher.FirstRead.IsCompleted);
    }

    [Fact]
    public async Task A_change_is_announced_and_a_repeat_is_not()
    {
        var body = Answer;
        var watcher = Watcher(new Stub(_ => Json(body)));
        var changes = 0;
        watcher.Changed += () => changes++;
        await watcher.ReadOnceAsync(CancellationToken.None);
        await watcher.ReadOnceAsync(CancellationToken.None);
        Assert.Equal(1, changes);
        body = """{"status":"success","data":{"alerts":[]}}""";
        await watcher.ReadOnceAsync(CancellationToken.None);
        Assert.Equal(2, changes);
        Assert.Empty(watcher.Current!.Firing);
    }
}
