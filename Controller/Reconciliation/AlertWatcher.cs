using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using Contracts.CommandLine;
using Controller.Planning;
using Microsoft.Extensions.Logging;

namespace Controller.Reconciliation;

/// <summary>
/// Reads Prometheus' firing alerts (<c>GET /api/v1/alerts</c>) every interval, keeping the names that match the
/// filter; the decision holds new nodes while any fire (kured's idea, for upgrades). A failed read is kept as
/// such: the decision reports it, and holds only when told to.
/// </summary>
public sealed partial class AlertWatcher(HttpClient http, Uri prometheus, string? filter, SecretText? token, TimeSpan interval, TimeProvider time, ControllerMetrics metrics, ILogger logger)
{
    private readonly Regex? _filter = filter is null ? null : new Regex(filter, RegexOptions.None, TimeSpan.FromSeconds(1));
    private readonly TaskCompletionSource _firstRead = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private AlertState? _current;

    /// <summary>How long one read may take.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The last read; null before the first.</summary>
    public AlertState? Current => Volatile.Read(ref _current);

    /// <summary>Completes after the first read, whatever it gave: reconciling waits for it, so no node starts unseen.</summary>
    public Task FirstRead => _firstRead.Task;

    /// <summary>The set of firing alerts, or readability, changed.</summary>
    public event Action? Changed;

    public async Task RunAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            await ReadOnceAsync(ct).ConfigureAwait(false);
            await Task.Delay(interval, time, ct).ConfigureAwait(false);
        }
    }

    public async Task<AlertState> ReadOnceAsync(CancellationToken ct)
    {
        var state = await ReadAsync(ct).ConfigureAwait(false);
        var before = Interlocked.Exchange(ref _current, state);
        metrics.AlertsReadable.Set(state.Readable ? 1 : 0);
        metrics.AlertsFiring.Set(state.Firing.Count);
        _firstRead.TrySetResult();
        if (before is null || before.Readable != state.Readable || !before.Firing.SequenceEqual(state.Firing))
        {
            LogAlerts(logger, state.Firing.Count, string.Join(",", state.Firing), state.Error ?? "");
            Changed?.Invoke();
        }

        return state;
    }

    private async Task<AlertState> ReadAsync(CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(prometheus, "api/v1/alerts"));
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Reveal());
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(Timeout);
        try
        {
            using var response = await http.SendAsync(request, timeout.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                return new AlertState([], $"{request.RequestUri} answered {(int)response.StatusCode} {response.StatusCode}", time.GetUtcNow());
            }

            await using var body = await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
            using var json = await JsonDocument.ParseAsync(body, cancellationToken: timeout.Token).ConfigureAwait(false);
            return new AlertState(Firing(json.RootElement), null, time.GetUtcNow());
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new AlertState([], $"{request.RequestUri}: no answer within {Timeout.TotalSeconds:0.#} s", time.GetUtcNow());
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return new AlertState([], $"{request.RequestUri}: {e.Message}", time.GetUtcNow());
        }
    }

    /// <summary>Names of the alerts in state "firing" (not "pending") that match the filter, sorted, once each.</summary>
    private IReadOnlyList<string> Firing(JsonElement root)
    {
        if (root.GetProperty("status").GetString() != "success")
        {
            throw new InvalidOperationException($"status {root.GetProperty("status").GetString()}");
        }

        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var alert in root.GetProperty("data").GetProperty("alerts").EnumerateArray())
        {
            if (alert.GetProperty("state").GetString() != "firing")
            {
                continue;
            }

            var name = alert.GetProperty("labels").TryGetProperty("alertname", out var n) ? n.GetString() ?? "" : "";
            if (_filter is null || _filter.IsMatch(name))
            {
                names.Add(name);
            }
        }

        return [.. names];
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Prometheus alerts: {Count} firing ({Names}) {Error}")]
    private static partial void LogAlerts(ILogger logger, int count, string names, string error);
}
