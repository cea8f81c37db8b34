using System.Collections.Concurrent;
using System.Text;

namespace Sandbox.Simulation;

/// <summary>What the simulated containers print, per pod, for <c>kubectl logs</c>.</summary>
public sealed class PodLogs
{
    private readonly ConcurrentDictionary<string, StringBuilder> _logs = new(StringComparer.Ordinal);

    public void Append(string ns, string pod, string line)
    {
        var log = _logs.GetOrAdd($"{ns}/{pod}", _ => new StringBuilder());
        lock (log)
        {
            log.Append(line).Append('\n');
        }
    }

    public string Read(string ns, string pod)
    {
        if (!_logs.TryGetValue($"{ns}/{pod}", out var log))
        {
            return "";
        }

        lock (log)
        {
            return log.ToString();
        }
    }

    public void Forget(string ns, string pod) => _logs.TryRemove($"{ns}/{pod}", out _);
}
