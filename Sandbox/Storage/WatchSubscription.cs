using System.Threading.Channels;

namespace Sandbox.Storage;

/// <summary>
/// One open watch: the events for one resource (optionally one namespace) that pass its filter,
/// already translated the way kube-apiserver's watch cache does (an object that stops matching is
/// DELETED, one that starts matching is ADDED). A watcher that falls too far behind is closed,
/// and its client re-lists.
/// </summary>
public sealed class WatchSubscription : IDisposable
{
    private readonly Channel<WatchEvent> _channel;
    private readonly Action<WatchSubscription> _onDispose;

    internal WatchSubscription(ResourceType type, string? ns, Func<StoredObject, bool> filter, int capacity, Action<WatchSubscription> onDispose)
    {
        Type = type;
        Namespace = ns;
        Filter = filter;
        _onDispose = onDispose;
        _channel = Channel.CreateBounded<WatchEvent>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    public ResourceType Type { get; }
    public string? Namespace { get; }
    internal Func<StoredObject, bool> Filter { get; }

    public ChannelReader<WatchEvent> Events => _channel.Reader;

    internal bool Offer(WatchEvent e)
    {
        if (Namespace is { Length: > 0 } ns && e.Object.Namespace != ns)
        {
            return true;
        }

        var now = Filter(e.Object);
        var before = e.Previous is not null && Filter(e.Previous);
        var translated = e.Kind switch
        {
            WatchEventKind.Added => now ? e : null,
            WatchEventKind.Deleted => Filter(e.Object) ? e : null,
            _ when now && before => e,
            _ when now => e with { Kind = WatchEventKind.Added },
            _ when before => e with { Kind = WatchEventKind.Deleted },
            _ => null,
        };
        if (translated is null)
        {
            return true;
        }

        if (_channel.Writer.TryWrite(translated))
        {
            return true;
        }

        _channel.Writer.TryComplete();
        return false;
    }

    internal void Complete() => _channel.Writer.TryComplete();

    public void Dispose()
    {
        _channel.Writer.TryComplete();
        _onDispose(this);
    }
}
