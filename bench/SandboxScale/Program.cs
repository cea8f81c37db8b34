// Scale benchmark of the sandbox (not part of the test run):
//   dotnet run -c Release --project bench/SandboxScale -- [--nodes 5000] [--watchers 20] [--jobs 1000] [--patches 2000]
// Hosts a sandbox in-process with N nodes, opens W watches on nodes, patches node labels at a steady
// rate while running J Job create -> complete -> delete cycles, and reports watch event latency
// (patch sent -> event parsed by each watcher), memory and CPU time.
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Sandbox;

var settings = Args.Parse(args);
var process = Process.GetCurrentProcess();
var cpuStart = process.TotalProcessorTime;
var wall = Stopwatch.StartNew();

await using var sandbox = await SandboxHost.StartAsync(new SandboxOptions
{
    Servers = 3,
    Agents = settings.Nodes - 3,
    ContainerRunDuration = TimeSpan.FromMilliseconds(10),
    WatchHistory = 20_000,
});
var startup = wall.Elapsed;
Console.WriteLine($"sandbox with {settings.Nodes} nodes up in {startup.TotalSeconds:F1}s at {sandbox.BaseUrl}");

using var http = sandbox.CreateHttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 200 });
http.Timeout = Timeout.InfiniteTimeSpan;
using var listResponse = await http.GetAsync("/api/v1/nodes");
var listJson = await listResponse.Content.ReadAsStringAsync();
var listRv = JsonDocument.Parse(listJson).RootElement.GetProperty("metadata").GetProperty("resourceVersion").GetString()!;
Console.WriteLine($"list of {settings.Nodes} nodes: {listJson.Length / 1024} KiB");

// Watchers: every event carrying the label bench/seq is timed against when its patch was sent.
var sentAt = new ConcurrentDictionary<int, long>();
var latencies = new ConcurrentBag<double>();
using var stop = new CancellationTokenSource();
var watchers = Enumerable.Range(0, settings.Watchers).Select(_ => Task.Run(async () =>
{
    using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/nodes?watch=true&resourceVersion={listRv}&timeoutSeconds=3600");
    using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, stop.Token);
    using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(stop.Token));
    try
    {
        while (await reader.ReadLineAsync(stop.Token) is { } line)
        {
            var now = Stopwatch.GetTimestamp();
            using var doc = JsonDocument.Parse(line);
            if (doc.RootElement.GetProperty("object").GetProperty("metadata").TryGetProperty("labels", out var labels) &&
                labels.TryGetProperty("bench/seq", out var seq) && sentAt.TryGetValue(int.Parse(seq.GetString()!, CultureInfo.InvariantCulture), out var sent))
            {
                latencies.Add(Stopwatch.GetElapsedTime(sent, now).TotalMilliseconds);
            }
        }
    }
    catch (OperationCanceledException)
    {
        // done
    }
})).ToList();
await WaitUntil(() => sandbox.Store.WatcherCount >= settings.Watchers);

// Node patches at a steady rate, in parallel with the job cycles.
var patcher = Task.Run(async () =>
{
    var random = new Random(7);
    var interval = TimeSpan.FromSeconds(1.0 / settings.PatchesPerSecond);
    var next = Stopwatch.GetTimestamp();
    for (var i = 0; i < settings.Patches; i++)
    {
        var node = random.Next(settings.Nodes) < 3 ? $"server-{random.Next(1, 4)}" : $"agent-{random.Next(1, settings.Nodes - 2)}";
        var body = new StringContent($"{{\"metadata\":{{\"labels\":{{\"bench/seq\":\"{i}\"}}}}}}", Encoding.UTF8);
        body.Headers.ContentType = new MediaTypeHeaderValue("application/merge-patch+json");
        sentAt[i] = Stopwatch.GetTimestamp();
        using var r = await http.PatchAsync($"/api/v1/nodes/{node}", body);
        r.EnsureSuccessStatusCode();
        next += (long)(interval.TotalSeconds * Stopwatch.Frequency);
        var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), next);
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait);
        }
    }
});

// Job cycles: create, wait for Complete (seen on a watch of jobs), delete (with its pod), a few at a time.
var completions = new ConcurrentDictionary<string, TaskCompletionSource>();
var jobRv = JsonDocument.Parse(await http.GetStringAsync("/apis/batch/v1/namespaces/default/jobs")).RootElement.GetProperty("metadata").GetProperty("resourceVersion").GetString();
var jobWatch = Task.Run(async () =>
{
    using var request = new HttpRequestMessage(HttpMethod.Get, $"/apis/batch/v1/namespaces/default/jobs?watch=true&resourceVersion={jobRv}&timeoutSeconds=3600");
    using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, stop.Token);
    using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(stop.Token));
    try
    {
        while (await reader.ReadLineAsync(stop.Token) is { } line)
        {
            if (line.Contains("\"type\":\"Complete\"", StringComparison.Ordinal))
            {
                var name = JsonDocument.Parse(line).RootElement.GetProperty("object").GetProperty("metadata").GetProperty("name").GetString()!;
                completions.GetOrAdd(name, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
            }
        }
    }
    catch (OperationCanceledException)
    {
        // done
    }
});
var jobWall = Stopwatch.StartNew();
var jobLatencies = new ConcurrentBag<double>();
var next = -1;
var workers = Enumerable.Range(0, settings.JobConcurrency).Select(_ => Task.Run(async () =>
{
    while (Interlocked.Increment(ref next) is var n && n < settings.Jobs)
    {
        var name = $"cycle-{n}";
        var job = "{\"apiVersion\":\"batch/v1\",\"kind\":\"Job\",\"metadata\":{\"name\":\"" + name + "\"}," +
            "\"spec\":{\"backoffLimit\":0,\"template\":{\"spec\":{\"restartPolicy\":\"Never\"," +
            // pinned to one node, as upgrade Jobs are
            "\"nodeSelector\":{\"kubernetes.io/hostname\":\"agent-" + (1 + (n * 7919 % (settings.Nodes - 3))) + "\"}," +
            "\"containers\":[{\"name\":\"main\",\"image\":\"busybox\",\"command\":[\"sh\",\"-c\",\"exit 0\"]}]}}}}";
        var started = Stopwatch.GetTimestamp();
        using (var created = await http.PostAsync("/apis/batch/v1/namespaces/default/jobs", new StringContent(job, Encoding.UTF8, "application/json")))
        {
            created.EnsureSuccessStatusCode();
        }

        await completions.GetOrAdd(name, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
        jobLatencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        using var deleted = await http.SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"/apis/batch/v1/namespaces/default/jobs/{name}?propagationPolicy=Background"));
        deleted.EnsureSuccessStatusCode();
    }
})).ToList();
await Task.WhenAll(workers);
var jobTime = jobWall.Elapsed;
await patcher;
await WaitUntil(() => latencies.Count >= settings.Patches * settings.Watchers, TimeSpan.FromSeconds(30));
await stop.CancelAsync();
await Task.WhenAll(watchers.Append(jobWatch).Select(w => w.ContinueWith(_ => { }, TaskScheduler.Default)));

process.Refresh();
var cpu = process.TotalProcessorTime - cpuStart;
GC.Collect();
GC.WaitForPendingFinalizers();
GC.Collect();
var heap = GC.GetTotalMemory(forceFullCollection: true);
var sorted = latencies.Order().ToArray();
var jobs = jobLatencies.Order().ToArray();
double P(double[] values, double p) => values.Length == 0 ? double.NaN : values[Math.Min(values.Length - 1, (int)Math.Ceiling(p * values.Length) - 1)];

Console.WriteLine($"""

    nodes                  {settings.Nodes}
    node watchers          {settings.Watchers}
    node patches           {settings.Patches} at {settings.PatchesPerSecond}/s -> {sorted.Length} watch events timed
    watch latency (ms)     p50 {P(sorted, 0.50):F2}   p99 {P(sorted, 0.99):F2}   max {sorted.LastOrDefault():F2}
    job cycles             {settings.Jobs} ({settings.JobConcurrency} at a time) in {jobTime.TotalSeconds:F1}s = {settings.Jobs / jobTime.TotalSeconds:F0}/s
    job create->Complete   p50 {P(jobs, 0.50):F1} ms   p99 {P(jobs, 0.99):F1} ms
    startup                {startup.TotalSeconds:F1}s
    wall time              {wall.Elapsed.TotalSeconds:F1}s
    CPU time               {cpu.TotalSeconds:F1}s
    peak working set       {process.PeakWorkingSet64 / 1024 / 1024} MiB
    managed heap after GC  {heap / 1024 / 1024} MiB
    simulation passes      {sandbox.Simulation.Passes}, busy {sandbox.Simulation.BusyTime.TotalSeconds:F1}s ({sandbox.Simulation.BusyTime.TotalMilliseconds / Math.Max(1, sandbox.Simulation.Passes):F1} ms each)
    """);

static async Task WaitUntil(Func<bool> condition, TimeSpan? timeout = null)
{
    var deadline = Stopwatch.StartNew();
    while (!condition() && deadline.Elapsed < (timeout ?? TimeSpan.FromSeconds(60)))
    {
        await Task.Delay(10);
    }
}

internal sealed record Args(int Nodes, int Watchers, int Jobs, int JobConcurrency, int Patches, int PatchesPerSecond)
{
    public static Args Parse(string[] args)
    {
        int Get(string name, int fallback)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
        }

        return new Args(Get("--nodes", 5000), Get("--watchers", 20), Get("--jobs", 1000), Get("--job-concurrency", 10), Get("--patches", 2000), Get("--patches-per-second", 100));
    }
}
