using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sandbox.Api.Tables;
using Sandbox.Storage;

namespace Sandbox.Api;

/// <summary>
/// Streams one watch as kube-apiserver does: newline-delimited <c>{"type":..,"object":..}</c> frames,
/// flushed per batch; 410 Expired as an ERROR event; periodic BOOKMARKs when asked; closed after
/// <c>timeoutSeconds</c>. Fault injection may end the stream after any event.
/// </summary>
public sealed class WatchStreamer(ObjectStore store, FaultInjector faults, TimeProvider time, SandboxOptions options)
{
    public async Task StreamAsync(HttpContext ctx, ResourceType type, string? ns, Func<StoredObject, bool> filter, long? fromVersion,
        bool bookmarks, TimeSpan timeout, string? tableIncludeObject)
    {
        var response = ctx.Response;
        response.StatusCode = 200;
        response.ContentType = "application/json";
        WatchSubscription sub;
        try
        {
            sub = store.Watch(type, ns, filter, fromVersion);
        }
        catch (ApiException e) when (e.Code == 410)
        {
            await WriteFrameAsync(response, "ERROR", JsonSerializer.SerializeToUtf8Bytes(e.ToStatus(), Json.Options), ctx.RequestAborted);
            return;
        }

        using var _ = sub;
        using var deadline = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, ctx.RequestAborted);
        var token = linked.Token;
        await response.StartAsync(token);
        await response.Body.FlushAsync(token);
        var columnsSent = false;
        try
        {
            Task<bool>? wait = null;
            while (!token.IsCancellationRequested)
            {
                // one outstanding wait at a time, kept across bookmark ticks
                wait ??= sub.Events.WaitToReadAsync(token).AsTask();
                if (bookmarks && tableIncludeObject is null)
                {
                    var tick = Task.Delay(options.BookmarkInterval, time, token);
                    if (await Task.WhenAny(wait, tick) == tick)
                    {
                        if (store.BookmarkVersion(sub) is { } rv)
                        {
                            var bookmark = new JsonObject
                            {
                                ["kind"] = type.Kind,
                                ["apiVersion"] = type.ApiVersion,
                                ["metadata"] = new JsonObject { ["resourceVersion"] = rv.ToString(CultureInfo.InvariantCulture) },
                            };
                            await WriteFrameAsync(response, "BOOKMARK", JsonSerializer.SerializeToUtf8Bytes(bookmark, Json.Options), ctx.RequestAborted);
                        }

                        continue;
                    }
                }

                var more = await wait;
                wait = null;
                if (!more)
                {
                    return;
                }

                while (sub.Events.TryRead(out var e))
                {
                    byte[] body;
                    if (tableIncludeObject is not null)
                    {
                        var table = TableConverter.Convert(type, [e.Object], tableIncludeObject, time.GetUtcNow(), e.ResourceVersion, withColumns: !columnsSent);
                        columnsSent = true;
                        body = JsonSerializer.SerializeToUtf8Bytes(table, Json.Options);
                    }
                    else
                    {
                        body = ServedForm.Bytes(e.Object, type);
                    }

                    var cut = faults.Draw(faults.WatchCutRate, "watch-cut");
                    // writes are not cut by the watch deadline: Kestrel aborts the connection when a write is
                    // cancelled, and the client would see a reset instead of the end of the stream
                    await WriteFrameAsync(response, e.WireType, body, ctx.RequestAborted, flush: cut || sub.Events.Count == 0);
                    if (cut)
                    {
                        // The stream ends early, mid-watch, as when an API server drops its watches: the
                        // client must notice and re-watch from the last resourceVersion it saw. (A TCP reset
                        // would be harsher but loses the events already sent, so tests could not be exact.)
                        await response.CompleteAsync();
                        return;
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            // timeoutSeconds reached or the client went away
        }
    }

    private static async Task WriteFrameAsync(HttpResponse response, string type, byte[] obj, CancellationToken token, bool flush = true)
    {
        // one write per frame: each write of a chunked response is a chunk of its own
        var head = Encoding.UTF8.GetBytes($"{{\"type\":\"{type}\",\"object\":");
        var frame = new byte[head.Length + obj.Length + 2];
        head.CopyTo(frame, 0);
        obj.CopyTo(frame, head.Length);
        frame[^2] = (byte)'}';
        frame[^1] = (byte)'\n';
        await response.Body.WriteAsync(frame, token);
        if (flush)
        {
            await response.Body.FlushAsync(token);
        }
    }
}
