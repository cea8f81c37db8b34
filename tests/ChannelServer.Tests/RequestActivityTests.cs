using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using ChannelServer.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TestSupport;

namespace ChannelServer.Tests;

/// <summary>
/// A 302 under load costs what the server does per request. Hosting starts a trace Activity and a log scope for
/// every request while its diagnostics category is enabled at any level, and nothing here reads either; the server's
/// logging configuration keeps that category off.
/// </summary>
public sealed class RequestActivityTests
{
    [Fact]
    public async Task No_trace_activity_is_started_for_a_request_when_nothing_listens()
    {
        var seen = new ConcurrentQueue<(Activity? Current, bool HasFeature)>();
        var logs = new CapturedLogs();
        await using var server = await ChannelServerHost.StartAsync(["--releases-file", RepoFiles.K3sReleases], new ChannelServerHostOptions
        {
            Environment = _ => null,
            AccessLogOutput = Stream.Null,
            // The server's own filters stay in place; only the console provider is swapped for a capture.
            ConfigureLogging = logging =>
            {
                logging.ClearProviders();
                logging.AddProvider(logs);
            },
            ConfigureServices = services => services.AddSingleton<IStartupFilter>(new RecordingFilter(seen)),
        });
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = server.Url };

        var factory = server.Services.GetRequiredService<ILoggerFactory>();
        Assert.False(factory.CreateLogger(ChannelServerHost.HostingDiagnosticsCategory).IsEnabled(LogLevel.Critical),
            "hosting's diagnostics category is enabled, so hosting starts an Activity per request");

        for (var i = 0; i < 3; i++)
        {
            using var response = await http.GetAsync("/v1-release/channels/stable");
            Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        }

        Assert.Equal(3, seen.Count);
        Assert.All(seen, s =>
        {
            Assert.Null(s.Current);
            Assert.False(s.HasFeature, "the request carries an IHttpActivityFeature");
        });

        // The server's own log categories still log.
        Assert.True(factory.CreateLogger("ChannelServer.Serving.RefreshService").IsEnabled(LogLevel.Information));
    }

    private sealed class RecordingFilter(ConcurrentQueue<(Activity?, bool)> seen) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, then) =>
            {
                seen.Enqueue((Activity.Current, context.Features.Get<IHttpActivityFeature>() is not null));
                return then(context);
            });
            next(app);
        };
    }
}
