using System.Diagnostics;
using System.Text.Json;
using ChannelServer.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace ChannelServer.Tests;

/// <summary>
/// The channels page as an operator's browser sees it: Debian's Chromium, headless, at a phone's width,
/// loading the page from the server on loopback; the assertions are on the DOM Chromium built.
/// </summary>
public sealed class HtmlPageBrowserTests : IAsyncLifetime
{
    private const string Chromium = "/usr/bin/chromium";
    private static readonly DateTimeOffset Start = DateTimeOffset.Parse("2025-06-10T00:00:00Z");
    private FakeGitHub _gitHub = null!;
    private TempDir _dir = null!;

    public async Task InitializeAsync()
    {
        _gitHub = await FakeGitHub.StartAsync();
        _dir = new TempDir();
    }

    public async Task DisposeAsync()
    {
        await _gitHub.DisposeAsync();
        _dir.Dispose();
    }

    private async Task<string> DumpDomAsync(Uri url)
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: install Debian's chromium package (apt-get install -y chromium) to run this test");
        var profile = _dir.Combine("chromium-profile");
        var start = new ProcessStartInfo(Chromium,
        [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
            $"--user-data-dir={profile}", "--window-size=390,844", "--dump-dom", url.ToString(),
        ]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"chromium exited with {process.ExitCode}: {await stderr}");
        return await stdout;
    }

    [Fact]
    public async Task The_channels_page_shows_versions_soaking_moves_and_the_fleet_in_a_real_browser()
    {
        _gitHub.SetReleases("k3s-io", "k3s", JsonSerializer.Serialize(new[]
        {
            new Dictionary<string, object> { ["id"] = 2, ["tag_name"] = "v1.34.0+k3s1", ["prerelease"] = false, ["published_at"] = Start.AddDays(-1).ToString("O") },
            new Dictionary<string, object> { ["id"] = 1, ["tag_name"] = "v1.33.5+k3s1", ["prerelease"] = false, ["published_at"] = Start.AddDays(-20).ToString("O") },
        }));
        var time = new FakeTimeProvider(Start);
        await using var server = await TestChannelServer.StartAsync(["--url", _dir.File("channels.yaml", $"""
            channels:
            - name: stable
              latestRegexp: .*
              minAge: 7d
            - name: pinned
              latest: v1.32.0+k3s1
            github: {"{"}owner: k3s-io, repo: k3s, api: {_gitHub.Url}{"}"}
            redirectBase: https://github.com/k3s-io/k3s/releases/tag/
            """)], time);
        using (var poll = new HttpRequestMessage(HttpMethod.Get, "/v1-release/channels/stable"))
        {
            poll.Headers.Add("X-SUC-Cluster-ID", "6f1c1a2e-8f0b-4a55-9d33-1f2f5e8a9b10");
            poll.Headers.Add("X-SUC-Latest-Version", "v1.32.0+k3s1");
            (await server.Http.SendAsync(poll)).Dispose();
        }

        var dom = await DumpDomAsync(new Uri(server.Url, "/v1-release/channels"));

        Assert.Contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">", dom);
        Assert.Contains("<section class=\"channel\" data-channel=\"stable\"><h2>stable: <span class=\"version\"><a href=\"https://github.com/k3s-io/k3s/releases/tag/v1.33.5+k3s1\">v1.33.5+k3s1</a></span></h2>", dom);
        Assert.Contains("<time class=\"moves-at\">2025-06-16T00:00:00Z</time>", dom);
        Assert.Contains("<li data-version=\"v1.34.0+k3s1\">", dom);
        Assert.Contains("<li data-reason=\"config-change\"><time>2025-06-10T00:00:00Z</time> none → v1.33.5+k3s1", dom);
        Assert.Contains("<p class=\"fleet\" data-clusters=\"1\" data-behind=\"1\">", dom);
        Assert.Contains("data-channel=\"pinned\"", dom);

        var fleet = await DumpDomAsync(new Uri(server.Url, "/v1-release/fleet"));
        Assert.Contains("<code>6f1c1a2e-8f0b-4a55-9d33-1f2f5e8a9b10</code>", fleet);
    }
}
