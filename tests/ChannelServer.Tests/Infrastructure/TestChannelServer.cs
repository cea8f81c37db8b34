using System.Text.Json;
using ChannelServer.Serving;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using TestSupport;

namespace ChannelServer.Tests.Infrastructure;

/// <summary>The real channel server started in-process on a loopback port, with its logs captured.</summary>
public sealed class TestChannelServer : IAsyncDisposable
{
    private readonly RunningChannelServer _server;

    private TestChannelServer(RunningChannelServer server, CapturedLogs logs, FakeTimeProvider? time)
    {
        _server = server;
        Logs = logs;
        Time = time;
        Http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = server.Url };
    }

    public Uri Url => _server.Url;
    public HttpClient Http { get; }
    public CapturedLogs Logs { get; }
    public FakeTimeProvider? Time { get; }
    public ChannelIndexHolder Holder => _server.Services.GetRequiredService<ChannelIndexHolder>();
    public IServiceProvider Services => _server.Services;

    public static async Task<TestChannelServer> StartAsync(IEnumerable<string> args, FakeTimeProvider? time = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var logs = new CapturedLogs();
        // No --listen-address: StartAsync itself picks a free loopback port (what the end-to-end tests rely on).
        var list = args.ToList();
        var server = await ChannelServerHost.StartAsync(list.ToArray(), new ChannelServerHostOptions
        {
            Environment = name => environment?.GetValueOrDefault(name),
            TimeProvider = time,
            // The captured logs get every access line too; the test process's stdout need not.
            AccessLogOutput = Stream.Null,
            ConfigureLogging = logging =>
            {
                logging.ClearProviders();
                logging.AddProvider(logs);
                logging.SetMinimumLevel(LogLevel.Debug);
            },
        });
        return new TestChannelServer(server, logs, time);
    }

    /// <summary>Moves the fake clock one interval at a time until the refresh loop has run once more.</summary>
    public async Task AdvanceToNextRefreshAsync(TimeSpan interval)
    {
        var time = Time ?? throw new InvalidOperationException("started without a fake clock");
        var before = Holder.LastRefresh.Count;
        await Eventually.UntilAsync(async () =>
        {
            if (Holder.LastRefresh.Count > before)
            {
                return true;
            }

            time.Advance(interval);
            await Task.Yield();
            return Holder.LastRefresh.Count > before;
        }, "the refresh loop ran again");
    }

    public async Task<string> GetLocationAsync(string path)
    {
        using var response = await Http.GetAsync(path);
        Assert.Equal(System.Net.HttpStatusCode.Found, response.StatusCode);
        return response.Headers.Location!.OriginalString;
    }

    public async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await Http.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    /// <summary>The resolved version of each channel, from the collection JSON (null: no version).</summary>
    public async Task<Dictionary<string, string?>> ChannelVersionsAsync(string prefix = "v1-release")
    {
        var collection = await GetJsonAsync($"/{prefix}/channels");
        return collection.GetProperty("data").EnumerateArray().ToDictionary(
            c => c.GetProperty("id").GetString()!,
            c => c.TryGetProperty("latest", out var latest) ? latest.GetString() : null);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _server.DisposeAsync();
    }
}
