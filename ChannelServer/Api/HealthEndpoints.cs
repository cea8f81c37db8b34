using System.Text.Json;
using ChannelServer.Serving;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ChannelServer.Api;

/// <summary><c>/healthz</c>: the process answers. <c>/readyz</c>: an index is served, how old it is, how the last refresh went.</summary>
public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapMethods("/healthz", [HttpMethods.Get, HttpMethods.Head], () => Results.Text("ok\n"));
        app.MapMethods("/readyz", [HttpMethods.Get, HttpMethods.Head], (ChannelIndexHolder holder, TimeProvider time) =>
        {
            var index = holder.Current;
            var last = holder.LastRefresh;
            var body = new Dictionary<string, object?>
            {
                ["ready"] = index is not null,
                ["indexAgeSeconds"] = index is null ? null : Math.Round((time.GetUtcNow() - index.BuiltAt).TotalSeconds, 3),
                ["builtAt"] = index?.BuiltAt,
                ["configSource"] = index?.ConfigSource,
                ["releaseOrigins"] = index?.ReleaseOrigins,
                ["refreshCount"] = last.Count,
                ["lastRefreshAt"] = last.FinishedAt,
                ["lastRefreshOutcome"] = last.Outcome,
                ["lastRefreshError"] = last.Error,
            };
            var json = JsonSerializer.SerializeToUtf8Bytes(body, ReadyJsonContext.Default.DictionaryStringObject);
            return ApiResults.Json(json, index is null ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK);
        });
        return app;
    }
}
