using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using ChannelServer.Configuration;
using ChannelServer.Serving;
using ChannelServer.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using TestSupport;

namespace ChannelServer.Tests;

/// <summary>The flags of today's reference: --refresh-schedule, --refresh-fatal, --metrics-listen-address, GitHub App auth, --debug.</summary>
public sealed class ReferenceFlagTests : IAsyncLifetime
{
    private FakeGitHub _gitHub = null!;
    private TempDir _dir = null!;

    public async Task InitializeAsync()
    {
        _gitHub = await FakeGitHub.StartAsync();
        _gitHub.SetReleases("acme", "widgets", ("v2.1.0", false), ("v2.0.0", false));
        _dir = new TempDir();
    }

    public async Task DisposeAsync()
    {
        await _gitHub.DisposeAsync();
        _dir.Dispose();
    }

    private string Config(string api) => _dir.File("channels.yaml", $"""
        channels:
        - name: latest
          latestRegexp: .*
        github: {"{"}owner: acme, repo: widgets, api: {api}{"}"}
        redirectBase: https://example.com/widgets/
        """);

    private static ServerOptions Parse(string[] args, Dictionary<string, string>? env = null) =>
        CommandLine.Parse(args, name => env?.GetValueOrDefault(name), baseDirectory: RepoFiles.Root);

    [Fact]
    public void Boolean_flags_take_the_reference_spellings_alone_with_a_value_or_from_the_environment()
    {
        Assert.True(Parse(["--debug"]).Debug);
        Assert.True(Parse(["--refresh-fatal", "--debug=true"]).RefreshFatal);
        Assert.False(Parse(["--debug=false"]).Debug);
        Assert.True(Parse([], new() { ["DEBUG"] = "1", ["REFRESH_FATAL"] = "TRUE", ["ACCEPT_RELEASE_SHRINK"] = "t" }) is { Debug: true, RefreshFatal: true, AcceptReleaseShrink: true });
        Assert.False(Parse([]).Debug);
        Assert.Contains("--debug", Assert.Throws<CommandLineException>(() => Parse([], new() { ["DEBUG"] = "yes" })).Message);
    }

    [Fact]
    public void The_other_new_flags_read_their_variables_and_refuse_bad_values()
    {
        var options = Parse([], new()
        {
            ["REFRESH_SCHEDULE"] = "*/5 * * * *",
            ["METRICS_LISTEN_ADDRESS"] = "127.0.0.1:9090",
            ["STALE_AFTER"] = "2h",
        });
        Assert.NotNull(options.RefreshSchedule);
        Assert.Equal("127.0.0.1:9090", options.MetricsListenAddress);
        Assert.Equal(TimeSpan.FromHours(2), options.StaleAfter);
        Assert.Equal(TimeSpan.FromHours(24), Parse([]).StaleAfter);
        Assert.Null(Parse([]).MetricsListenAddress);

        Assert.Contains("--refresh-schedule", Assert.Throws<CommandLineException>(() => Parse(["--refresh-schedule", "every five minutes"])).Message);
        Assert.Contains("--metrics-listen-address", Assert.Throws<CommandLineException>(() => Parse(["--metrics-listen-address", "nowhere"])).Message);
        Assert.Contains("give all three or none", Assert.Throws<CommandLineException>(() => Parse(["--github-app-id", "1"])).Message);
        Assert.Contains("--github-app-id", Assert.Throws<CommandLineException>(() =>
            Parse(["--github-app-id", "x", "--github-app-private-key", "k", "--github-app-installation-id", "2"])).Message);
        var notAKey = Assert.Throws<CommandLineException>(() =>
            Parse(["--github-app-id", "1", "--github-app-private-key", "-----BEGIN RSA PRIVATE KEY-----\nnope\n-----END RSA PRIVATE KEY-----", "--github-app-installation-id", "2"]));
        Assert.Contains("--github-app-private-key", notAKey.Message);
        Assert.DoesNotContain("nope", notAKey.Message);
    }

    [Fact]
    public void A_github_app_key_is_read_from_a_file_or_as_pem_text_and_never_shown()
    {
        using var key = RSA.Create(2048);
        var pem = key.ExportPkcs8PrivateKeyPem();
        var file = _dir.File("app.pem", key.ExportRSAPrivateKeyPem());
        var fromFile = Parse(["--github-app-id", "12", "--github-app-private-key", file, "--github-app-installation-id", "34"]);
        var fromText = Parse([], new() { ["GITHUB_APP_ID"] = "12", ["GITHUB_APP_PRIVATE_KEY"] = pem, ["GITHUB_APP_INSTALLATION_ID"] = "34" });
        Assert.Equal((12, 34), (fromFile.GitHubApp!.AppId, fromFile.GitHubApp.InstallationId));
        Assert.Equal((12, 34), (fromText.GitHubApp!.AppId, fromText.GitHubApp.InstallationId));
        Assert.DoesNotContain("PRIVATE KEY", fromText.ToString());
        Assert.Contains("key redacted", fromText.ToString());
    }

    [Fact]
    public void Help_lists_the_new_flags_and_the_reference_flags_left_out()
    {
        var help = CommandLine.HelpText;
        foreach (var (flag, env) in new[]
                 {
                     ("--refresh-schedule", "REFRESH_SCHEDULE"), ("--refresh-fatal", "REFRESH_FATAL"), ("--metrics-listen-address", "METRICS_LISTEN_ADDRESS"),
                     ("--github-app-id", "GITHUB_APP_ID"), ("--github-app-private-key", "GITHUB_APP_PRIVATE_KEY"),
                     ("--github-app-installation-id", "GITHUB_APP_INSTALLATION_ID"), ("--debug", "DEBUG"),
                     ("--accept-release-shrink", "ACCEPT_RELEASE_SHRINK"), ("--stale-after", "STALE_AFTER"),
                 })
        {
            Assert.Contains($"--{flag.TrimStart('-'),-28} [{env}]", help);
        }

        Assert.Contains("reference flags not taken:", help);
        Assert.Contains("--version", help);
    }

    [Fact]
    public void The_schedule_gives_the_time_to_its_next_occurrence_in_utc()
    {
        var options = Parse(["--refresh-schedule", "0 * * * *"]);
        Assert.Equal(TimeSpan.FromMinutes(58), RefreshTiming.Delay(options, DateTimeOffset.Parse("2025-06-01T00:02:00Z"), servingNothing: false));
        Assert.Equal(RefreshTiming.RetryWhileEmpty, RefreshTiming.Delay(options, DateTimeOffset.Parse("2025-06-01T00:02:00Z"), servingNothing: true));
        Assert.Equal(TimeSpan.FromMinutes(15), RefreshTiming.Delay(Parse([]), DateTimeOffset.Parse("2025-06-01T00:02:00Z"), servingNothing: false));
    }

    [Fact]
    public async Task With_a_refresh_schedule_the_next_refresh_runs_at_the_scheduled_time()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2025-06-01T00:02:00Z"));
        await using var server = await TestChannelServer.StartAsync(["--url", Config(_gitHub.Url.ToString()), "--refresh-schedule", "0 * * * *"], time);
        await server.AdvanceToNextRefreshAsync(TimeSpan.FromMinutes(1));
        // Minute by minute: an interval would have refreshed at 00:17; the schedule says 01:00. The clock
        // keeps stepping while the refresh runs, so a busy machine may see it finish a few steps later.
        var finished = server.Holder.LastRefresh.FinishedAt!.Value;
        Assert.InRange(finished, DateTimeOffset.Parse("2025-06-01T01:00:00Z"), DateTimeOffset.Parse("2025-06-01T01:05:00Z"));
    }

    [Fact]
    public async Task Metrics_and_livez_move_to_their_own_listener()
    {
        await using var server = await TestChannelServer.StartAsync(["--url", Config(_gitHub.Url.ToString()), "--metrics-listen-address", "127.0.0.1:0"]);
        using (var main = await server.Http.GetAsync("/metrics"))
        {
            Assert.Equal(HttpStatusCode.NotFound, main.StatusCode);
        }

        using (var main = await server.Http.GetAsync("/livez"))
        {
            Assert.Equal(HttpStatusCode.NotFound, main.StatusCode);
        }

        var metricsUrl = server.Services.GetRequiredService<MetricsListener>().Url!;
        Assert.NotEqual(server.Url.Port, metricsUrl.Port);
        using var http = new HttpClient { BaseAddress = metricsUrl };
        Assert.Contains("channelserver_refresh_total{outcome=\"success\"} 1", await http.GetStringAsync("/metrics"));
        Assert.Equal("ok\n", await http.GetStringAsync("/livez"));
        Assert.Equal("https://example.com/widgets/v2.1.0", await server.GetLocationAsync("/v1-release/channels/latest"));
    }

    [Fact]
    public async Task A_github_app_authenticates_with_an_installation_token()
    {
        using var key = RSA.Create(2048);
        _gitHub.AppKey = key;
        _gitHub.AppId = 4242;
        var file = _dir.File("app.pem", key.ExportRSAPrivateKeyPem());
        await using var server = await TestChannelServer.StartAsync(["--url", Config(_gitHub.Url.ToString()),
            "--github-app-id", "4242", "--github-app-private-key", file, "--github-app-installation-id", "777"]);

        Assert.Equal("success", server.Holder.LastRefresh.Outcome);
        Assert.Equal([777L], _gitHub.InstallationTokenRequests);
        Assert.Equal($"Token {FakeGitHub.InstallationToken}", Assert.Single(_gitHub.Authorizations));
        Assert.Equal("https://example.com/widgets/v2.1.0", await server.GetLocationAsync("/v1-release/channels/latest"));
    }

    [Fact]
    public async Task A_github_app_the_api_does_not_know_is_a_failed_refresh_that_says_so()
    {
        using var key = RSA.Create(2048);
        using var other = RSA.Create(2048);
        _gitHub.AppKey = other;
        _gitHub.AppId = 4242;
        var file = _dir.File("app.pem", key.ExportPkcs8PrivateKeyPem());
        await using var server = await TestChannelServer.StartAsync(["--url", Config(_gitHub.Url.ToString()),
            "--github-app-id", "4242", "--github-app-private-key", file, "--github-app-installation-id", "777"]);
        Assert.Equal("failure", server.Holder.LastRefresh.Outcome);
        Assert.Contains("GitHub App 4242: no installation token for installation 777: 401", server.Holder.LastRefresh.Error);
        Assert.Empty(_gitHub.Authorizations);
    }

    [Fact]
    public async Task A_token_overrides_the_github_app_as_in_the_reference()
    {
        using var key = RSA.Create(2048);
        var file = _dir.File("app.pem", key.ExportRSAPrivateKeyPem());
        await using var server = await TestChannelServer.StartAsync(["--url", Config(_gitHub.Url.ToString()), "--github-token", "plain",
            "--github-app-id", "4242", "--github-app-private-key", file, "--github-app-installation-id", "777"]);
        Assert.Empty(_gitHub.InstallationTokenRequests);
        Assert.Equal("Token plain", Assert.Single(_gitHub.Authorizations));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Debug_turns_on_debug_logging(bool debug)
    {
        var logs = new CapturedLogs();
        string[] args = ["--releases-file", RepoFiles.K3sReleases, .. debug ? new[] { "--debug" } : []];
        await using var server = await ChannelServerHost.StartAsync(args, new ChannelServerHostOptions
        {
            Environment = _ => null,
            AccessLogOutput = Stream.Null,
            ConfigureLogging = logging =>
            {
                logging.ClearProviders();
                logging.AddProvider(logs);
            },
        });
        var logger = server.Services.GetRequiredService<ILogger<ReferenceFlagTests>>();
        Assert.Equal(debug, logger.IsEnabled(LogLevel.Debug));
        Assert.True(logger.IsEnabled(LogLevel.Information));
    }

    [Fact]
    public async Task Refresh_fatal_stops_a_running_server_when_a_later_refresh_fails()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2025-06-01T00:00:00Z"));
        await using var server = await TestChannelServer.StartAsync(["--url", Config(_gitHub.Url.ToString()), "--refresh-fatal"], time);
        var lifetime = server.Services.GetRequiredService<Microsoft.Extensions.Hosting.IHostApplicationLifetime>();
        Assert.False(lifetime.ApplicationStopping.IsCancellationRequested);

        _gitHub.Failure = GitHubFailure.WrongShape;
        await server.AdvanceToNextRefreshAsync(TimeSpan.FromMinutes(15));
        await Eventually.UntilAsync(() => lifetime.ApplicationStopping.IsCancellationRequested, "the host is stopping");
        Assert.Contains("not an array of releases", server.Holder.FatalError);
        Assert.True(server.Logs.Contains(LogLevel.Critical, "--refresh-fatal is set; stopping"));
    }

    [Fact]
    public async Task Refresh_fatal_stops_the_process_with_status_1_when_a_refresh_fails()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "ChannelServer.dll");
        var config = Config("http://127.0.0.1:1/");
        var start = new ProcessStartInfo("dotnet", [dll, "--url", config, "--listen-address", "127.0.0.1:0", "--refresh-fatal", "--github-timeout", "2s"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
            }
        }

        Assert.Equal(1, process.ExitCode);
        Assert.Contains("--refresh-fatal is set; stopping", await output + await error);
    }
}
