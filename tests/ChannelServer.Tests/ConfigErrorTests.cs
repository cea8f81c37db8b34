using ChannelServer.Configuration;
using ChannelServer.Tests.Infrastructure;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using TestSupport;

namespace ChannelServer.Tests;

/// <summary>A config that cannot be right is refused whole; the last good one stays and the message names the file.</summary>
public sealed class ConfigErrorTests : IAsyncLifetime
{
    private const string Good = """
        k3s:
          channels:
          - name: stable
            latest: v1.30.2+k3s1
          - name: testing
            latest: v1.31.0-rc1+k3s1
        """;

    private TempDir _dir = null!;
    private FakeGitHub _files = null!;

    public async Task InitializeAsync()
    {
        _dir = new TempDir();
        _files = await FakeGitHub.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _files.DisposeAsync();
        _dir.Dispose();
    }

    private static Task<TestChannelServer> StartAsync(string url) =>
        TestChannelServer.StartAsync(["--url", url, "--config-key", "k3s"], new FakeTimeProvider(DateTimeOffset.Parse("2025-06-01T00:00:00Z")));

    [Theory]
    [InlineData("", "the document is empty (0 bytes)")]
    [InlineData("  \n\t\n", "the document holds only whitespace")]
    [InlineData("# only a comment\n", "the document holds no value")]
    [InlineData("rke2:\n  channels: []\n", "config key 'k3s' is missing from the configuration")]
    [InlineData("k3s:\n  channels:\n  - {name: stable, latest: v1.0.0+k3s1}\n  - {name: other, latest: v1.0.0+k3s1}\n  - {name: stable, latest: v2.0.0+k3s1}\n",
        "channel 'stable' is defined 2 times (channels[0], channels[2]) under config key 'k3s'")]
    public async Task A_changed_file_that_cannot_be_right_is_refused_and_the_last_good_config_stays(string content, string reason)
    {
        var config = _dir.File("channels.yaml", Good);
        await using var server = await StartAsync(config);
        Assert.Equal("v1.30.2+k3s1", (await server.ChannelVersionsAsync())["stable"]);

        // An empty file is no change to the file watch (an editor's save passes through it): the periodic refresh reads it.
        await File.WriteAllTextAsync(config, content);
        await server.AdvanceToNextRefreshAsync(TimeSpan.FromMinutes(15));

        Assert.Equal("failure", server.Holder.LastRefresh.Outcome);
        Assert.Contains($"{config}: {reason}", server.Holder.LastRefresh.Error);
        Assert.True(server.Logs.Contains(LogLevel.Error, config), "the log line names the file");
        var versions = await server.ChannelVersionsAsync();
        Assert.Equal("v1.30.2+k3s1", versions["stable"]);
        Assert.Equal(2, versions.Count);
        Assert.True((await server.GetJsonAsync("/readyz")).GetProperty("ready").GetBoolean());
    }

    [Fact]
    public async Task An_explicit_empty_channel_list_is_a_valid_config()
    {
        var config = _dir.File("channels.yaml", Good);
        await using var server = await StartAsync(config);
        var before = server.Holder.LastRefresh.Count;
        await File.WriteAllTextAsync(config, "k3s:\n  channels: []\n");
        await Eventually.UntilAsync(() => server.Holder.LastRefresh.Count > before, "the changed file was read");
        Assert.Equal("success", server.Holder.LastRefresh.Outcome);
        Assert.Empty(await server.ChannelVersionsAsync());
    }

    [Fact]
    public async Task A_config_url_answering_more_than_the_limit_is_a_failed_source()
    {
        _files.Files["channels.yaml"] = (200, Good);
        await using var server = await StartAsync(_files.FileUrl("channels.yaml"));
        Assert.Equal("v1.30.2+k3s1", (await server.ChannelVersionsAsync())["stable"]);

        _files.Files["channels.yaml"] = (200, Good + "\n# " + new string('x', ConfigSourceLoader.MaxBytes) + "\n");
        await server.AdvanceToNextRefreshAsync(TimeSpan.FromMinutes(15));
        Assert.Equal("failure", server.Holder.LastRefresh.Outcome);
        Assert.Contains($"{_files.FileUrl("channels.yaml")}: the answer is over the limit of {ConfigSourceLoader.MaxBytes} bytes", server.Holder.LastRefresh.Error);
        Assert.Equal("v1.30.2+k3s1", (await server.ChannelVersionsAsync())["stable"]);
    }

    [Fact]
    public async Task A_config_file_over_the_limit_is_a_failed_source()
    {
        var config = _dir.File("channels.yaml", Good);
        await using var server = await StartAsync(config);
        var before = server.Holder.LastRefresh.Count;
        // Written beside and renamed: the watch must not read it half-written (and under the limit).
        File.Move(_dir.File("big.tmp", Good + "\n# " + new string('x', ConfigSourceLoader.MaxBytes) + "\n"), config, overwrite: true);
        await Eventually.UntilAsync(() => server.Holder.LastRefresh.Count > before, "the changed file was read");
        Assert.Contains($"{config}: the file is over the limit of {ConfigSourceLoader.MaxBytes} bytes", server.Holder.LastRefresh.Error);
        Assert.Equal("v1.30.2+k3s1", (await server.ChannelVersionsAsync())["stable"]);
    }
}
