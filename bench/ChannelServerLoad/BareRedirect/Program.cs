// The baseline of the load benchmark: bare Kestrel answering the same fixed 302 (same headers and
// body bytes as the channel server's /v1-release/channels/stable), with no routing and no logging.
using System.Text;

var listen = args.Length > 0 ? args[0] : "http://127.0.0.1:18081";
var builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
builder.WebHost.UseUrls(listen);
var app = builder.Build();

const string Location = "https://github.com/k3s-io/k3s/releases/tag/v1.31.4+k3s1";
var body = Encoding.UTF8.GetBytes($"<a href=\"{Location}\">Found</a>.\n\n");
app.Run(context =>
{
    context.Response.StatusCode = 302;
    context.Response.ContentType = "text/html; charset=utf-8";
    context.Response.Headers.Location = Location;
    context.Response.ContentLength = body.Length;
    return context.Response.Body.WriteAsync(body).AsTask();
});
app.Run();
