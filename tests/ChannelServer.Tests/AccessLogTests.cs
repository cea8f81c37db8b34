using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using ChannelServer.Serving;
using ChannelServer.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using TestSupport;

namespace ChannelServer.Tests;

/// <summary>The access log as an operator reads it on stdout: one line per request, nothing lost silently.</summary>
public sealed partial class AccessLogTests
{
    private const string Stable = "/v1-release/channels/stable";

    private static async Task<(RunningChannelServer Server, HttpClient Http, CapturedLogs Logs)> StartAsync(
        Stream output, bool json = false, int capacity = AccessLogWriter.DefaultCapacity, FakeTimeProvider? time = null)
    {
        var logs = new CapturedLogs();
        string[] args = ["--releases-file", RepoFiles.K3sReleases, .. json ? new[] { "--log-format", "json" } : []];
        var server = await ChannelServerHost.StartAsync(args, new ChannelServerHostOptions
        {
            Environment = _ => null,
            TimeProvider = time,
            AccessLogOutput = output,
            AccessLogCapacity = capacity,
            ConfigureLogging = logging =>
            {
                logging.ClearProviders();
                logging.AddProvider(logs);
            },
        });
        var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = server.Url, Timeout = TimeSpan.FromSeconds(30) };
        return (server, http, logs);
    }

    private static async Task GetStableAsync(HttpClient http, string? clusterId = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Stable);
        if (clusterId is not null)
        {
            request.Headers.Add("X-SUC-Cluster-ID", clusterId);
            request.Headers.Add("X-SUC-Latest-Version", "v1.33.1+k3s1");
        }

        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
    }

    [GeneratedRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z info: ChannelServer\.AccessLog\[10\] GET /v1-release/channels/stable 302 \d+(\.\d{1,3})? ms cluster=(?<cluster>\S*) latest=(?<latest>\S*) remote=127\.0\.0\.1$")]
    private static partial Regex TextLine();

    [Fact]
    public async Task Each_request_gets_one_text_line_on_the_output_with_its_fields()
    {
        using var output = new GatedStream();
        var (server, http, _) = await StartAsync(output);
        await using (server)
        {
            using (http)
            {
                await GetStableAsync(http, "cluster-0123");
                await GetStableAsync(http);
                await Eventually.UntilAsync(() => output.Lines.Length == 2, "both requests were logged");
            }
        }

        var lines = output.Lines;
        Assert.Equal(2, lines.Length);
        var tagged = TextLine().Match(lines[0]);
        Assert.True(tagged.Success, lines[0]);
        Assert.Equal("cluster-0123", tagged.Groups["cluster"].Value);
        Assert.Equal("v1.33.1+k3s1", tagged.Groups["latest"].Value);
        var plain = TextLine().Match(lines[1]);
        Assert.True(plain.Success, lines[1]);
        Assert.Equal("", plain.Groups["cluster"].Value);
    }

    [Fact]
    public async Task Text_lines_carry_the_time_of_the_request_to_the_millisecond_across_second_and_day_boundaries()
    {
        using var output = new GatedStream();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 3, 23, 59, 59, 998, TimeSpan.Zero));
        var (server, http, _) = await StartAsync(output, time: time);
        await using (server)
        {
            using (http)
            {
                var logged = 0;
                foreach (var step in new[] { 0, 1, 3, 40, 1000 })
                {
                    time.Advance(TimeSpan.FromMilliseconds(step));
                    await GetStableAsync(http);
                    // The line is stamped when the middleware logs it, which can be after the client has the
                    // answer: the clock moves on only once the line is out.
                    logged++;
                    await Eventually.UntilAsync(() => output.Lines.Length == logged, $"request {logged} was logged");
                }
            }
        }

        Assert.Equal(
            ["2026-12-03T23:59:59.998Z", "2026-12-03T23:59:59.999Z", "2026-12-04T00:00:00.002Z", "2026-12-04T00:00:00.042Z", "2026-12-04T00:00:01.042Z"],
            output.Lines.Select(line => line.Split(' ')[0]));
    }

    [Fact]
    public async Task Json_format_gives_one_object_per_line_with_the_fields_as_properties()
    {
        using var output = new GatedStream();
        var (server, http, _) = await StartAsync(output, json: true);
        await using (server)
        {
            using (http)
            {
                await GetStableAsync(http, "cluster-0123");
                await Eventually.UntilAsync(() => output.Lines.Length == 1, "the request was logged");
            }
        }

        using var line = JsonDocument.Parse(Assert.Single(output.Lines));
        var root = line.RootElement;
        Assert.Equal(10, root.GetProperty("EventId").GetInt32());
        Assert.Equal("Information", root.GetProperty("LogLevel").GetString());
        Assert.Equal("ChannelServer.AccessLog", root.GetProperty("Category").GetString());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", root.GetProperty("Timestamp").GetString());
        Assert.StartsWith("GET /v1-release/channels/stable 302 ", root.GetProperty("Message").GetString());
        var state = root.GetProperty("State");
        Assert.Equal("GET", state.GetProperty("Method").GetString());
        Assert.Equal(Stable, state.GetProperty("Path").GetString());
        Assert.Equal(302, state.GetProperty("Status").GetInt32());
        Assert.True(state.GetProperty("ElapsedMs").GetDouble() >= 0);
        Assert.Equal("cluster-0123", state.GetProperty("ClusterId").GetString());
        Assert.Equal("v1.33.1+k3s1", state.GetProperty("LatestVersion").GetString());
        Assert.Equal("127.0.0.1", state.GetProperty("Remote").GetString());
    }

    [Fact]
    public async Task A_full_queue_drops_lines_without_blocking_requests_counts_them_and_warns_once_per_interval()
    {
        const int Requests = 30;
        using var output = new GatedStream(open: false);
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var (server, http, logs) = await StartAsync(output, capacity: 2, time: time);
        var metrics = server.Services.GetRequiredService<ChannelServerMetrics>();
        var warnings = () => logs.Entries.Where(e => e.Level == LogLevel.Warning && e.EventId == 12).ToList();
        await using (server)
        {
            using (http)
            {
                // The output is stuck: every request is still answered.
                for (var i = 0; i < Requests; i++)
                {
                    await GetStableAsync(http);
                }

                var scrape = await http.GetStringAsync("/metrics");
                var dropped = Regex.Match(scrape, @"^channelserver_access_log_dropped_total (\d+)", RegexOptions.Multiline);
                Assert.True(dropped.Success, "the drop counter is on /metrics");
                Assert.True(long.Parse(dropped.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) >= Requests - 10,
                    $"most lines were dropped: {dropped.Value}");

                Assert.Empty(warnings());
                time.Advance(AccessLogDropReporter.Interval);
                await Eventually.UntilAsync(() => warnings().Count == 1, "the drops were reported");
                Assert.Contains($"{metrics.AccessLogDropped.Value} since start", warnings()[0].Message);

                await GetStableAsync(http);
                time.Advance(AccessLogDropReporter.Interval / 2);
                await GetStableAsync(http);
                Assert.Single(warnings());
                time.Advance(AccessLogDropReporter.Interval / 2);
                await Eventually.UntilAsync(() => warnings().Count == 2, "the new drops were reported in the next interval");
            }

            output.Open();
        }

        // Nothing is lost silently: every request is either on the output or counted as dropped.
        Assert.Equal(Requests + 1 + 2, output.Lines.Length + (long)metrics.AccessLogDropped.Value);
    }

    [Fact]
    public async Task Lines_still_queued_at_shutdown_are_written()
    {
        const int Requests = 40;
        using var output = new GatedStream(open: false);
        var (server, http, _) = await StartAsync(output);
        var metrics = server.Services.GetRequiredService<ChannelServerMetrics>();
        using (http)
        {
            for (var i = 0; i < Requests; i++)
            {
                await GetStableAsync(http);
            }
        }

        Assert.Empty(output.Lines);
        var stopping = server.DisposeAsync().AsTask();
        output.Open();
        await stopping.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(Requests, output.Lines.Length);
        Assert.All(output.Lines, line => Assert.Matches(TextLine(), line));
        Assert.Equal(0, metrics.AccessLogDropped.Value);
    }
}
