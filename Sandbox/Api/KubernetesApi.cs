using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sandbox.Api.Tables;
using Sandbox.Storage;

namespace Sandbox.Api;

/// <summary>The Kubernetes REST surface: discovery, version, and every resource's verbs.</summary>
public static class KubernetesApi
{
    public static IEndpointRouteBuilder MapKubernetesApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/version", (HttpContext ctx) => WriteJsonAsync(ctx, 200, VersionInfo(ctx)));
        app.MapGet("/healthz", () => "ok");
        app.MapGet("/livez", () => "ok");
        app.MapGet("/readyz", () => "ok");
        app.MapGet("/openapi/v3", (HttpContext ctx) => WriteJsonAsync(ctx, 200, OpenApi.Root(Catalog(ctx))));

        // kubectl before 1.30 validates against OpenAPI v2, which it reads as protobuf. An empty protobuf
        // message is an empty Document: no schemas, so those kubectl versions skip client-side validation
        // and the server's own checks (required fields, 422) apply, as they do with newer kubectl.
        app.MapGet("/openapi/v2", (HttpContext ctx) =>
        {
            ctx.Response.StatusCode = 200;
            ctx.Response.ContentType = "application/octet-stream";
            ctx.Response.ContentLength = 0;
            return Task.CompletedTask;
        });
        app.MapGet("/openapi/v3/{**path}", (HttpContext ctx, string path) => OpenApi.GroupVersion(Catalog(ctx), path) is { } doc
            ? WriteJsonAsync(ctx, 200, doc)
            : WriteErrorAsync(ctx, new ApiException(404, "NotFound", "the server could not find the requested resource")));
        app.MapGet("/api", (HttpContext ctx) => WriteJsonAsync(ctx, 200, Discovery.ApiVersions(ctx.Request.Host.Value ?? "127.0.0.1")));
        app.MapGet("/apis", (HttpContext ctx) => WriteJsonAsync(ctx, 200, Discovery.ApiGroupList(Catalog(ctx))));
        app.Map("/api/{version}/{**rest}", (HttpContext ctx, string version, string? rest) => HandleAsync(ctx, "", version, rest));
        app.Map("/apis/{group}", (HttpContext ctx, string group) =>
        {
            var versions = Catalog(ctx).Groups().FirstOrDefault(g => g.Group == group).Versions;
            return versions is null
                ? WriteErrorAsync(ctx, new ApiException(404, "NotFound", "the server could not find the requested resource"))
                : WriteJsonAsync(ctx, 200, Discovery.Group(group, versions));
        });
        app.Map("/apis/{group}/{version}/{**rest}", (HttpContext ctx, string group, string version, string? rest) => HandleAsync(ctx, group, version, rest));
        return app;
    }

    private static ResourceCatalog Catalog(HttpContext ctx) => ctx.RequestServices.GetRequiredService<ResourceCatalog>();

    private static JsonObject VersionInfo(HttpContext ctx)
    {
        var version = ctx.RequestServices.GetRequiredService<Simulation.ClusterState>().ApiServerVersion();
        var parsed = Contracts.Versions.ReleaseVersion.Parse(version);
        return new JsonObject
        {
            ["major"] = parsed.Major.ToString(CultureInfo.InvariantCulture),
            ["minor"] = parsed.Minor.ToString(CultureInfo.InvariantCulture),
            ["gitVersion"] = version,
            ["gitCommit"] = "0000000000000000000000000000000000000000",
            ["gitTreeState"] = "clean",
            ["buildDate"] = "2025-01-01T00:00:00Z",
            ["goVersion"] = "go1.23.6",
            ["compiler"] = "gc",
            ["platform"] = "linux/amd64",
        };
    }

    private static async Task HandleAsync(HttpContext ctx, string group, string version, string? rest)
    {
        try
        {
            await DispatchAsync(ctx, group, version, rest);
        }
        catch (ApiException e)
        {
            await WriteErrorAsync(ctx, e);
        }
        catch (JsonException e)
        {
            await WriteErrorAsync(ctx, ApiException.BadRequest($"the object provided is unrecognized: {e.Message}"));
        }
        catch (FormatException e)
        {
            await WriteErrorAsync(ctx, ApiException.BadRequest(e.Message));
        }
    }

    private static async Task DispatchAsync(HttpContext ctx, string group, string version, string? rest)
    {
        var services = ctx.RequestServices;
        var catalog = services.GetRequiredService<ResourceCatalog>();
        var ops = services.GetRequiredService<ResourceOperations>();
        var faults = services.GetRequiredService<FaultInjector>();
        var request = ctx.Request;
        var segments = (rest ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length == 0)
        {
            if (request.Method != "GET" || !catalog.All.Any(t => t.Group == group && t.Version == version))
            {
                throw new ApiException(404, "NotFound", "the server could not find the requested resource");
            }

            await WriteJsonAsync(ctx, 200, Discovery.ResourceList(catalog, group, version));
            return;
        }

        var target = ApiTarget.Parse(catalog, group, version, segments)
            ?? throw new ApiException(404, "NotFound", "the server could not find the requested resource");
        var type = target.Type;

        if (faults.Draw(faults.SlowRequestRate, "slow"))
        {
            await Task.Delay(faults.SlowRequestDelay, ctx.RequestAborted);
        }

        var isWrite = request.Method is "POST" or "PUT" or "PATCH" or "DELETE";
        if (isWrite && faults.Draw(faults.WriteErrorRate, "write-error"))
        {
            throw new ApiException(500, "InternalError", "Internal error occurred: injected fault");
        }

        if (isWrite && faults.Draw(faults.WriteConflictRate, "conflict"))
        {
            throw ApiException.Conflict(type, target.Name ?? "");
        }

        var sub = target.Subresource;
        if (sub is not (null or "status" or "finalize" or "eviction" or "log") || (sub == "status" && !type.HasStatus))
        {
            throw new ApiException(404, "NotFound", "the server could not find the requested resource");
        }

        if (sub == "finalize")
        {
            sub = null;
        }

        switch (request.Method, target.Name, sub)
        {
            case ("GET", null, _):
                await ListOrWatchAsync(ctx, ops, target);
                break;
            case ("GET", { } name, "log"):
                {
                    var pod = ops.Get(type, target.Namespace, name);
                    var log = PodLogRequest.Parse(request.Query)
                        .Render(pod.Object, services.GetRequiredService<Simulation.PodLogs>().Lines(pod.Namespace, name), ops.Time.GetUtcNow());
                    ctx.Response.ContentType = "text/plain";
                    await ctx.Response.WriteAsync(log);
                    break;
                }
            case ("GET", { } name, _):
                {
                    var found = ops.Get(type, target.Namespace, name);
                    if (WantsTable(request))
                    {
                        // kubectl get KIND NAME asks for a one-row Table, like a list
                        var include = request.Query["includeObject"].ToString() is { Length: > 0 } io ? io : "Metadata";
                        await WriteJsonAsync(ctx, 200, TableConverter.Convert(type, [found], include, ops.Time.GetUtcNow(), found.ResourceVersion));
                        break;
                    }

                    await WriteObjectAsync(ctx, 200, found, type);
                    break;
                }
            case ("POST", null, null):
                {
                    var write = WriteOptions.Read(request.Query, "CreateOptions");
                    var body = await ReadObjectAsync(request);
                    var created = ops.Create(type, target.Namespace, body, write);
                    await WriteObjectAsync(ctx, 201, created, type, write);
                    break;
                }

            case ("POST", { } name, "eviction"):
                {
                    // an Eviction carries its DeleteOptions in the body
                    var eviction = request.ContentLength is 0 ? new JsonObject() : await ReadObjectAsync(request);
                    var write = WriteOptions.Read(request.Query, "DeleteOptions", eviction.GetPath("deleteOptions", "dryRun"));
                    ops.Delete(type, target.Namespace, name, write: write);
                    await WriteJsonAsync(ctx, 201, ApiException.StatusBody(201, "", ""));
                    break;
                }

            case ("PUT", { } name, _):
                {
                    var write = WriteOptions.Read(request.Query, "UpdateOptions");
                    var body = await ReadObjectAsync(request);
                    await WriteObjectAsync(ctx, 200, ops.Update(type, target.Namespace, name, body, sub, write), type, write);
                    break;
                }

            case ("PATCH", { } name, _):
                {
                    var write = WriteOptions.Read(request.Query, "PatchOptions");
                    var patch = await JsonNode.ParseAsync(request.Body) ?? throw ApiException.BadRequest("empty patch");
                    await WriteObjectAsync(ctx, 200, ops.Patch(type, target.Namespace, name, request.ContentType ?? "", patch, sub, write), type, write);
                    break;
                }

            case ("DELETE", { } name, null):
                {
                    var options = await ReadDeleteOptionsAsync(request);
                    await WriteObjectAsync(ctx, 200, ops.Delete(type, target.Namespace, name, options.Policy, options.Uid, options.ResourceVersion, options.Write), type);
                    break;
                }

            case ("DELETE", null, null):
                {
                    var options = await ReadDeleteOptionsAsync(request);
                    var filter = Filter(request, type);
                    foreach (var obj in ops.Store.List(type, target.Namespace).Where(filter))
                    {
                        try
                        {
                            ops.Delete(type, obj.Namespace, obj.Name, options.Policy, write: options.Write);
                        }
                        catch (ApiException e) when (e.Code == 404)
                        {
                            // gone meanwhile
                        }
                    }

                    await WriteJsonAsync(ctx, 200, ApiException.StatusBody(200, "", ""));
                    break;
                }

            default:
                throw ApiException.MethodNotAllowed();
        }
    }

    private static Func<StoredObject, bool> Filter(HttpRequest request, ResourceType type)
    {
        var labels = LabelSelector.Parse(request.Query["labelSelector"]);
        var fields = FieldSelector.Parse(request.Query["fieldSelector"], type);
        return o => labels.Matches(o.Labels) && fields.Matches(o);
    }

    private static async Task ListOrWatchAsync(HttpContext ctx, ResourceOperations ops, ApiTarget target)
    {
        var request = ctx.Request;
        var type = target.Type;
        var query = request.Query;
        var filter = Filter(request, type);
        var tableInclude = WantsTable(request) ? (string?)(query["includeObject"].ToString() is { Length: > 0 } io ? io : "Metadata") : null;
        if (QueryBool.Read(query["watch"]))
        {
            var options = ctx.RequestServices.GetRequiredService<SandboxOptions>();
            long? from = long.TryParse(query["resourceVersion"], CultureInfo.InvariantCulture, out var rv) ? rv : null;
            var timeout = long.TryParse(query["timeoutSeconds"], CultureInfo.InvariantCulture, out var ts) && ts > 0
                ? TimeSpan.FromSeconds(ts)
                : options.DefaultWatchTimeout;
            var bookmarks = QueryBool.Read(query["allowWatchBookmarks"]);
            await ctx.RequestServices.GetRequiredService<WatchStreamer>()
                .StreamAsync(ctx, type, target.Namespace, filter, from, bookmarks, timeout, tableInclude);
            return;
        }

        var limit = int.TryParse(query["limit"], CultureInfo.InvariantCulture, out var l) ? l : 0;
        string? after = null;
        if (query["continue"].ToString() is { Length: > 0 } token)
        {
            try
            {
                after = Encoding.UTF8.GetString(Convert.FromBase64String(token));
            }
            catch (FormatException)
            {
                throw ApiException.BadRequest("continue key is not valid: illegal base64 data");
            }
        }

        var page = ops.Store.ListPage(type, target.Namespace, filter, limit, after);
        var continueToken = page.ContinueAfter is null ? null : Convert.ToBase64String(Encoding.UTF8.GetBytes(page.ContinueAfter));
        if (tableInclude is not null)
        {
            var table = TableConverter.Convert(type, page.Items, tableInclude, ops.Time.GetUtcNow(), page.ResourceVersion);
            if (continueToken is not null)
            {
                table.Metadata()["continue"] = continueToken;
            }

            await WriteJsonAsync(ctx, 200, table);
            return;
        }

        var response = ctx.Response;
        response.StatusCode = 200;
        response.ContentType = "application/json";
        var meta = new JsonObject { ["resourceVersion"] = page.ResourceVersion.ToString(CultureInfo.InvariantCulture) };
        if (continueToken is not null)
        {
            meta["continue"] = continueToken;
            meta["remainingItemCount"] = page.Remaining;
        }

        var head = $"{{\"kind\":\"{type.ListKind}\",\"apiVersion\":\"{type.ApiVersion}\",\"metadata\":{meta.ToJsonString()},\"items\":[";
        var buffer = new MemoryStream();
        buffer.Write(Encoding.UTF8.GetBytes(head));
        for (var i = 0; i < page.Items.Count; i++)
        {
            if (i > 0)
            {
                buffer.WriteByte((byte)',');
            }

            buffer.Write(ServedForm.Bytes(page.Items[i], type));
        }

        buffer.Write("]}"u8);
        response.ContentLength = buffer.Length;
        buffer.Position = 0;
        await buffer.CopyToAsync(response.Body, ctx.RequestAborted);
    }

    private static bool WantsTable(HttpRequest request) =>
        request.Headers.Accept.ToString().Split(',').Any(a => a.Contains("as=Table", StringComparison.Ordinal));

    private static async Task<JsonObject> ReadObjectAsync(HttpRequest request)
    {
        if (request.ContentType?.Contains("protobuf", StringComparison.OrdinalIgnoreCase) == true)
        {
            // kube-apiserver reads protobuf; the sandbox does not, and says so instead of failing to parse JSON
            throw new ApiException(415, "UnsupportedMediaType",
                "the body of the request was in an unknown format - accepted media types include: application/json, application/yaml (the sandbox does not read protobuf)");
        }

        var node = await JsonNode.ParseAsync(request.Body);
        return node as JsonObject ?? throw ApiException.BadRequest("the body of the request must be a JSON object");
    }

    private static async Task<(string? Policy, string? Uid, string? ResourceVersion, WriteOptions Write)> ReadDeleteOptionsAsync(HttpRequest request)
    {
        string? policy = request.Query["propagationPolicy"];
        if (QueryBool.Read(request.Query["orphanDependents"]))
        {
            policy = "Orphan";
        }

        string? uid = null;
        string? rv = null;
        JsonNode? bodyDryRun = null;
        if (request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            using var reader = new StreamReader(request.Body);
            var text = await reader.ReadToEndAsync();
            if (!string.IsNullOrWhiteSpace(text) && JsonNode.Parse(text) is JsonObject options)
            {
                policy = options.GetString("propagationPolicy") ?? policy;
                if (options["orphanDependents"] is JsonValue orphan && orphan.TryGetValue<bool>(out var o) && o)
                {
                    policy = "Orphan";
                }

                uid = options.GetString("preconditions", "uid");
                rv = options.GetString("preconditions", "resourceVersion");
                bodyDryRun = options["dryRun"];
            }
        }

        return (policy, uid, rv, WriteOptions.Read(request.Query, "DeleteOptions", bodyDryRun));
    }

    private static Task WriteObjectAsync(HttpContext ctx, int code, StoredObject obj, ResourceType served, WriteOptions? write = null)
    {
        foreach (var warning in write?.Warnings ?? [])
        {
            // RFC 7234 warn-code 299, as kube-apiserver sends them and kubectl prints them
            ctx.Response.Headers.Append("Warning", $"299 - \"{warning.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\"");
        }

        ctx.Response.StatusCode = code;
        ctx.Response.ContentType = "application/json";
        var bytes = ServedForm.Bytes(obj, served);
        ctx.Response.ContentLength = bytes.Length;
        return ctx.Response.Body.WriteAsync(bytes, ctx.RequestAborted).AsTask();
    }

    public static Task WriteJsonAsync(HttpContext ctx, int code, JsonNode body)
    {
        ctx.Response.StatusCode = code;
        ctx.Response.ContentType = "application/json";
        var bytes = JsonSerializer.SerializeToUtf8Bytes(body, Json.Options);
        ctx.Response.ContentLength = bytes.Length;
        return ctx.Response.Body.WriteAsync(bytes, ctx.RequestAborted).AsTask();
    }

    private static Task WriteErrorAsync(HttpContext ctx, ApiException e) =>
        ctx.Response.HasStarted ? Task.CompletedTask : WriteJsonAsync(ctx, e.Code, e.ToStatus());
}
