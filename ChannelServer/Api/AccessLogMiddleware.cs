using System.Diagnostics;
using System.Globalization;
using ChannelServer.Serving;
using Contracts.Channels;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace ChannelServer.Api;

/// <summary>
/// One log line and one metric sample per request. Records the callers' X-SUC-Cluster-ID and
/// X-SUC-Latest-Version (system-upgrade-controller sends them), which change nothing in the answer.
/// Also refuses paths with a trailing slash or an empty segment (404, as the reference does), and turns
/// an unexpected exception into a bare 500 so nothing of it leaks to the client.
/// </summary>
public sealed class AccessLogMiddleware(RequestDelegate next, ChannelServerMetrics metrics, ILoggerFactory loggers)
{
    private readonly ILogger _logger = loggers.CreateLogger("ChannelServer.AccessLog");

    public async Task InvokeAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        var path = context.Request.Path.Value ?? "/";
        if (path.Length > 1 && (path.EndsWith('/') || path.Contains("//", StringComparison.Ordinal)))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
        }
        else
        {
            try
            {
                await next(context).ConfigureAwait(false);
            }
            catch (Exception e) when (!context.RequestAborted.IsCancellationRequested && !context.Response.HasStarted)
            {
                Log.RequestFailed(_logger, e, context.Request.Method, path);
                context.Response.Clear();
                context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            }
        }

        var status = context.Response.StatusCode;
        var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "unmatched";
        metrics.HttpRequests.WithLabels(route, MethodLabel(context.Request.Method), status.ToString(CultureInfo.InvariantCulture)).Inc();
        if (_logger.IsEnabled(LogLevel.Information))
        {
            Log.Access(_logger, context.Request.Method, path, status, Stopwatch.GetElapsedTime(started).TotalMilliseconds,
                Header(context, ChannelRequestHeaders.ClusterId), Header(context, ChannelRequestHeaders.LatestVersion), context.Connection.RemoteIpAddress?.ToString());
        }
    }

    // Clients choose the method; an open label set would let them grow the metrics without bound.
    private static string MethodLabel(string method) =>
        HttpMethods.IsGet(method) ? HttpMethods.Get
        : HttpMethods.IsHead(method) ? HttpMethods.Head
        : HttpMethods.IsPost(method) ? HttpMethods.Post
        : HttpMethods.IsPut(method) ? HttpMethods.Put
        : HttpMethods.IsPatch(method) ? HttpMethods.Patch
        : HttpMethods.IsDelete(method) ? HttpMethods.Delete
        : HttpMethods.IsOptions(method) ? HttpMethods.Options
        : "OTHER";

    private static string? Header(HttpContext context, string name)
    {
        var value = context.Request.Headers[name];
        return value.Count == 0 ? null : value.ToString();
    }
}
