using System.Text;
using System.Text.Json;
using ChannelServer.Configuration;
using ChannelServer.Releases;
using ChannelServer.Resolution;
using ChannelServer.Serving;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ChannelServer.Api;

/// <summary>
/// <c>/healthz</c>: the process answers. <c>/readyz</c>: an index is served, where each prefix's release
/// data came from and how old it is, how the last refresh went. <c>/livez</c>: 500 once release data from a
/// live source is older than <c>--stale-after</c> (the reference's liveness endpoint).
/// </summary>
public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapMethods("/healthz", [HttpMethods.Get, HttpMethods.Head], () => Results.Text("ok\n"));
        app.MapMethods("/readyz", [HttpMethods.Get, HttpMethods.Head], (ChannelIndexHolder holder, TimeProvider time) =>
        {
            var index = holder.Current;
            var ready = IsReady(index);
            var json = JsonSerializer.SerializeToUtf8Bytes(Readiness(holder, time.GetUtcNow()), ReadyJsonContext.Default.DictionaryStringObject);
            return ApiResults.Json(json, ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        });
        return app;
    }

    public static IEndpointRouteBuilder MapLiveness(this IEndpointRouteBuilder app)
    {
        app.MapMethods("/livez", [HttpMethods.Get, HttpMethods.Head], (ChannelIndexHolder holder, TimeProvider time, ServerOptions options) =>
        {
            var problem = LivenessRule.Problem(holder.Current, time.GetUtcNow(), holder.StartedAt, options.StaleAfter, options.ReleasesFile is null);
            return problem is null
                ? Results.Text("ok\n")
                : Results.Text($"stale: {problem}\n", "text/plain; charset=utf-8", Encoding.UTF8, StatusCodes.Status500InternalServerError);
        });
        return app;
    }

    /// <summary>Ready once a config is served and at least one prefix can answer every channel it has.</summary>
    public static bool IsReady(ChannelIndex? index) => index is not null && index.Prefixes.Any(p => p.ReleaseStatus.Complete);

    public static Dictionary<string, object?> Readiness(ChannelIndexHolder holder, DateTimeOffset now)
    {
        var index = holder.Current;
        var last = holder.LastRefresh;
        return new Dictionary<string, object?>
        {
            ["ready"] = IsReady(index),
            ["indexAgeSeconds"] = index is null ? null : Math.Round((now - index.BuiltAt).TotalSeconds, 3),
            ["builtAt"] = index?.BuiltAt,
            ["configSource"] = index?.ConfigSource,
            ["releaseOrigins"] = index?.ReleaseOrigins,
            ["prefixes"] = index?.Prefixes.Select(p => Prefix(p, now)).ToList(),
            ["refreshCount"] = last.Count,
            ["lastRefreshAt"] = last.FinishedAt,
            ["lastRefreshOutcome"] = last.Outcome,
            ["lastRefreshError"] = last.Error,
        };
    }

    private static Dictionary<string, object?> Prefix(PrefixIndex prefix, DateTimeOffset now)
    {
        var status = prefix.ReleaseStatus;
        return new Dictionary<string, object?>
        {
            ["prefix"] = prefix.Binding.PathPrefix,
            ["complete"] = status.Complete,
            ["repository"] = status.Repository?.ToString(),
            ["releaseSource"] = status.Data?.Kind.WireName(),
            ["releaseLocation"] = status.Data?.Location,
            ["releasesAsOf"] = status.Data?.AsOf,
            ["releaseAgeSeconds"] = status.Data is null ? null : Math.Round(AgeSeconds(status.Data, now), 3),
            ["releaseCount"] = status.Data?.Releases.Count,
            ["lastError"] = status.Error,
        };
    }

    /// <summary>Never negative: a file written by a clock ahead of ours is simply new.</summary>
    public static double AgeSeconds(ReleaseData data, DateTimeOffset now) => Math.Max(0, (now - data.AsOf).TotalSeconds);
}
