using Contracts.Plans;
using Controller.Kubernetes;
using Controller.Planning;
using Controller.Reconciliation;
using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Controller.Hosting;

/// <summary>The controller's services, composed once: by <c>Program</c>, and in process by <see cref="ControllerHost"/>.</summary>
public static class UpgradeControllerServices
{
    /// <param name="channelHandler">Sends the channel polls (tests answer them in process); default: sockets, no redirects.</param>
    public static IServiceCollection AddUpgradeController(this IServiceCollection services, ControllerOptions options, HttpMessageHandler? channelHandler = null)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(options);
        services.AddSingleton(options.Settings);
        services.AddSingleton<ControllerMetrics>();
        services.AddSingleton<ControllerFaults>();
        services.AddSingleton(new Leadership(Leadership.NewIdentity(options.NodeName)));
        services.AddSingleton<ApiRequestCounter>();

        // The API seam: one client for every informer, write and the lease.
        services.AddSingleton<IKubernetes>(sp =>
        {
            var config = KubeConfig.Build(options);
            // Until response headers: a watch's stream is not cut by it, but a hung call cannot stall a Plan's worker forever.
            config.HttpClientTimeout = options.RequestTimeout;
            return new k8s.Kubernetes(config, sp.GetRequiredService<ApiRequestCounter>());
        });
        services.AddSingleton(sp => new ClusterApi(sp.GetRequiredService<IKubernetes>(), options.Namespace) { WatchTimeoutSeconds = options.WatchTimeoutSeconds });

        services.AddSingleton(sp => sp.GetRequiredService<ClusterApi>().PlanInformer(Logger(sp, "Informer.Plans")));
        services.AddSingleton(sp => sp.GetRequiredService<ClusterApi>().NodeInformer(Logger(sp, "Informer.Nodes")));
        services.AddSingleton(sp => sp.GetRequiredService<ClusterApi>().JobInformer(options.Name, Logger(sp, "Informer.Jobs")));
        services.AddSingleton(sp => sp.GetRequiredService<ClusterApi>().SecretInformer(Logger(sp, "Informer.Secrets")));

        services.AddSingleton(sp => new ChannelPoller(
            channelHandler ?? ChannelPoller.DefaultHandler(), options.EffectivePollingInterval, sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ControllerMetrics>(), sp.GetRequiredService<ILogger<ChannelPoller>>()));
        services.AddSingleton(sp => new EventRecorder(
            sp.GetRequiredService<ClusterApi>(), options.Name, options.NodeName, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<EventRecorder>>()));
        if (options.PrometheusUrl is { } prometheus)
        {
            services.AddSingleton(sp => new AlertWatcher(
                new HttpClient(), prometheus, options.AlertFilter, options.PrometheusBearerToken, options.AlertsInterval,
                sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ControllerMetrics>(), sp.GetRequiredService<ILogger<AlertWatcher>>()));
            services.AddHostedService<AlertWatchService>();
        }

        services.AddSingleton(sp => new PlanController(
            options.Settings,
            sp.GetRequiredService<ClusterApi>(),
            new PlanCaches(
                sp.GetRequiredService<Informer<Plan>>(),
                sp.GetRequiredService<Informer<V1Node>>(),
                sp.GetRequiredService<Informer<V1Job>>(),
                sp.GetRequiredService<Informer<V1Secret>>()),
            sp.GetRequiredService<ChannelPoller>(),
            sp.GetRequiredService<EventRecorder>(),
            sp.GetRequiredService<ControllerMetrics>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<PlanController>>(),
            options.Threads,
            sp.GetService<AlertWatcher>()));

        // Leader election first: the reconcile loop waits for it.
        services.AddHostedService<LeaderElectionService>();
        services.AddHostedService<ReconcileLoopService>();
        return services;
    }

    private static ILogger Logger(IServiceProvider sp, string category) => sp.GetRequiredService<ILoggerFactory>().CreateLogger(category);
}
