using ChannelServer.Serving;
using ChannelServer.Tests.Infrastructure;
using TestSupport;

namespace ChannelServer.Tests;

public sealed class LocalFileWatcherTests : IDisposable
{
    private readonly TempDir _dir = new();
    private int _pokes;

    public void Dispose() => _dir.Dispose();

    private void Poked() => Interlocked.Increment(ref _pokes);

    [Fact]
    public void Only_a_changed_content_counts_as_a_change()
    {
        var config = _dir.File("channels.yaml", "channels: []\n");
        using var watcher = new LocalFileWatcher([config], Poked);
        Assert.Empty(watcher.TakeChanged());

        _dir.File("other.yaml", "something else");
        File.WriteAllText(config, "channels: []\n");
        Assert.Empty(watcher.TakeChanged());

        File.WriteAllText(config, "channels: [{name: a}]\n");
        Assert.Equal([config], watcher.TakeChanged());
        Assert.Empty(watcher.TakeChanged());

        // An editor's save: a temporary file renamed over the old one.
        File.Move(_dir.File(".channels.yaml.swp", "channels: [{name: b}]\n"), config, overwrite: true);
        Assert.Equal([config], watcher.TakeChanged());
    }

    [Fact]
    public void A_file_missing_or_empty_for_a_moment_is_no_change_and_its_return_with_new_content_is()
    {
        var config = _dir.File("channels.yaml", "channels: []\n");
        using var watcher = new LocalFileWatcher([config], Poked);
        File.Delete(config);
        Assert.Empty(watcher.TakeChanged());
        File.WriteAllText(config, "");
        Assert.Empty(watcher.TakeChanged());
        File.WriteAllText(config, "channels: []\n");
        Assert.Empty(watcher.TakeChanged());
        File.WriteAllText(config, "channels: [{name: a}]\n");
        Assert.Equal([config], watcher.TakeChanged());
    }

    [Fact]
    public async Task A_configmap_symlink_swap_pokes_and_the_content_read_through_the_symlinks_changed()
    {
        Directory.CreateDirectory(_dir.Combine("..2026_01_01_00_00_00.1"));
        File.WriteAllText(_dir.Combine("..2026_01_01_00_00_00.1/channels.yaml"), "channels: []\n");
        File.CreateSymbolicLink(_dir.Combine("..data"), "..2026_01_01_00_00_00.1");
        var config = _dir.Combine("channels.yaml");
        File.CreateSymbolicLink(config, "..data/channels.yaml");
        using var watcher = new LocalFileWatcher([config], Poked);

        Directory.CreateDirectory(_dir.Combine("..2026_01_01_00_05_00.2"));
        File.WriteAllText(_dir.Combine("..2026_01_01_00_05_00.2/channels.yaml"), "channels: [{name: a}]\n");
        Assert.Empty(watcher.TakeChanged());
        File.CreateSymbolicLink(_dir.Combine("..data_tmp"), "..2026_01_01_00_05_00.2");
        var before = Volatile.Read(ref _pokes);
        Posix.Rename(_dir.Combine("..data_tmp"), _dir.Combine("..data"));

        await Eventually.UntilAsync(() => Volatile.Read(ref _pokes) > before, "the swap of ..data poked the owner");
        Assert.Equal([config], watcher.TakeChanged());
    }
}
