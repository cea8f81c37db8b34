namespace Sandbox.Storage;

public enum WatchEventKind { Added, Modified, Deleted }

/// <summary>A committed change: the new object (for a deletion, the last state) and the one it replaced.</summary>
public sealed record WatchEvent(WatchEventKind Kind, StoredObject Object, StoredObject? Previous)
{
    public long ResourceVersion => Object.ResourceVersion;

    public string WireType => Kind switch
    {
        WatchEventKind.Added => "ADDED",
        WatchEventKind.Modified => "MODIFIED",
        _ => "DELETED",
    };
}
