using System.Globalization;
using System.Text.Json.Nodes;

namespace Sandbox.Storage;

/// <summary>
/// The sandbox's etcd: every object of every resource, one global resourceVersion counter,
/// optimistic concurrency, a bounded history of changes for watch resumption, and fan-out to the
/// open watches. One lock orders all commits, so every watcher sees events in resourceVersion order.
/// Semantics above plain storage (defaulting, subresources, finalizers) live in <c>Api.ResourceOperations</c>.
/// </summary>
public sealed class ObjectStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, SortedDictionary<string, StoredObject>> _collections = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<WatchSubscription>> _watchers = new(StringComparer.Ordinal);
    private readonly WatchEvent[] _history;
    private readonly int _watchCapacity;
    private int _historyStart;
    private int _historyCount;
    private long _compactedThrough;
    private long _resourceVersion;

    public ObjectStore(int historySize = 10_000, int watchCapacity = 10_000)
    {
        _history = new WatchEvent[Math.Max(16, historySize)];
        _watchCapacity = Math.Max(16, watchCapacity);
    }

    /// <summary>Raised inside the commit lock for every change: keep handlers to a signal.</summary>
    public event Action<WatchEvent>? Committed;

    public long ResourceVersion
    {
        get
        {
            lock (_lock)
            {
                return _resourceVersion;
            }
        }
    }

    public int WatcherCount
    {
        get
        {
            lock (_lock)
            {
                return _watchers.Values.Sum(l => l.Count);
            }
        }
    }

    public static string KeyOf(string? ns, string name) => string.IsNullOrEmpty(ns) ? name : $"{ns}/{name}";

    public StoredObject? Get(ResourceType type, string? ns, string name)
    {
        lock (_lock)
        {
            return Collection(type).GetValueOrDefault(KeyOf(type.Namespaced ? ns : null, name));
        }
    }

    /// <summary>A snapshot of the objects of a resource, in key order (namespace, then name).</summary>
    public List<StoredObject> List(ResourceType type, string? ns = null)
    {
        lock (_lock)
        {
            var collection = Collection(type);
            if (string.IsNullOrEmpty(ns) || !type.Namespaced)
            {
                return [.. collection.Values];
            }

            return collection.Values.Where(o => o.Namespace == ns).ToList();
        }
    }

    /// <summary>One page of a filtered list, resuming after <paramref name="afterKey"/>.</summary>
    public ListPage ListPage(ResourceType type, string? ns, Func<StoredObject, bool> filter, int limit, string? afterKey)
    {
        lock (_lock)
        {
            var items = new List<StoredObject>();
            string? next = null;
            var remaining = 0;
            foreach (var (key, obj) in Collection(type))
            {
                if (afterKey is not null && string.CompareOrdinal(key, afterKey) <= 0)
                {
                    continue;
                }

                if (type.Namespaced && !string.IsNullOrEmpty(ns) && obj.Namespace != ns)
                {
                    continue;
                }

                if (!filter(obj))
                {
                    continue;
                }

                if (limit > 0 && items.Count >= limit)
                {
                    next ??= items[^1].Key;
                    remaining++;
                    continue;
                }

                items.Add(obj);
            }

            return new ListPage(items, _resourceVersion, next, remaining);
        }
    }

    /// <summary>Stores a new object; with <paramref name="dryRun"/>, only checks that it could be and returns it without a resourceVersion.</summary>
    public StoredObject Create(ResourceType type, JsonObject obj, bool dryRun = false)
    {
        lock (_lock)
        {
            var collection = Collection(type);
            var name = obj.GetString("metadata", "name") ?? "";
            var key = KeyOf(type.Namespaced ? obj.GetString("metadata", "namespace") : null, name);
            if (collection.ContainsKey(key))
            {
                throw ApiException.AlreadyExists(type, name);
            }

            if (dryRun)
            {
                obj.Metadata().Remove("resourceVersion");
                return new StoredObject(type, obj, 0);
            }

            var stored = Stamp(type, obj);
            collection[key] = stored;
            Publish(new WatchEvent(WatchEventKind.Added, stored, null));
            return stored;
        }
    }

    /// <summary>
    /// Replaces an object. A non-empty <c>metadata.resourceVersion</c> in <paramref name="obj"/> must
    /// equal the stored one (optimistic concurrency), else 409. With <paramref name="dryRun"/> nothing is
    /// stored and the result keeps the stored resourceVersion.
    /// </summary>
    public StoredObject Update(ResourceType type, JsonObject obj, bool dryRun = false)
    {
        lock (_lock)
        {
            var collection = Collection(type);
            var name = obj.GetString("metadata", "name") ?? "";
            var key = KeyOf(type.Namespaced ? obj.GetString("metadata", "namespace") : null, name);
            if (!collection.TryGetValue(key, out var existing))
            {
                throw ApiException.NotFound(type, name);
            }

            var expected = obj.GetString("metadata", "resourceVersion");
            if (!string.IsNullOrEmpty(expected) && expected != existing.ResourceVersion.ToString(CultureInfo.InvariantCulture))
            {
                throw ApiException.Conflict(type, name);
            }

            if (dryRun)
            {
                obj.Metadata()["resourceVersion"] = existing.ResourceVersion.ToString(CultureInfo.InvariantCulture);
                return new StoredObject(type, obj, existing.ResourceVersion);
            }

            var stored = Stamp(type, obj);
            collection[key] = stored;
            Publish(new WatchEvent(WatchEventKind.Modified, stored, existing));
            return stored;
        }
    }

    /// <summary>
    /// Read-modify-write under the commit lock, for the simulation's own writes: <paramref name="change"/>
    /// edits a copy and says whether it changed anything; nothing is committed when it did not.
    /// </summary>
    public StoredObject? Mutate(ResourceType type, string? ns, string name, Func<JsonObject, bool> change)
    {
        lock (_lock)
        {
            var collection = Collection(type);
            var key = KeyOf(type.Namespaced ? ns : null, name);
            if (!collection.TryGetValue(key, out var existing))
            {
                return null;
            }

            var copy = existing.Clone();
            if (!change(copy))
            {
                return existing;
            }

            var stored = Stamp(type, copy);
            collection[key] = stored;
            Publish(new WatchEvent(WatchEventKind.Modified, stored, existing));
            return stored;
        }
    }

    public StoredObject Delete(ResourceType type, string? ns, string name, string? expectedUid = null, string? expectedResourceVersion = null, bool dryRun = false)
    {
        lock (_lock)
        {
            var collection = Collection(type);
            var key = KeyOf(type.Namespaced ? ns : null, name);
            if (!collection.TryGetValue(key, out var existing))
            {
                throw ApiException.NotFound(type, name);
            }

            if ((!string.IsNullOrEmpty(expectedUid) && expectedUid != existing.Uid) ||
                (!string.IsNullOrEmpty(expectedResourceVersion) && expectedResourceVersion != existing.ResourceVersion.ToString(CultureInfo.InvariantCulture)))
            {
                throw ApiException.Conflict(type, name);
            }

            if (dryRun)
            {
                return existing;
            }

            collection.Remove(key);
            var tombstone = Stamp(type, existing.Clone());
            Publish(new WatchEvent(WatchEventKind.Deleted, tombstone, existing));
            return tombstone;
        }
    }

    /// <summary>Drops a whole resource (its CRD was deleted).</summary>
    public void DeleteAll(ResourceType type)
    {
        foreach (var obj in List(type))
        {
            try
            {
                Delete(type, obj.Namespace, obj.Name);
            }
            catch (ApiException)
            {
                // already gone
            }
        }

        lock (_lock)
        {
            if (_watchers.Remove(type.StorageKey, out var subs))
            {
                foreach (var s in subs)
                {
                    s.Complete();
                }
            }
        }
    }

    /// <summary>
    /// Opens a watch. Without a resourceVersion (or "0") the current objects arrive first as ADDED;
    /// with one, every later change still in the history; older than the history: 410 Expired.
    /// </summary>
    public WatchSubscription Watch(ResourceType type, string? ns, Func<StoredObject, bool> filter, long? fromResourceVersion)
    {
        lock (_lock)
        {
            var scopedNs = type.Namespaced ? ns : null;
            List<WatchEvent> initial = [];
            if (fromResourceVersion is null or 0)
            {
                foreach (var obj in Collection(type).Values)
                {
                    initial.Add(new WatchEvent(WatchEventKind.Added, obj, null));
                }
            }
            else
            {
                if (fromResourceVersion < _compactedThrough)
                {
                    throw ApiException.Expired($"too old resource version: {fromResourceVersion} ({_compactedThrough + 1})");
                }

                for (var i = 0; i < _historyCount; i++)
                {
                    var e = _history[(_historyStart + i) % _history.Length];
                    if (e.ResourceVersion > fromResourceVersion && e.Object.Type.StorageKey == type.StorageKey)
                    {
                        initial.Add(e);
                    }
                }
            }

            var sub = new WatchSubscription(type, scopedNs, filter, _watchCapacity + initial.Count, Unsubscribe);
            foreach (var e in initial)
            {
                sub.Offer(e);
            }

            if (!_watchers.TryGetValue(type.StorageKey, out var list))
            {
                list = [];
                _watchers[type.StorageKey] = list;
            }

            list.Add(sub);
            return sub;
        }
    }

    /// <summary>Ends every open watch (shutting down: clients see the stream close and would re-watch).</summary>
    public void CloseAllWatches()
    {
        lock (_lock)
        {
            foreach (var sub in _watchers.Values.SelectMany(l => l))
            {
                sub.Complete();
            }

            _watchers.Clear();
        }
    }

    /// <summary>
    /// The resourceVersion a bookmark may carry for this watch: the current one, but only when the
    /// watcher has been handed every event up to it (otherwise a client resuming from the bookmark would miss some).
    /// </summary>
    public long? BookmarkVersion(WatchSubscription sub)
    {
        lock (_lock)
        {
            return sub.Events.Count == 0 ? _resourceVersion : null;
        }
    }

    private void Unsubscribe(WatchSubscription sub)
    {
        lock (_lock)
        {
            if (_watchers.TryGetValue(sub.Type.StorageKey, out var list))
            {
                list.Remove(sub);
            }
        }
    }

    private SortedDictionary<string, StoredObject> Collection(ResourceType type)
    {
        if (!_collections.TryGetValue(type.StorageKey, out var c))
        {
            c = new SortedDictionary<string, StoredObject>(StringComparer.Ordinal);
            _collections[type.StorageKey] = c;
        }

        return c;
    }

    private StoredObject Stamp(ResourceType type, JsonObject obj)
    {
        _resourceVersion++;
        obj.Metadata()["resourceVersion"] = _resourceVersion.ToString(CultureInfo.InvariantCulture);
        return new StoredObject(type, obj, _resourceVersion);
    }

    private void Publish(WatchEvent e)
    {
        if (_historyCount == _history.Length)
        {
            _compactedThrough = _history[_historyStart].ResourceVersion;
            _historyStart = (_historyStart + 1) % _history.Length;
            _historyCount--;
        }

        _history[(_historyStart + _historyCount) % _history.Length] = e;
        _historyCount++;

        if (_watchers.TryGetValue(e.Object.Type.StorageKey, out var subs))
        {
            for (var i = subs.Count - 1; i >= 0; i--)
            {
                if (!subs[i].Offer(e))
                {
                    subs.RemoveAt(i);
                }
            }
        }

        Committed?.Invoke(e);
    }
}

public sealed record ListPage(List<StoredObject> Items, long ResourceVersion, string? ContinueAfter, int Remaining);
