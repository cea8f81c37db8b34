using ChannelServer.Resolution;
using Contracts.Channels;
using Microsoft.AspNetCore.Http;

namespace ChannelServer.Api;

/// <summary>Answers written as prepared bytes; HEAD gets the same status and headers without the body.</summary>
public static class ApiResults
{
    public const string JsonContentType = "application/json";
    public const string HtmlContentType = "text/html; charset=utf-8";

    public static IResult Json(byte[] body, int status = StatusCodes.Status200OK) => new BytesResult(status, JsonContentType, body, null);

    public static IResult Html(byte[] body) => new BytesResult(StatusCodes.Status200OK, HtmlContentType, body, null);

    public static IResult Error(ApiError error) => Json(ChannelApiJson.Serialize(error), error.Status);

    /// <summary>302 with the body Go's http.Redirect writes; some clients scrape it.</summary>
    public static IResult Found(ResolvedChannel channel) =>
        new BytesResult(StatusCodes.Status302Found, HtmlContentType, channel.RedirectBody!, channel.Location);

    /// <summary>A status with no body and no content type (unknown type, trailing slash).</summary>
    public static IResult Empty(int status) => new BytesResult(status, null, [], null);

    private sealed class BytesResult(int status, string? contentType, byte[] body, string? location) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.StatusCode = status;
            if (contentType is not null)
            {
                response.ContentType = contentType;
            }

            if (location is not null)
            {
                response.Headers.Location = location;
            }

            response.ContentLength = body.Length;
            return body.Length == 0 || HttpMethods.IsHead(httpContext.Request.Method)
                ? Task.CompletedTask
                : response.Body.WriteAsync(body, httpContext.RequestAborted).AsTask();
        }
    }
}
