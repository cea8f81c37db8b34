using ChannelServer.Configuration;
using ChannelServer.Fleet;
using ChannelServer.History;
using ChannelServer.Serving;
using Contracts.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace ChannelServer.Api;

/// <summary>
/// The API of update.k3s.io under one path prefix: channels (302 to the release), releases and app
/// defaults (lists), in the reference's wire format.
/// </summary>
public static class ChannelApi
{
    public static RouteGroupBuilder MapChannelApi(this IEndpointRouteBuilder app, PrefixBinding binding)
    {
        var group = app.MapGroup("/" + binding.PathPrefix);
        var prefix = binding.PathPrefix;
        // Singletons, resolved once: a handler parameter bound from services makes every request open a DI scope,
        // resolve through it and dispose it, a measurable share of a 302's cost under load (bench/README.md).
        var holder = app.ServiceProvider.GetRequiredService<ChannelIndexHolder>();
        var fleet = app.ServiceProvider.GetRequiredService<FleetTracker>();
        var history = app.ServiceProvider.GetRequiredService<ChannelHistoryStore>();

        group.MapMethods("", [HttpMethods.Get, HttpMethods.Head], (HttpRequest request) =>
        {
            var body = ChannelApiJson.Serialize(new ApiRoot(RequestBaseUrl.Of(request), prefix));
            return ApiResults.Json(body);
        });

        group.Map("/{type}", (HttpRequest request, string type) =>
            Collection(request, prefix, type, holder));

        group.Map("/{type}/{id}", (HttpRequest request, string type, string id) =>
            Item(request, prefix, type, id, holder, fleet));

        group.Map("/fleet", (HttpRequest request) => Fleet(request, prefix, holder, fleet));

        group.Map("/{type}/{id}/history", (HttpRequest request, string type, string id) =>
            History(request, prefix, type, id, holder, history));

        return group;
    }

    /// <summary>A channel's moves, newest first: what an operator asks when clusters moved and nobody knows why.</summary>
    private static IResult History(HttpRequest request, string prefix, string segment, string id, ChannelIndexHolder holder, ChannelHistoryStore history)
    {
        if (ResourceTypes.Normalize(segment) != ResourceTypes.Channels)
        {
            return ApiResults.Empty(StatusCodes.Status404NotFound);
        }

        if (!IsRead(request.Method))
        {
            return ApiResults.Error(ApiError.MethodNotSupported(request.Method));
        }

        if (holder.Current?.ByPrefix.GetValueOrDefault(prefix) is not { } index)
        {
            return NotReady();
        }

        var moves = history.Of(prefix, id);
        if (index.Channel(id) is null && moves.Count == 0)
        {
            return ApiResults.Error(ApiError.NotFound($"channel \"{id}\" not found"));
        }

        var self = $"{RequestBaseUrl.Of(request)}/{prefix}/channels/{id}/history";
        var json = ChannelApiJson.Serialize(new ApiCollection<ChannelMove>(self, "channelMove", moves.Select(HtmlPage.ToWire).ToList()));
        return HtmlPage.Wanted(request) ? ApiResults.Html(HtmlPage.History(prefix, id, moves, self, json)) : ApiResults.Json(json);
    }

    private static IResult Collection(HttpRequest request, string prefix, string segment, ChannelIndexHolder holder)
    {
        var type = ResourceTypes.Normalize(segment);
        if (type is null)
        {
            return ApiResults.Empty(StatusCodes.Status404NotFound);
        }

        if (!IsRead(request.Method))
        {
            return ApiResults.Error(ApiError.MethodNotSupported(request.Method));
        }

        if (holder.Current?.ByPrefix.GetValueOrDefault(prefix) is not { } index)
        {
            return NotReady();
        }

        var baseUrl = RequestBaseUrl.Of(request);
        var json = index.CollectionJson(type, baseUrl);
        if (!HtmlPage.Wanted(request))
        {
            return ApiResults.Json(json);
        }

        var self = $"{baseUrl}/{prefix}/{type}";
        return ApiResults.Html(type == ResourceTypes.Channels
            ? HtmlPage.Channels(index, self, json, request.HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow(),
                request.HttpContext.RequestServices.GetRequiredService<ChannelHistoryStore>(),
                request.HttpContext.RequestServices.GetRequiredService<FleetTracker>() is { Enabled: true } fleet ? fleet.View(holder.Current).Where(c => c.Prefix == prefix).ToList() : null)
            : HtmlPage.Json($"/{prefix}/{type}", self, json));
    }

    private static IResult Item(HttpRequest request, string prefix, string segment, string id, ChannelIndexHolder holder, FleetTracker fleet)
    {
        var type = ResourceTypes.Normalize(segment);
        if (type is null)
        {
            return ApiResults.Empty(StatusCodes.Status404NotFound);
        }

        // Only channels can be read one by one, as in the reference.
        if (type != ResourceTypes.Channels || !IsRead(request.Method))
        {
            var method = HttpMethods.IsHead(request.Method) ? HttpMethods.Get : request.Method;
            return ApiResults.Error(ApiError.MethodNotSupported(method));
        }

        if (holder.Current?.ByPrefix.GetValueOrDefault(prefix) is not { } index)
        {
            return NotReady();
        }

        var channel = index.Channel(id);
        if (channel?.Unavailable is { } why)
        {
            return ApiResults.Error(ApiError.Unavailable(why));
        }

        if (channel?.Location is null)
        {
            return ApiResults.Error(ApiError.NotFound(channel is null
                ? $"channel \"{id}\" not found"
                : $"channel \"{id}\" has no version"));
        }

        // Only polls that get their answer count: a 404 for a mistyped channel is no member of any fleet.
        if (fleet.Enabled && request.Headers.TryGetValue(ChannelRequestHeaders.ClusterId, out var cluster))
        {
            fleet.Record(prefix, channel.Name, cluster.ToString(), request.Headers[ChannelRequestHeaders.LatestVersion].ToString());
        }

        return ApiResults.Found(channel);
    }

    private static IResult Fleet(HttpRequest request, string prefix, ChannelIndexHolder holder, FleetTracker fleet)
    {
        if (!IsRead(request.Method))
        {
            return ApiResults.Error(ApiError.MethodNotSupported(request.Method));
        }

        if (!fleet.Enabled)
        {
            return ApiResults.Error(ApiError.NotFound("the fleet view is turned off (--fleet-view=false)"));
        }

        if (holder.Current?.ByPrefix.GetValueOrDefault(prefix) is null)
        {
            return NotReady();
        }

        var view = fleet.View(holder.Current).Where(c => c.Prefix == prefix).ToList();
        var self = $"{RequestBaseUrl.Of(request)}/{prefix}/fleet";
        var json = ChannelApiJson.Serialize(new ApiCollection<FleetChannelResource>(self, "fleetChannel", view.Select(HtmlPage.ToWire).ToList()));
        return HtmlPage.Wanted(request) ? ApiResults.Html(HtmlPage.Fleet(prefix, view, self, json)) : ApiResults.Json(json);
    }

    private static bool IsRead(string method) => HttpMethods.IsGet(method) || HttpMethods.IsHead(method);

    private static IResult NotReady() =>
        ApiResults.Error(ApiError.Unavailable("no channel data has been loaded yet; see /readyz"));
}
