using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using TestSupport;

namespace ChannelServer.Tests.Infrastructure;

/// <summary>
/// Another origin (its own port) that records the headers of every request it gets and answers a valid
/// page of releases, so a server that followed a link here would also merge what it says.
/// </summary>
public sealed class HeaderRecorder : IAsyncDisposable
{
    public const string ForeignTag = "v9.9.9+foreign1";
    private readonly LoopbackServer _server;

    private HeaderRecorder(LoopbackServer server)
    {
        _server = server;
        Url = server.Url;
    }

    public Uri Url { get; }
    public ConcurrentQueue<(string Path, Dictionary<string, string> Headers)> Requests { get; } = new();

    public static async Task<HeaderRecorder> StartAsync()
    {
        HeaderRecorder? self = null;
        var server = await LoopbackServer.StartAsync(app => app.Run(context =>
        {
            self!.Requests.Enqueue((context.Request.Path + context.Request.QueryString,
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase)));
            context.Response.ContentType = "application/json";
            return context.Response.WriteAsync($"[{{\"tag_name\":\"{ForeignTag}\",\"prerelease\":false,\"draft\":false}}]");
        }));
        self = new HeaderRecorder(server);
        return self;
    }

    /// <summary>Fails the test when any request it got carried the token (in any header).</summary>
    public void AssertNeverSaw(string token)
    {
        foreach (var (path, headers) in Requests)
        {
            Assert.False(headers.Values.Any(v => v.Contains(token, StringComparison.Ordinal)),
                $"the token reached another origin: {path} {string.Join("; ", headers.Select(h => $"{h.Key}: {h.Value}"))}");
        }
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
