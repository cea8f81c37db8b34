using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Prometheus;

namespace Controller.Hosting;

/// <summary>
/// The controller's three paths, as the manifest's probes and Prometheus read them: <c>/healthz</c> (the process
/// answers), <c>/readyz</c> (standing by for the lease, or leading with filled caches) and <c>/metrics</c>
/// (prometheus-net's exporter). Served by path, not through ASP.NET Core routing, which the controller's host leaves
/// out (<see cref="ControllerWebHost"/>). Any other path is 404; a method other than GET or HEAD on a probe is 405.
/// </summary>
public static class ProbeEndpoints
{
    public static void UseProbes(this IApplicationBuilder app, Func<bool> ready, CollectorRegistry registry)
    {
        app.UseMetricServer("/metrics", registry);
        app.Use((context, next) => context.Request.Path.Value switch
        {
            "/healthz" => AnswerAsync(context, true),
            "/readyz" => AnswerAsync(context, ready()),
            _ => next(context),
        });
    }

    // Plain text, as before: the native executable has no reflection-based JSON writer for a bare string.
    private static Task AnswerAsync(HttpContext context, bool ok)
    {
        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
        {
            context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            context.Response.Headers.Allow = "GET, HEAD";
            return Task.CompletedTask;
        }

        context.Response.StatusCode = ok ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return ok ? context.Response.WriteAsync("ok") : Task.CompletedTask;
    }
}
