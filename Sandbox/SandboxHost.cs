using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Sandbox.Api;
using Sandbox.Simulation;
using Sandbox.Storage;

namespace Sandbox;

/// <summary>
/// A running sandbox: the API server on loopback plus the simulated cluster. Tests and tools host
/// it in-process (<c>await using var sandbox = await SandboxHost.StartAsync(options)</c>) and talk to
/// <see cref="BaseUrl"/> or <see cref="KubeconfigPath"/>; <see cref="Faults"/>, <see cref="Store"/> and
/// <see cref="Operations"/> reach inside for fault injection and fixtures.
/// </summary>
public sealed class SandboxHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly bool _ownsKubeconfig;
    private readonly SandboxCertificates _certificates;

    private SandboxHost(WebApplication app, string baseUrl, string kubeconfigPath, bool ownsKubeconfig, string token, SandboxCertificates certificates)
    {
        _app = app;
        Token = token;
        _certificates = certificates;
        BaseUrl = baseUrl;
        KubeconfigPath = kubeconfigPath;
        _ownsKubeconfig = ownsKubeconfig;
    }

    public string BaseUrl { get; }
    public string KubeconfigPath { get; }

    /// <summary>The bearer token every request must carry (it is in the kubeconfig).</summary>
    public string Token { get; }
    public SandboxOptions Options => Services.GetRequiredService<SandboxOptions>();
    public IServiceProvider Services => _app.Services;
    public ObjectStore Store => Services.GetRequiredService<ObjectStore>();
    public ResourceCatalog Catalog => Services.GetRequiredService<ResourceCatalog>();
    public ResourceOperations Operations => Services.GetRequiredService<ResourceOperations>();
    public FaultInjector Faults => Services.GetRequiredService<FaultInjector>();
    public ClusterState Cluster => Services.GetRequiredService<ClusterState>();
    public ClusterSimulation Simulation => Services.GetRequiredService<ClusterSimulation>();
    public PodLogs Logs => Services.GetRequiredService<PodLogs>();

    public static async Task<SandboxHost> StartAsync(SandboxOptions options, CancellationToken cancellationToken = default)
    {
        options.Validate();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var (host, port) = ParseListen(options.Listen);
        var certificates = SandboxCertificates.Create(host, DateTimeOffset.UtcNow);
        builder.WebHost.ConfigureKestrel(k =>
        {
            void Https(ListenOptions listen)
            {
                // HTTP/1.1 as before TLS: every client's watch streaming has been tested on it
                listen.Protocols = HttpProtocols.Http1;
                listen.UseHttps(certificates.Server);
            }

            if (host is "localhost")
            {
                k.ListenLocalhost(port, Https);
            }
            else
            {
                k.Listen(IPAddress.Parse(host), port, Https);
            }
        });
        AddSandbox(builder.Services, options);

        var token = options.Token ?? BearerTokenAuthentication.NewToken();
        var app = builder.Build();
        if (ExposureWarning.For(host, options.AllowAnonymous) is { } warning)
        {
            SandboxLog.Exposed(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Sandbox"), warning);
        }

        app.Use(async (ctx, next) =>
        {
            // kube-apiserver never answers HTML or problem+json: unknown paths get a Status body.
            await next();
            if (ctx.Response.StatusCode == 404 && !ctx.Response.HasStarted && ctx.Response.ContentLength is null)
            {
                await KubernetesApi.WriteJsonAsync(ctx, 404, ApiException.StatusBody(404, "NotFound", "the server could not find the requested resource"));
            }
        });
        var authentication = new BearerTokenAuthentication(token, options.AllowAnonymous);
        app.Use(authentication.InvokeAsync);
        app.MapKubernetesApi();

        app.Services.GetRequiredService<ClusterState>().Bootstrap();
        await app.StartAsync(cancellationToken);

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var baseUrl = address.Replace("[::1]", "localhost", StringComparison.Ordinal).TrimEnd('/');
        var ownsKubeconfig = options.KubeconfigOut is null;
        var kubeconfig = options.KubeconfigOut ?? Path.Combine(Path.GetTempPath(), $"sandbox-{Guid.NewGuid():N}.kubeconfig");
        Kubeconfig.Write(kubeconfig, baseUrl, token, certificates.AuthorityPem);
        return new SandboxHost(app, baseUrl, kubeconfig, ownsKubeconfig, token, certificates);
    }

    /// <summary>A handler for in-process HTTP clients that trusts this sandbox's CA (and no other).</summary>
    public SocketsHttpHandler CreateHandler() => new()
    {
        SslOptions = { RemoteCertificateValidationCallback = (_, certificate, _, errors) => _certificates.Validate(certificate, errors) },
    };

    /// <summary>A raw HTTP client on <see cref="BaseUrl"/>: trusts the sandbox's CA and sends its token.</summary>
    public HttpClient CreateHttpClient(SocketsHttpHandler? handler = null)
    {
        handler ??= CreateHandler();
        handler.SslOptions.RemoteCertificateValidationCallback ??= (_, certificate, _, errors) => _certificates.Validate(certificate, errors);
        var http = new HttpClient(handler) { BaseAddress = new Uri(BaseUrl) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        return http;
    }

    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _app.WaitForShutdownAsync(cancellationToken);

    public static void AddSandbox(IServiceCollection services, SandboxOptions options)
    {
        services.AddSingleton(options);
        services.AddSingleton(options.TimeProvider);
        services.AddSingleton(new ObjectStore(options.WatchHistory));
        services.AddSingleton<ResourceCatalog>();
        services.AddSingleton(sp => new ResourceOperations(
            sp.GetRequiredService<ObjectStore>(), sp.GetRequiredService<ResourceCatalog>(), options.TimeProvider, new Random(options.Seed),
            options.UidSeed is { } uidSeed ? new Random(uidSeed) : new Random()));
        services.AddSingleton(new FaultInjector(options.Seed)
        {
            WriteErrorRate = options.WriteErrorRate,
            WriteConflictRate = options.WriteConflictRate,
            WatchCutRate = options.WatchCutRate,
            SlowRequestRate = options.SlowRequestRate,
            SlowRequestDelay = options.SlowRequestDelay,
        });
        services.AddSingleton<WatchStreamer>();
        services.AddSingleton<PodLogs>();
        services.AddSingleton<ClusterState>();
        services.AddSingleton<ClusterSimulation>();
        services.AddHostedService(sp => sp.GetRequiredService<ClusterSimulation>());
    }

    private static (string Host, int Port) ParseListen(string listen)
    {
        var at = listen.LastIndexOf(':');
        return (listen[..at], int.Parse(listen[(at + 1)..], System.Globalization.CultureInfo.InvariantCulture));
    }

    public async ValueTask DisposeAsync()
    {
        Store.CloseAllWatches();
        using (var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2)))
        {
            await _app.StopAsync(cts.Token);
        }

        await _app.DisposeAsync();
        _certificates.Dispose();
        if (_ownsKubeconfig)
        {
            try
            {
                File.Delete(KubeconfigPath);
            }
            catch (IOException)
            {
                // best effort
            }
        }
    }
}
