using System.Diagnostics;
using Contracts.Plans;
using Controller.Planning;
using Controller.Reconciliation;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using TestSupport;
using static Controller.Tests.Fixtures;

namespace Controller.Tests;

/// <summary>
/// The alert gate against a real Prometheus (Debian's <c>prometheus</c>), started on loopback with a rule whose
/// alert fires on a static condition (<c>vector(1) &gt; 0</c>) and one that never fires.
/// </summary>
public sealed class PrometheusAlertGateTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("suc-prometheus-").FullName;
    private Process? _prometheus;
    private Uri _url = null!;

    public async Task InitializeAsync()
    {
        var binary = new[] { "/usr/bin/prometheus", "/usr/local/bin/prometheus" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("these tests need the prometheus binary (apt-get install -y prometheus)");
        await File.WriteAllTextAsync(Path.Combine(_dir, "rules.yml"), """
            groups:
            - name: gate
              interval: 1s
              rules:
              - alert: AlwaysFiring
                expr: vector(1) > 0
              - alert: NeverFiring
                expr: vector(0) > 1
            """);
        await File.WriteAllTextAsync(Path.Combine(_dir, "prometheus.yml"), """
            global:
              evaluation_interval: 1s
            rule_files: [rules.yml]
            """);
        var port = FreePort.Get();
        _url = new Uri($"http://127.0.0.1:{port}/");
        _prometheus = Process.Start(new ProcessStartInfo(binary)
        {
            ArgumentList = { $"--config.file={Path.Combine(_dir, "prometheus.yml")}", $"--storage.tsdb.path={Path.Combine(_dir, "data")}", $"--web.listen-address=127.0.0.1:{port}" },
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        })!;
        _prometheus.ErrorDataReceived += (_, _) => { };
        _prometheus.BeginErrorReadLine();
        _prometheus.BeginOutputReadLine();
    }

    private AlertWatcher Watcher(string? filter) =>
        new(new HttpClient(), _url, filter, null, TimeSpan.FromSeconds(30), TimeProvider.System, new ControllerMetrics(), NullLogger.Instance);

    /// <summary>Reads until the state satisfies the condition; Prometheus needs a moment to start and evaluate.</summary>
    private static async Task<AlertState> ReadUntilAsync(AlertWatcher watcher, Func<AlertState, bool> done)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var state = await watcher.ReadOnceAsync(CancellationToken.None);
            if (done(state))
            {
                return state;
            }

            if (deadline.Elapsed > TimeSpan.FromSeconds(30))
            {
                throw new TimeoutException($"Prometheus never gave the expected alerts; last: {state.Error ?? string.Join(",", state.Firing)}");
            }

            await Task.Delay(200);
        }
    }

    [Fact]
    public async Task A_firing_alert_holds_a_rollout_and_the_filter_picks_the_alerts()
    {
        var state = await ReadUntilAsync(Watcher(null), s => s.Firing.Contains("AlwaysFiring"));
        Assert.Equal(["AlwaysFiring"], state.Firing);

        var decision = new PlanReconciler(Settings).Decide(new PlanSnapshot(Plan(), [Node("s1", controlPlane: true)], [], new Dictionary<string, V1Secret>(), Now, null) { Alerts = state });
        Assert.Empty(decision.Create);
        var complete = decision.Status.Conditions!.Single(c => c.Type == PlanConditions.Complete);
        Assert.Equal((PlanConditions.Reasons.AlertFiring, "alerts firing: AlwaysFiring; no new node starts until they resolve"), (complete.Reason, complete.Message));

        var filtered = await ReadUntilAsync(Watcher("^Never"), s => s.Readable);
        Assert.Empty(filtered.Firing);
        var free = new PlanReconciler(Settings).Decide(new PlanSnapshot(Plan(), [Node("s1", controlPlane: true)], [], new Dictionary<string, V1Secret>(), Now, null) { Alerts = filtered });
        Assert.Single(free.Create);
    }

    [Fact]
    public async Task A_prometheus_that_is_not_there_is_reported()
    {
        var gone = new AlertWatcher(new HttpClient(), new Uri($"http://127.0.0.1:{FreePort.Get()}/"), null, null, TimeSpan.FromSeconds(30), TimeProvider.System, new ControllerMetrics(), NullLogger.Instance);
        var state = await gone.ReadOnceAsync(CancellationToken.None);
        Assert.False(state.Readable);
        Assert.Contains("api/v1/alerts", state.Error);
    }

    public async Task DisposeAsync()
    {
        if (_prometheus is { HasExited: false })
        {
            _prometheus.Kill(entireProcessTree: true);
            await _prometheus.WaitForExitAsync();
        }

        _prometheus?.Dispose();
        Directory.Delete(_dir, recursive: true);
    }
}
