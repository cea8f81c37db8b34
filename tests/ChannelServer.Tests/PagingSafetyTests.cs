using ChannelServer.Releases;
using ChannelServer.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace ChannelServer.Tests;

/// <summary>Next links are followed on the API's own origin only and only while they advance; pages are bounded.</summary>
public sealed class PagingSafetyTests : IAsyncLifetime
{
    private const string Token = "ghp_secret_token_for_the_api_only";
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(15);
    private FakeGitHub _gitHub = null!;
    private HeaderRecorder _foreign = null!;
    private TempDir _dir = null!;

    public async Task InitializeAsync()
    {
        _gitHub = await FakeGitHub.StartAsync();
        _foreign = await HeaderRecorder.StartAsync();
        _gitHub.ForeignNext = _foreign.Url;
        _gitHub.SetReleases("k3s-io", "k3s", ("v1.99.0+k3s1", false), ("v1.98.5+k3s2", false));
        _dir = new TempDir();
    }

    public async Task DisposeAsync()
    {
        // Whatever the test did: the other origin never saw the token.
        _foreign.AssertNeverSaw(Token);
        await _foreign.DisposeAsync();
        await _gitHub.DisposeAsync();
        _dir.Dispose();
    }

    private async Task<TestChannelServer> StartAsync()
    {
        var config = _dir.File("channels.yaml", $"""
            channels:
            - name: latest
              latestRegexp: .*
            github:
              owner: k3s-io
              repo: k3s
              api: {_gitHub.Url}
            redirectBase: https://github.com/k3s-io/k3s/releases/tag/
            """);
        return await TestChannelServer.StartAsync(["--url", config, "--github-token", Token, "--github-timeout", "5s"],
            new FakeTimeProvider(DateTimeOffset.Parse("2025-06-01T00:00:00Z")));
    }

    [Fact]
    public async Task The_token_goes_to_the_configured_api()
    {
        await using var server = await StartAsync();
        Assert.Equal("v1.99.0+k3s1", (await server.ChannelVersionsAsync())["latest"]);
        Assert.Equal($"Token {Token}", Assert.Single(_gitHub.Authorizations));
    }

    [Fact]
    public async Task A_next_link_to_another_origin_is_refused_before_anything_is_sent_there()
    {
        _gitHub.Failure = GitHubFailure.ForeignNext;
        await using var server = await StartAsync();

        Assert.Empty(_foreign.Requests);
        var error = server.Holder.LastRefresh.Error;
        Assert.Contains($"leaves the API's origin {_gitHub.Url.GetLeftPart(UriPartial.Authority)}; not followed", error);
        Assert.Contains(_foreign.Url.GetLeftPart(UriPartial.Authority), error);
        var versions = await server.ChannelVersionsAsync();
        Assert.NotEqual(HeaderRecorder.ForeignTag, versions["latest"]);
    }

    [Fact]
    public async Task A_redirect_to_another_origin_is_refused_before_anything_is_sent_there()
    {
        _gitHub.Failure = GitHubFailure.ForeignRedirect;
        await using var server = await StartAsync();

        Assert.Empty(_foreign.Requests);
        Assert.Contains($"leaves the API's origin {_gitHub.Url.GetLeftPart(UriPartial.Authority)}; not sent", server.Holder.LastRefresh.Error);
        Assert.Contains(_foreign.Url.GetLeftPart(UriPartial.Authority), server.Holder.LastRefresh.Error);
    }

    [Fact]
    public async Task A_next_link_back_to_the_same_page_is_an_error_that_says_so_at_once()
    {
        // A full read (the first one) follows next links.
        _gitHub.Failure = GitHubFailure.SelfNext;
        var watch = System.Diagnostics.Stopwatch.StartNew();
        await using var server = await StartAsync();

        Assert.Equal("failure", server.Holder.LastRefresh.Outcome);
        Assert.Contains("the next link repeats the page", server.Holder.LastRefresh.Error);
        Assert.DoesNotContain("could not be reached", server.Holder.LastRefresh.Error);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}: it spun until the timeout");
        Assert.True(_gitHub.ListRequests <= 3, $"{_gitHub.ListRequests} requests");

        _gitHub.Failure = GitHubFailure.None;
        await server.AdvanceToNextRefreshAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("v1.99.0+k3s1", (await server.ChannelVersionsAsync())["latest"]);
    }

    [Fact]
    public async Task An_oversized_page_is_refused_with_the_limit()
    {
        await using var server = await StartAsync();
        _gitHub.Failure = GitHubFailure.OversizedPage;
        await server.AdvanceToNextRefreshAsync(Interval);

        Assert.Equal("failure", server.Holder.LastRefresh.Outcome);
        Assert.True(server.Holder.LastRefresh.Error!.Contains($"over the limit of {BoundedResponseHandler.MaxBytes} bytes a page", StringComparison.Ordinal),
            server.Holder.LastRefresh.Error);
        Assert.Equal("v1.99.0+k3s1", (await server.ChannelVersionsAsync())["latest"]);
    }

    [Fact]
    public void The_page_scope_stops_a_list_that_never_ends()
    {
        using var scope = PagingScope.Begin();
        for (var page = 1; page <= PagingScope.MaxPages; page++)
        {
            Assert.Null(scope.Visit(new Uri($"https://api.example/releases?page={page}")));
        }

        Assert.Contains($"more than {PagingScope.MaxPages} pages", scope.Visit(new Uri("https://api.example/releases?page=101")));
        Assert.Contains("repeats", scope.Visit(new Uri("https://api.example/releases?page=3")));
    }
}
