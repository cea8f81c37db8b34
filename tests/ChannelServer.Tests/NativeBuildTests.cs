using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using ChannelServer.Tests.Infrastructure;
using TestSupport;

namespace ChannelServer.Tests;

/// <summary>
/// The channel server as the image ships it: the Native AOT executable, as a process of its own, against a
/// fake GitHub serving the real 2025 K3s list. It must answer exactly as the JIT build the other tests load,
/// read GitHub through Octokit without reflection surprises, and keep its protections.
/// </summary>
public sealed class NativeBuildTests : IAsyncLifetime
{
    private static readonly string K3sReleases2025 = Path.Combine(RepoFiles.Root, "..", "shared", "data", "k3s-releases-2025.json");
    private readonly TempDir _dir = new();
    private FakeGitHub _gitHub = null!;
    private string _config = string.Empty;

    public async Task InitializeAsync()
    {
        _gitHub = await FakeGitHub.StartAsync();
        Assert.True(File.Exists(K3sReleases2025), $"the K3s release list {K3sReleases2025} is missing (../shared/data next to the repository)");
        _gitHub.SetReleases("k3s-io", "k3s", await File.ReadAllTextAsync(K3sReleases2025));
        _config = _dir.File("channels.yaml", RepoFiles.K3sConfigFor(_gitHub.Url));
    }

    public async Task DisposeAsync()
    {
        await _gitHub.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task The_native_executable_answers_every_channel_and_list_as_the_jit_build_does()
    {
        await using var native = await StartNativeAsync(["--url", _config]);
        await using var jit = await TestChannelServer.StartAsync(["--url", _config]);

        var ready = await native.ReadyAsync();
        var prefix = ready.GetProperty("prefixes")[0];
        Assert.Equal("mirror", prefix.GetProperty("releaseSource").GetString());
        Assert.Equal(826, prefix.GetProperty("releaseCount").GetInt32());

        var channels = JsonDocument.Parse(await native.Http.GetStringAsync("/v1-release/channels")).RootElement.GetProperty("data")
            .EnumerateArray().Select(c => c.GetProperty("id").GetString()!).ToList();
        Assert.Contains("stable", channels);
        Assert.Contains("latest", channels);
        foreach (var channel in channels)
        {
            var path = $"/v1-release/channels/{channel}";
            Assert.Equal(await AnswerAsync(jit.Http, path), await AnswerAsync(native.Http, path));
        }

        Assert.Equal(HttpStatusCode.Found, (await AnswerAsync(native.Http, "/v1-release/channels/latest")).Status);
        foreach (var path in new[] { "/", "/v1-release/channels", "/v1-release/releases", "/v1-release/appdefaults" })
        {
            var fromJit = (await jit.Http.GetStringAsync(path)).Replace(jit.Url.ToString().TrimEnd('/'), "BASE", StringComparison.Ordinal);
            var fromNative = (await native.Http.GetStringAsync(path)).Replace(native.Url.ToString().TrimEnd('/'), "BASE", StringComparison.Ordinal);
            Assert.Equal(fromJit, fromNative);
        }
    }

    [Fact]
    public async Task The_native_executable_serves_its_page_history_metrics_and_liveness()
    {
        await using var native = await StartNativeAsync(["--url", _config]);
        await native.ReadyAsync();

        using var page = new HttpRequestMessage(HttpMethod.Get, "/v1-release/channels");
        page.Headers.Accept.ParseAdd("text/html");
        using var html = await native.Http.SendAsync(page);
        var text = await html.Content.ReadAsStringAsync();
        Assert.True(html.StatusCode == HttpStatusCode.OK, $"HTML page: {(int)html.StatusCode}\n{text}\n{native.Process.Output}");
        Assert.Contains("<pre>", text);
        Assert.Contains("v1.35.0+k3s1", text);

        var history = JsonDocument.Parse(await native.Http.GetStringAsync("/v1-release/channels/latest/history")).RootElement;
        Assert.Equal("v1.35.0+k3s1", history.GetProperty("data")[0].GetProperty("to").GetString());
        Assert.Contains("channelserver_refresh_total{outcome=\"success\"} 1", await native.Http.GetStringAsync("/metrics"));
        Assert.Equal("ok\n", await native.Http.GetStringAsync("/livez"));
    }

    [Fact]
    public async Task The_native_executable_gives_back_the_memory_of_each_refresh_and_reports_its_footprint()
    {
        await using var native = await StartNativeAsync(["--url", _config, "--refresh-interval", "1s"]);
        await native.ReadyAsync();

        var metrics = string.Empty;
        await Eventually.UntilAsync(async () =>
        {
            metrics = await native.Http.GetStringAsync("/metrics");
            return Sample(metrics, "channelserver_refresh_total{outcome=\"success\"}") >= 6;
        }, "six refreshes", TimeSpan.FromSeconds(60));

        // One full collection follows each refresh (the last may be still under way while /metrics answers).
        // Left to itself, the GC ran one or two full collections in eight refreshes of this list (measured).
        var refreshes = Sample(metrics, "channelserver_refresh_total{outcome=\"success\"}");
        var full = Sample(metrics, "dotnet_collection_count_total{generation=\"2\"}");
        Assert.True(full >= refreshes - 1, $"{full} full collections for {refreshes} refreshes\n{metrics}");
        Assert.True(Sample(metrics, "process_working_set_bytes") > 0, metrics);
        Assert.True(Sample(metrics, "dotnet_total_memory_bytes") > 0, metrics);
    }

    [Fact]
    public async Task The_native_executable_authenticates_as_a_github_app()
    {
        using var key = RSA.Create(2048);
        _gitHub.AppKey = key;
        _gitHub.AppId = 4242;
        var file = _dir.File("app.pem", key.ExportRSAPrivateKeyPem());
        await using var native = await StartNativeAsync(["--url", _config,
            "--github-app-id", "4242", "--github-app-private-key", file, "--github-app-installation-id", "777"]);

        var ready = await native.ReadyAsync();
        Assert.Equal("success", ready.GetProperty("lastRefreshOutcome").GetString());
        Assert.Equal([777L], _gitHub.InstallationTokenRequests);
        Assert.All(_gitHub.Authorizations, a => Assert.Equal($"Token {FakeGitHub.InstallationToken}", a));
    }

    [Theory]
    [InlineData(GitHubFailure.WrongShape, "is refused")]
    [InlineData(GitHubFailure.Unavailable503, "GitHub answered 503")]
    [InlineData(GitHubFailure.RateLimited403, "rate limit")]
    [InlineData(GitHubFailure.MalformedJson, "answered 200 with not JSON")]
    public async Task The_native_executable_refuses_a_bad_answer_and_serves_the_bundled_snapshot(GitHubFailure failure, string reason)
    {
        _gitHub.Failure = failure;
        await using var native = await StartNativeAsync(["--url", _config]);

        var prefix = (await native.ReadyAsync()).GetProperty("prefixes")[0];
        Assert.Equal("bundled-snapshot", prefix.GetProperty("releaseSource").GetString());
        Assert.Contains(reason, prefix.GetProperty("lastError").GetString());
        Assert.Equal((HttpStatusCode.Found, "https://github.com/k3s-io/k3s/releases/tag/v1.31.4+k3s1"), await AnswerAsync(native.Http, "/v1-release/channels/stable"));
    }

    /// <summary>A channel's answer: a 302 and where to, or (for a channel with no release yet) the status alone.</summary>
    private static async Task<(HttpStatusCode Status, string? Location)> AnswerAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        return (response.StatusCode, response.Headers.Location?.ToString());
    }

    /// <summary>The value of one sample in a Prometheus text exposition (-1 when absent).</summary>
    private static double Sample(string exposition, string series)
    {
        foreach (var line in exposition.Split('\n'))
        {
            if (line.StartsWith(series + " ", StringComparison.Ordinal))
            {
                return double.Parse(line[(series.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return -1;
    }

    private static Task<NativeChannelServer> StartNativeAsync(string[] args) => NativeChannelServer.StartAsync(args);
}
