using ChannelServer.Configuration;
using Contracts.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ChannelServer.Api;

/// <summary><c>GET /</c>: one apiRoot per served prefix.</summary>
public static class ApiRootEndpoints
{
    public static IEndpointConventionBuilder MapApiRoots(this IEndpointRouteBuilder app, IReadOnlyList<PrefixBinding> prefixes) =>
        app.MapMethods("/", [HttpMethods.Get, HttpMethods.Head], (HttpRequest request) =>
        {
            var baseUrl = RequestBaseUrl.Of(request);
            var roots = prefixes.Select(p => new ApiRoot(baseUrl, p.PathPrefix)).ToList();
            var json = ChannelApiJson.Serialize(new ApiCollection<ApiRoot>(baseUrl + "/", "apiRoots", roots));
            return HtmlPage.Wanted(request) ? ApiResults.Html(HtmlPage.Json("channel server", baseUrl + "/", json)) : ApiResults.Json(json);
        });
}
