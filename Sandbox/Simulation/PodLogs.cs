using System.Collections.Concurrent;

namespace Sandbox.Simulation;

/// <summary>What the simulated containers print, per pod and container, with the time of each line, for <c>kubectl logs</c>.</summary>
public sealed class PodLogs
{
    private readonly ConcurrentDictionary<string, List<LogLine>> _logs = new(StringComparer.Ordinal);

    public void Append(string ns, string pod, string container, DateTimeOffset at, string line)
    {
        var log = _logs.GetOrAdd($"{ns}/{pod}", _ => []);
        lock (log)
        {
            log.Add(new LogLine(container, at, line));
        }
    }

    /// <summary>Every line of the pod, all containers, in the order they were printed.</summary>
    public IReadOnlyList<LogLine> Lines(string ns, string pod)
    {
        if (!_logs.TryGetValue($"{ns}/{pod}", out var log))
        {
            return [];
        }

        lock (log)
        {
            return [.. log];
        }
    }

    /// <summary>The whole log of the pod (or of one container), one line per line.</summary>
    public string Read(string ns, string pod, string? container = null) =>
        string.Concat(Lines(ns, pod).Where(l => container is null || l.Container == container).Select(l => l.Text + "\n"));

    public void Forget(string ns, string pod) => _logs.TryRemove($"{ns}/{pod}", out _);
}

public sealed record LogLine(string Container, DateTimeOffset At, string Text);
