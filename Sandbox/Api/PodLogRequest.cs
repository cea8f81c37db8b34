using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Sandbox.Simulation;
using Sandbox.Storage;

namespace Sandbox.Api;

/// <summary>
/// A <c>pods/log</c> read as kube-apiserver and the kubelet answer it: <c>container</c> (required when the pod
/// has several), <c>previous</c> (the sandbox's containers never restart, so there is never a previous one),
/// <c>tailLines</c>, <c>limitBytes</c>, <c>sinceSeconds</c>/<c>sinceTime</c> and <c>timestamps</c>
/// (RFC 3339 with nine fraction digits, as the kubelet prints them). A container that has not started is
/// a 400 saying what it is waiting for.
/// </summary>
public sealed record PodLogRequest(string? Container, bool Previous, bool Timestamps, long? TailLines, long? LimitBytes, long? SinceSeconds, DateTimeOffset? SinceTime)
{
    public static PodLogRequest Parse(IQueryCollection query)
    {
        long? Whole(string name, long minimum)
        {
            if (query[name].ToString() is not { Length: > 0 } text)
            {
                return null;
            }

            if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
            {
                throw ApiException.BadRequest($"{name}: invalid value \"{text}\": not an integer");
            }

            return value >= minimum ? value : throw ApiException.BadRequest($"{name}: Invalid value: {value}: must be greater than {(minimum == 0 ? "or equal to 0" : "0")}");
        }

        var sinceTime = query["sinceTime"].ToString() is { Length: > 0 } st
            ? Json.ParseTimestamp(st) ?? throw ApiException.BadRequest($"sinceTime: invalid value \"{st}\": not an RFC 3339 time")
            : (DateTimeOffset?)null;
        var sinceSeconds = Whole("sinceSeconds", 1);
        if (sinceSeconds is not null && sinceTime is not null)
        {
            throw ApiException.BadRequest("at most one of `sinceTime` or `sinceSeconds` may be specified");
        }

        return new PodLogRequest(
            query["container"].ToString() is { Length: > 0 } c ? c : null,
            QueryBool.Read(query["previous"]),
            QueryBool.Read(query["timestamps"]),
            Whole("tailLines", 0),
            Whole("limitBytes", 1),
            sinceSeconds,
            sinceTime);
    }

    public string Render(JsonObject pod, IReadOnlyList<LogLine> lines, DateTimeOffset now)
    {
        var name = pod.GetString("metadata", "name") ?? "";
        var containers = pod.GetPath("spec", "containers").Objects().Select(c => c.GetString("name") ?? "").ToList();
        var inits = pod.GetPath("spec", "initContainers").Objects().Select(c => c.GetString("name") ?? "").ToList();
        var container = Container;
        if (container is null)
        {
            if (containers.Count != 1)
            {
                var message = $"a container name must be specified for pod {name}, choose one of: [{string.Join(' ', containers)}]";
                throw ApiException.BadRequest(inits.Count == 0 ? message : $"{message} or one of the init containers: [{string.Join(' ', inits)}]");
            }

            container = containers[0];
        }
        else if (!containers.Contains(container) && !inits.Contains(container))
        {
            throw ApiException.BadRequest($"container {container} is not valid for pod {name}");
        }

        if (pod.GetString("spec", "nodeName") is null)
        {
            throw ApiException.BadRequest($"pod {name} does not have a host assigned");
        }

        var status = pod.GetPath("status", "containerStatuses").Objects().Concat(pod.GetPath("status", "initContainerStatuses").Objects())
            .FirstOrDefault(s => s.GetString("name") == container);
        if (Previous)
        {
            throw ApiException.BadRequest($"previous terminated container \"{container}\" in pod \"{name}\" not found");
        }

        if (status is null || status.GetPath("state", "waiting") is not null)
        {
            var reason = status?.GetString("state", "waiting", "reason") ?? "ContainerCreating";
            throw ApiException.BadRequest($"container \"{container}\" in pod \"{name}\" is waiting to start: {reason}");
        }

        var since = SinceTime ?? (SinceSeconds is { } s ? now - TimeSpan.FromSeconds(s) : null);
        var selected = lines.Where(l => l.Container == container && (since is null || l.At >= since)).ToList();
        if (TailLines is { } tail && selected.Count > tail)
        {
            selected = selected.GetRange(selected.Count - (int)tail, (int)tail);
        }

        var text = new StringBuilder();
        foreach (var line in selected)
        {
            if (Timestamps)
            {
                text.Append(line.At.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'00Z'", CultureInfo.InvariantCulture)).Append(' ');
            }

            text.Append(line.Text).Append('\n');
        }

        var result = text.ToString();
        if (LimitBytes is { } limit && Encoding.UTF8.GetByteCount(result) > limit)
        {
            result = Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(result), 0, (int)limit);
        }

        return result;
    }
}
