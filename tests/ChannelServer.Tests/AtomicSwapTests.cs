using System.Text.Json;
using ChannelServer.Tests.Infrastructure;
using TestSupport;

namespace ChannelServer.Tests;

public sealed class AtomicSwapTests
{
    private static string Config(int generation) => $"""
        channels:
        - name: a
          latest: v1.{generation}.0+k3s1
        - name: b
          latest: v1.{generation}.0+k3s1
        redirectBase: https://example.com/
        """;

    [Fact]
    public async Task Readers_never_see_half_of_a_refresh()
    {
        using var dir = new TempDir();
        var config = dir.File("channels.yaml", Config(0));
        await using var server = await TestChannelServer.StartAsync(["--url", config]);
        using var stop = new CancellationTokenSource();
        var seen = new HashSet<string>();
        var mismatches = new List<string>();

        async Task ReadAsync()
        {
            using var http = new HttpClient { BaseAddress = server.Url };
            while (!stop.IsCancellationRequested)
            {
                var text = await http.GetStringAsync("/v1-release/channels");
                using var json = JsonDocument.Parse(text);
                var versions = json.RootElement.GetProperty("data").EnumerateArray().Select(c => c.GetProperty("latest").GetString()!).ToArray();
                lock (seen)
                {
                    seen.Add(versions[0]);
                    if (versions[0] != versions[1])
                    {
                        mismatches.Add(text);
                    }
                }
            }
        }

        var readers = Enumerable.Range(0, 4).Select(_ => Task.Run(ReadAsync)).ToArray();
        for (var generation = 1; generation <= 5; generation++)
        {
            var before = server.Holder.LastRefresh.Count;
            await File.WriteAllTextAsync(config, Config(generation));
            await Eventually.UntilAsync(() => server.Holder.LastRefresh.Count > before, $"generation {generation} was loaded");
        }

        await Eventually.UntilAsync(() => { lock (seen) { return seen.Contains("v1.5.0+k3s1"); } }, "readers saw the last generation");
        await stop.CancelAsync();
        await Task.WhenAll(readers);

        Assert.Empty(mismatches);
        Assert.True(seen.Count >= 2, $"readers saw {seen.Count} generations");
    }
}
