namespace ChannelServer.Tests.Infrastructure;

/// <summary>What <see cref="FakeGitHub"/> answers instead of the right page of releases.</summary>
public enum GitHubFailure
{
    None,
    Unavailable503,
    RateLimited403,
    TooManyRequests429,
    MalformedJson,
    Slow,

    /// <summary>200 with a JSON object (GitHub's error shape) instead of a list.</summary>
    WrongShape,

    /// <summary>200 with <c>[]</c>.</summary>
    EmptyList,

    /// <summary>200 with the first release only.</summary>
    ShrunkList,

    /// <summary>The first page's <c>next</c> link names the first page again.</summary>
    SelfNext,

    /// <summary>The first page's <c>next</c> link names <see cref="FakeGitHub.ForeignNext"/> (another origin).</summary>
    ForeignNext,

    /// <summary>A 302 to <see cref="FakeGitHub.ForeignNext"/> (another origin).</summary>
    ForeignRedirect,

    /// <summary>The right list, as <c>application/octet-stream</c> (a static file server's guess for a file without extension).</summary>
    BinaryContentType,

    /// <summary>A valid list whose page is over the server's per-page limit (17 MiB, not announced by Content-Length).</summary>
    OversizedPage,
}
