using System.Diagnostics;
using ChannelServer.Tests.Infrastructure;

namespace ChannelServer.Tests;

/// <summary>The k3s install script's own command, run with the real curl against our server.</summary>
public sealed class InstallScriptTests
{
    private const string Curl = "/usr/bin/curl";

    [Theory]
    [InlineData("stable", "v1.31.4+k3s1")]
    [InlineData("latest", "v1.35.0+k3s1")]
    [InlineData("v1.25", "v1.25.16+k3s4")]
    public async Task The_install_script_curl_command_prints_the_channel_version(string channel, string version)
    {
        Assert.True(File.Exists(Curl), $"{Curl} is missing: install curl (apt-get install curl) to run this test");
        await using var gitHub = await FakeGitHub.StartAsync();
        gitHub.SetReleases("k3s-io", "k3s", await File.ReadAllTextAsync(RepoFiles.K3sReleases));
        using var dir = new TempDir();
        var config = dir.File("channels.yaml", RepoFiles.K3sConfigFor(gitHub.Url, redirectBase: $"{gitHub.Url}k3s-io/k3s/releases/tag/"));
        await using var server = await TestChannelServer.StartAsync(["--url", config]);

        var channelUrl = $"{server.Url}v1-release/channels";
        var command = $"curl -w '%{{url_effective}}' -L -s -S {channelUrl}/{channel} -o /dev/null | sed -e 's|.*/||'";
        var start = new ProcessStartInfo("/bin/sh", ["-c", command]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}: {error}");
        Assert.Equal(version, output.Trim());
    }
}
