using ChannelServer.Serving;

namespace ChannelServer.Tests;

/// <summary>The full collection after a refresh: on in the server's own process, off in an in-process host.</summary>
public sealed class MemoryTrimTests
{
    [Fact]
    public void An_enabled_trim_runs_a_full_collection()
    {
        var before = GC.CollectionCount(GC.MaxGeneration);

        var took = new MemoryTrim(enabled: true).AfterRefresh();

        Assert.NotNull(took);
        Assert.True(GC.CollectionCount(GC.MaxGeneration) > before, "no full collection ran");
    }

    [Fact]
    public void A_disabled_trim_does_nothing()
    {
        Assert.Null(new MemoryTrim(enabled: false).AfterRefresh());
    }
}
