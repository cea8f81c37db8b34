using Prometheus;

namespace ChannelServer.Serving;

/// <summary>
/// The Prometheus metrics of one server instance, in a registry of its own so that several servers
/// in one process (tests) do not share counters.
/// </summary>
public sealed class ChannelServerMetrics
{
    public ChannelServerMetrics()
    {
        Registry = Metrics.NewCustomRegistry();
        // The process's own figures (resident memory, CPU, GC collections), as prometheus-net's default
        // registry has them: the footprint an edge node pays is worth watching too.
        DotNetStats.Register(Registry);
        var factory = Metrics.WithCustomRegistry(Registry);
        HttpRequests = factory.CreateCounter(
            "channelserver_http_requests_total", "HTTP requests answered, by route, method and status.",
            new CounterConfiguration { LabelNames = ["route", "method", "status"] });
        Refreshes = factory.CreateCounter(
            "channelserver_refresh_total", "Refreshes of the channel index, by outcome (success, failure).",
            new CounterConfiguration { LabelNames = ["outcome"] });
        RefreshDuration = factory.CreateHistogram(
            "channelserver_refresh_duration_seconds", "Duration of a refresh of the channel index.",
            new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.005, 2, 14) });
        GitHubRequests = factory.CreateCounter(
            "channelserver_github_requests_total", "Requests sent to GitHub, by status code (304 = answered from the ETag cache).",
            new CounterConfiguration { LabelNames = ["status"] });
        GitHubRateLimitRemaining = factory.CreateGauge(
            "channelserver_github_rate_limit_remaining", "x-ratelimit-remaining of the last GitHub answer.");
        IndexAge = factory.CreateGauge(
            "channelserver_index_age_seconds", "Age of the served channel index (time since the refresh that built it).");
        IndexServed = factory.CreateGauge(
            "channelserver_index_served", "1 when a channel index is served, 0 while the server answers 503.");
        ReleaseListsRefused = factory.CreateCounter(
            "channelserver_release_list_refused_total", "Release lists refused by validation although the upstream answered, by repository and reason (empty, shrunk).",
            new CounterConfiguration { LabelNames = ["repository", "reason"] });
        ReleaseDataAge = factory.CreateGauge(
            "channelserver_release_data_age_seconds", "Age of the release data each prefix answers from, by prefix and source (github, mirror, state-dir, bundled-snapshot, releases-file).",
            new GaugeConfiguration { LabelNames = ["prefix", "source"] });
        ReleaseDataAvailable = factory.CreateGauge(
            "channelserver_release_data_available", "1 when every channel of the prefix can be answered, 0 while its regexp channels answer 503 for want of release data.",
            new GaugeConfiguration { LabelNames = ["prefix"] });
        FleetClusters = factory.CreateGauge(
            "channelserver_fleet_clusters", "Clusters polling each channel (seen within the fleet TTL), by the version they report; the 10 most reported versions of a channel, the rest as \"other\".",
            new GaugeConfiguration { LabelNames = ["prefix", "channel", "version"] });
        FleetBehind = factory.CreateGauge(
            "channelserver_fleet_clusters_behind", "Clusters polling each channel that report a version lower than the channel's (or none).",
            new GaugeConfiguration { LabelNames = ["prefix", "channel"] });
        AccessLogDropped = factory.CreateCounter(
            "channelserver_access_log_dropped_total", "Access log lines dropped: the queue to stdout was full, or stdout failed.");
    }

    public CollectorRegistry Registry { get; }
    public Counter HttpRequests { get; }
    public Counter Refreshes { get; }
    public Histogram RefreshDuration { get; }
    public Counter GitHubRequests { get; }
    public Gauge GitHubRateLimitRemaining { get; }
    public Gauge IndexAge { get; }
    public Gauge IndexServed { get; }
    public Counter AccessLogDropped { get; }
    public Counter ReleaseListsRefused { get; }
    public Gauge ReleaseDataAge { get; }
    public Gauge ReleaseDataAvailable { get; }
    public Gauge FleetClusters { get; }
    public Gauge FleetBehind { get; }
}
