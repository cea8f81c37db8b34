using ChannelServer.Api;
using ChannelServer.Configuration;
using ChannelServer.Releases;
using ChannelServer.Serving;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging.Console;
using Prometheus;

namespace ChannelServer;

/// <summary>
/// Builds and starts the channel server. <see cref="StartAsync(string[], ChannelServerHostOptions?, CancellationToken)"/>
/// runs it in-process (tests, demos): pass <c>--listen-address 127.0.0.1:0</c> and read the bound URL.
/// </summary>
public static class ChannelServerHost
{
    /// <summary>The category ASP.NET Core's hosting logs each request under.</summary>
    public const string HostingDiagnosticsCategory = "Microsoft.AspNetCore.Hosting.Diagnostics";

    public static WebApplication Build(ServerOptions options, ChannelServerHostOptions? hostOptions = null)
    {
        hostOptions ??= new ChannelServerHostOptions();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = [],
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.WebHost.UseUrls(ListenUrl(options.ListenAddress));
        builder.Logging.ClearProviders();
        if (options.JsonLogs)
        {
            builder.Logging.AddJsonConsole(o =>
            {
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });
        }
        else
        {
            // Registered by hand: AddConsoleFormatter binds its options from configuration by reflection, which
            // the native build cannot do, and this formatter has no options to bind.
            builder.Logging.AddConsole(o => o.FormatterName = EscapingConsoleFormatter.FormatterName);
            builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<ConsoleFormatter, EscapingConsoleFormatter>());
        }

        builder.Logging.SetMinimumLevel(options.Debug ? LogLevel.Debug : LogLevel.Information);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        // Off entirely: while this category is enabled at any level, hosting starts an Activity (a random W3C trace
        // id) and a log scope for every request, and prometheus-net attaches that id to each counter increment as an
        // exemplar; together about a tenth of the CPU of a 302 under load (bench/README.md). What it logs is request
        // start and finish (the access log says that) and start-up failures, which the host also rethrows.
        builder.Logging.AddFilter(HostingDiagnosticsCategory, LogLevel.None);
        // The access log has a writer of its own (AccessLogWriter), not the console logger.
        builder.Logging.AddFilter<ConsoleLoggerProvider>(AccessLogWriter.Category, LogLevel.None);
        hostOptions.ConfigureLogging?.Invoke(builder.Logging);
        // Added after ConfigureLogging, so that a caller clearing the providers keeps the access log.
        builder.Services.AddSingleton(sp => new AccessLogWriter(
            hostOptions.AccessLogOutput ?? Console.OpenStandardOutput(), options.JsonLogs,
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ChannelServerMetrics>(), hostOptions.AccessLogCapacity));
        builder.Services.AddSingleton<ILoggerProvider>(sp => sp.GetRequiredService<AccessLogWriter>());

        var services = builder.Services;
        services.AddSingleton(options);
        services.AddSingleton(hostOptions.TimeProvider ?? TimeProvider.System);
        services.AddMemoryCache();
        services.AddSingleton<ChannelServerMetrics>();
        services.AddSingleton(sp => new ChannelIndexHolder(sp.GetRequiredService<TimeProvider>().GetUtcNow()));
        // HttpClient stops reading a config answer past the limit itself (MaxResponseContentBufferSize).
        services.AddSingleton(_ => new ConfigSourceLoader(new HttpClient
        {
            Timeout = Timeout.InfiniteTimeSpan,
            MaxResponseContentBufferSize = ConfigSourceLoader.MaxBytes,
        }));
        services.AddSingleton(sp => new GitHubReleaseClient(
            options.GitHubToken, options.GitHubTimeout, sp.GetRequiredService<IMemoryCache>(), sp.GetRequiredService<ChannelServerMetrics>(),
            sp.GetRequiredService<TimeProvider>(), options.GitHubApp));
        services.AddSingleton(new LastGoodReleaseStore(options.StateDir));
        services.AddSingleton(new History.ChannelHistoryStore(options.StateDir));
        services.AddSingleton(sp => new Fleet.FleetTracker(sp.GetRequiredService<TimeProvider>(), options.FleetView));
        services.AddSingleton<IndexRefresher>();
        services.AddSingleton(new MemoryTrim(hostOptions.TrimMemoryAfterRefresh));
        services.AddHostedService<RefreshService>();
        services.AddHostedService<AccessLogDropReporter>();
        services.AddSingleton<MetricsListener>();
        services.AddHostedService(sp => sp.GetRequiredService<MetricsListener>());
        hostOptions.ConfigureServices?.Invoke(services);

        var app = builder.Build();
        var metrics = app.Services.GetRequiredService<ChannelServerMetrics>();
        var holder = app.Services.GetRequiredService<ChannelIndexHolder>();
        var time = app.Services.GetRequiredService<TimeProvider>();
        metrics.Registry.AddBeforeCollectCallback(() => ReleaseMetrics.Update(metrics, holder.Current, time.GetUtcNow()));
        var fleet = app.Services.GetRequiredService<Fleet.FleetTracker>();
        if (fleet.Enabled)
        {
            metrics.Registry.AddBeforeCollectCallback(() => Fleet.FleetMetrics.Update(metrics, fleet.View(holder.Current)));
        }

        app.UseMiddleware<AccessLogMiddleware>();
        app.MapHealth();
        if (options.MetricsListenAddress is null)
        {
            app.MapMetrics("/metrics", metrics.Registry);
            app.MapLiveness();
        }

        app.MapApiRoots(options.Prefixes);
        foreach (var binding in options.Prefixes)
        {
            app.MapChannelApi(binding);
        }

        return app;
    }

    /// <summary>
    /// Parses <paramref name="args"/> as the command line does, starts the server, and returns once it
    /// listens (first refresh done). Without a listen address (flag or LISTEN_ADDRESS) it takes a free
    /// loopback port, <c>127.0.0.1:0</c>, rather than the service default 0.0.0.0:8080.
    /// </summary>
    public static async Task<RunningChannelServer> StartAsync(string[] args, ChannelServerHostOptions? hostOptions = null, CancellationToken cancellationToken = default)
    {
        hostOptions ??= new ChannelServerHostOptions();
        var environment = hostOptions.Environment ?? System.Environment.GetEnvironmentVariable;
        if (!args.Any(a => a == "--listen-address" || a.StartsWith("--listen-address=", StringComparison.Ordinal))
            && string.IsNullOrEmpty(environment("LISTEN_ADDRESS")))
        {
            args = [.. args, "--listen-address", "127.0.0.1:0"];
        }

        var options = CommandLine.Parse(args, environment);
        var app = Build(options, hostOptions);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new RunningChannelServer(app, new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal)
            .Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal)));
    }

    /// <summary><c>0.0.0.0:8080</c> → <c>http://0.0.0.0:8080</c>; <c>:8080</c> (all interfaces, as in Go) → <c>http://*:8080</c>.</summary>
    public static string ListenUrl(string listenAddress)
    {
        var colon = listenAddress.LastIndexOf(':');
        var host = listenAddress[..colon];
        var port = listenAddress[(colon + 1)..];
        host = host switch
        {
            "" => "*",
            "localhost" => "127.0.0.1",
            _ => host,
        };
        return $"http://{host}:{port}";
    }
}
