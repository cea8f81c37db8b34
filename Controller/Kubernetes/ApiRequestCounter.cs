using System.Collections.Concurrent;

namespace Controller.Kubernetes;

/// <summary>Counts the controller's API requests by verb (GET, POST, PUT, PATCH, DELETE): the cost of a rollout.</summary>
public sealed class ApiRequestCounter : DelegatingHandler
{
    private readonly ConcurrentDictionary<string, long> _counts = new();

    public IReadOnlyDictionary<string, long> Counts => new Dictionary<string, long>(_counts);

    public long Writes => _counts.Where(kv => kv.Key is not "GET").Sum(kv => kv.Value);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        _counts.AddOrUpdate(request.Method.Method, 1, (_, n) => n + 1);
        return base.SendAsync(request, cancellationToken);
    }
}
