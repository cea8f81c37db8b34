using System.Text.Json.Nodes;
using Sandbox.Api.Patching;
using Sandbox.Storage;

namespace Sandbox.Api;

/// <summary>
/// kube-apiserver's semantics over the plain store: defaulting on create (generateName, uid,
/// timestamps, per-kind defaults), the status subresource, generation, finalizers and graceful
/// deletion, cascading deletion of dependents, CRD registration and schema validation. Both the
/// REST endpoints and the simulation's controllers write through here or the store. Every write takes
/// <c>dryRun</c> (kube-apiserver's <c>dryRun=All</c>): the whole path runs (defaults, validation,
/// conflicts) and the result is returned, but nothing is stored and nothing cascades. UIDs come from
/// their own source (<paramref name="uids"/>), random per sandbox unless fixed: the kube-system namespace's
/// UID is the cluster id the controller reports, and two sandboxes must not look like one cluster.
/// </summary>
public sealed class ResourceOperations(ObjectStore store, ResourceCatalog catalog, TimeProvider time, Random random, Random uids)
{
    private const string NameAlphabet = "bcdfghjklmnpqrstvwxz2456789";

    public ObjectStore Store => store;
    public ResourceCatalog Catalog => catalog;
    public TimeProvider Time => time;

    public StoredObject Get(ResourceType type, string? ns, string name) =>
        store.Get(type, ns, name) ?? throw ApiException.NotFound(type, name);

    /// <summary>A type that serves another's objects writes them as that type, in its form.</summary>
    private static (ResourceType Type, JsonObject Obj) Stored(ResourceType type, JsonObject obj) =>
        type is { StoredAs: { } storage, ToStored: { } convert } ? (storage, convert(obj)) : (type, obj);

    public StoredObject Create(ResourceType type, string? ns, JsonObject obj, WriteOptions? write = null)
    {
        var dryRun = write?.DryRun ?? false;
        (type, obj) = Stored(type, obj);
        obj["apiVersion"] = type.ApiVersion;
        obj["kind"] = type.Kind;
        var meta = obj.Metadata();
        if (type.Namespaced)
        {
            var bodyNs = meta.GetString("namespace");
            if (!string.IsNullOrEmpty(bodyNs) && !string.IsNullOrEmpty(ns) && bodyNs != ns)
            {
                throw ApiException.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
            }

            ns = string.IsNullOrEmpty(ns) ? bodyNs : ns;
            if (string.IsNullOrEmpty(ns))
            {
                ns = "default";
            }

            meta["namespace"] = ns;
            if (store.Get(BuiltInResources.Namespaces, null, ns) is null)
            {
                throw ApiException.NotFound(BuiltInResources.Namespaces, ns);
            }
        }
        else
        {
            meta.Remove("namespace");
        }

        if (string.IsNullOrEmpty(meta.GetString("name")))
        {
            var prefix = meta.GetString("generateName");
            if (string.IsNullOrEmpty(prefix))
            {
                throw ApiException.Invalid(type, "", [("metadata.name", "FieldValueRequired", "Required value: name or generateName is required")]);
            }

            meta["name"] = prefix + RandomSuffix();
        }

        meta["uid"] = NewUid();
        meta["creationTimestamp"] = Json.Timestamp(time.GetUtcNow());
        meta.Remove("resourceVersion");
        meta.Remove("deletionTimestamp");
        meta.Remove("deletionGracePeriodSeconds");
        meta.Remove("managedFields");
        if (type.HasStatus || type.IsCustom)
        {
            meta["generation"] = 1;
        }

        if (type.IsCustom && type.HasStatus)
        {
            obj.Remove("status");
        }

        Kinds.BuiltInKinds.For(type)?.OnCreate?.Invoke(obj);
        Prune(type, obj, write);
        Validate(type, obj);
        if (type == BuiltInResources.CustomResourceDefinitions)
        {
            PrepareCrd(obj);
        }

        var stored = store.Create(type, obj, dryRun);
        if (type == BuiltInResources.CustomResourceDefinitions && !dryRun)
        {
            catalog.Register(stored.Object);
        }

        return stored;
    }

    /// <summary>PUT: the main resource (status kept) or the status subresource (only status taken).</summary>
    public StoredObject Update(ResourceType type, string? ns, string name, JsonObject obj, string? subresource, WriteOptions? write = null)
    {
        (type, obj) = Stored(type, obj);
        var existing = Get(type, ns, name);
        var bodyName = obj.GetString("metadata", "name");
        if (!string.IsNullOrEmpty(bodyName) && bodyName != name)
        {
            throw ApiException.BadRequest("the name of the object does not match the name on the URL");
        }

        return Replace(type, existing, obj, subresource, write);
    }

    public StoredObject Patch(ResourceType type, string? ns, string name, string contentType, JsonNode patch, string? subresource, WriteOptions? write = null)
    {
        for (var attempt = 0; ; attempt++)
        {
            var existing = Get(type, ns, name);
            // the patch applies to the object in the form the client sees
            var patched = ApplyPatch(type, type.ToServed is { } served ? served(existing.Object) : existing.Clone(), contentType, patch);
            var storage = type;
            (storage, patched) = Stored(type, patched);
            var preconditioned = patch.GetString("metadata", "resourceVersion");
            patched.Metadata()["resourceVersion"] = string.IsNullOrEmpty(preconditioned)
                ? existing.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture)
                : preconditioned;
            try
            {
                return Replace(storage, existing, patched, subresource, write);
            }
            catch (ApiException e) when (e.Code == 409 && string.IsNullOrEmpty(preconditioned) && attempt < 5)
            {
                // someone wrote in between: a patch without a precondition applies to the newest version
            }
        }
    }

    public static JsonObject ApplyPatch(ResourceType type, JsonObject target, string contentType, JsonNode patch)
    {
        var media = contentType.Split(';')[0].Trim();
        var result = media switch
        {
            "application/merge-patch+json" => MergePatch.Apply(target, patch),
            "application/strategic-merge-patch+json" when type.IsCustom => throw new ApiException(415, "UnsupportedMediaType",
                $"the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml"),
            "application/strategic-merge-patch+json" => StrategicMergePatch.Apply(target, patch as JsonObject ?? throw ApiException.BadRequest("strategic merge patch must be an object")),
            "application/json-patch+json" => JsonPatch.Apply(target, patch as JsonArray ?? throw ApiException.BadRequest("json patch must be an array")),
            _ => throw new ApiException(415, "UnsupportedMediaType",
                $"the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json"),
        };
        return result as JsonObject ?? throw ApiException.BadRequest("the patch did not produce an object");
    }

    public StoredObject Delete(ResourceType type, string? ns, string name, string? propagationPolicy = null, string? expectedUid = null, string? expectedResourceVersion = null, WriteOptions? write = null)
    {
        var dryRun = write?.DryRun ?? false;
        type = type.StoredAs ?? type;
        var existing = Get(type, ns, name);
        if (existing.Object.GetPath("metadata", "finalizers") is JsonArray { Count: > 0 })
        {
            if (existing.Object.GetString("metadata", "deletionTimestamp") is not null)
            {
                return existing;
            }

            var marked = existing.Clone();
            marked.Metadata()["deletionTimestamp"] = Json.Timestamp(time.GetUtcNow());
            marked.Metadata()["deletionGracePeriodSeconds"] = 0;
            return store.Update(type, marked, dryRun);
        }

        var deleted = store.Delete(type, ns, name, expectedUid, expectedResourceVersion, dryRun);
        if (!dryRun)
        {
            AfterDelete(type, deleted, propagationPolicy);
        }

        return deleted;
    }

    private StoredObject Replace(ResourceType type, StoredObject existing, JsonObject obj, string? subresource, WriteOptions? write)
    {
        var dryRun = write?.DryRun ?? false;
        var old = existing.Object;
        JsonObject next;
        if (subresource == "status")
        {
            next = existing.Clone();
            next["status"] = obj["status"]?.DeepClone();
            if (next["status"] is null)
            {
                next.Remove("status");
            }

            next.Metadata()["resourceVersion"] = obj.GetString("metadata", "resourceVersion");
            Prune(type, next, write);
        }
        else
        {
            next = obj;
            next["apiVersion"] = type.ApiVersion;
            next["kind"] = type.Kind;
            var meta = next.Metadata();
            var oldMeta = (JsonObject)old["metadata"]!;
            foreach (var fixedField in new[] { "uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "namespace", "name", "generateName" })
            {
                meta[fixedField] = oldMeta[fixedField]?.DeepClone();
                if (meta[fixedField] is null)
                {
                    meta.Remove(fixedField);
                }
            }

            meta.Remove("managedFields");
            if (type.HasStatus)
            {
                next["status"] = old["status"]?.DeepClone();
                if (next["status"] is null)
                {
                    next.Remove("status");
                }
            }

            var generation = old.GetLong("metadata", "generation");
            if (generation is not null)
            {
                var specChanged = next.Any(p => p.Key is not ("metadata" or "status" or "apiVersion" or "kind") && !JsonNode.DeepEquals(p.Value, old[p.Key]))
                    || old.Any(p => p.Key is not ("metadata" or "status" or "apiVersion" or "kind") && next[p.Key] is null);
                meta["generation"] = specChanged ? generation + 1 : generation;
            }

            Kinds.BuiltInKinds.For(type)?.OnUpdate?.Invoke(next, old);
            Prune(type, next, write);
            Validate(type, next);
        }

        if (string.IsNullOrEmpty(next.GetString("metadata", "resourceVersion")))
        {
            next.Metadata().Remove("resourceVersion");
        }

        if (next.GetString("metadata", "deletionTimestamp") is not null && next.GetPath("metadata", "finalizers") is not JsonArray { Count: > 0 })
        {
            // The last finalizer is gone: the deletion that was waiting for it happens now.
            var expected = next.GetString("metadata", "resourceVersion");
            var deleted = store.Delete(type, existing.Namespace, existing.Name, expectedResourceVersion: expected, dryRun: dryRun);
            if (!dryRun)
            {
                AfterDelete(type, deleted, null);
            }

            return deleted;
        }

        var stored = store.Update(type, next, dryRun);
        if (type == BuiltInResources.CustomResourceDefinitions && subresource != "status" && !dryRun)
        {
            catalog.Register(stored.Object);
        }

        return stored;
    }

    /// <summary>Drops what a custom resource's schema does not declare; reports it as fieldValidation asks.</summary>
    private static void Prune(ResourceType type, JsonObject obj, WriteOptions? write)
    {
        if (!type.IsCustom)
        {
            return;
        }

        var pruned = SchemaPruning.Prune(type.Schema, obj);
        if (pruned.Count == 0)
        {
            return;
        }

        var unknown = pruned.Select(p => $"unknown field \"{p}\"").ToList();
        switch (write?.FieldValidation)
        {
            case "Strict":
                throw ApiException.BadRequest($"{type.Kind} in version \"{type.Version}\" cannot be handled as a {type.Kind}: strict decoding error: {string.Join(", ", unknown)}");
            case "Ignore":
                break;
            default:
                write?.Warnings.AddRange(unknown);
                break;
        }
    }

    private void Validate(ResourceType type, JsonObject obj)
    {
        if (type == BuiltInResources.Nodes)
        {
            var faultCauses = Simulation.NodeFault.Validate(Json.StringMap(obj.GetPath("metadata", "annotations")));
            if (faultCauses.Count > 0)
            {
                throw ApiException.Invalid(type, obj.GetString("metadata", "name") ?? "", faultCauses);
            }
        }

        if (!type.IsCustom)
        {
            return;
        }

        var causes = SchemaValidator.Validate(type.Schema, obj);
        if (causes.Count > 0)
        {
            throw ApiException.Invalid(type, obj.GetString("metadata", "name") ?? "", causes);
        }
    }

    private void AfterDelete(ResourceType type, StoredObject deleted, string? propagationPolicy)
    {
        if (type == BuiltInResources.CustomResourceDefinitions)
        {
            var group = deleted.Object.GetString("spec", "group") ?? "";
            var plural = deleted.Object.GetString("spec", "names", "plural") ?? "";
            var served = catalog.All.Where(t => t.IsCustom && t.Group == group && t.Plural == plural).ToList();
            catalog.Unregister(group, plural);
            if (served.Count > 0)
            {
                store.DeleteAll(served[0]);
            }

            return;
        }

        if (type == BuiltInResources.Namespaces)
        {
            foreach (var t in catalog.All.Where(t => t.Namespaced).DistinctBy(t => t.StorageKey))
            {
                foreach (var obj in store.List(t, deleted.Name))
                {
                    TryDelete(t, obj);
                }
            }

            return;
        }

        if (propagationPolicy == "Orphan" || !type.Namespaced)
        {
            return;
        }

        // The garbage collector's work, done at once: dependents whose controller owner is gone.
        foreach (var dependentType in Kinds.BuiltInKinds.All.Where(k => k.CollectedWithOwner).Select(k => k.Type))
        {
            foreach (var obj in store.List(dependentType, deleted.Namespace))
            {
                if (obj.Object.GetPath("metadata", "ownerReferences").Objects().Any(r => r.GetString("uid") == deleted.Uid))
                {
                    TryDelete(dependentType, obj);
                }
            }
        }
    }

    private void TryDelete(ResourceType type, StoredObject obj)
    {
        try
        {
            var deleted = store.Delete(type, obj.Namespace, obj.Name, obj.Uid);
            AfterDelete(type, deleted, null);
        }
        catch (ApiException)
        {
            // deleted concurrently
        }
    }

    private void PrepareCrd(JsonObject crd)
    {
        var spec = crd["spec"] as JsonObject ?? throw ApiException.Invalid(BuiltInResources.CustomResourceDefinitions, crd.GetString("metadata", "name") ?? "", [("spec", "FieldValueRequired", "Required value")]);
        var group = spec.GetString("group") ?? "";
        var plural = spec.GetString("names", "plural") ?? "";
        var name = crd.GetString("metadata", "name") ?? "";
        if (name != $"{plural}.{group}")
        {
            throw ApiException.Invalid(BuiltInResources.CustomResourceDefinitions, name,
                [("metadata.name", "FieldValueInvalid", $"Invalid value: \"{name}\": must be spec.names.plural+\".\"+spec.group")]);
        }

        var now = Json.Timestamp(time.GetUtcNow());
        var names = spec["names"]!.DeepClone().AsObject();
        if (names["singular"] is null)
        {
            names["singular"] = (names.GetString("kind") ?? "").ToLowerInvariant();
        }

        if (names["listKind"] is null)
        {
            names["listKind"] = names.GetString("kind") + "List";
        }

        crd["status"] = new JsonObject
        {
            ["acceptedNames"] = names,
            ["conditions"] = new JsonArray(
                new JsonObject { ["type"] = "NamesAccepted", ["status"] = "True", ["reason"] = "NoConflicts", ["message"] = "no conflicts found", ["lastTransitionTime"] = now },
                new JsonObject { ["type"] = "Established", ["status"] = "True", ["reason"] = "InitialNamesAccepted", ["message"] = "the initial names have been accepted", ["lastTransitionTime"] = now }),
            ["storedVersions"] = Json.ToArray(spec["versions"].Objects().Where(v => v.GetBool("storage")).Select(v => v.GetString("name") ?? "")),
        };
    }

    public string RandomSuffix(int length = 5)
    {
        lock (random)
        {
            return new string(Enumerable.Range(0, length).Select(_ => NameAlphabet[random.Next(NameAlphabet.Length)]).ToArray());
        }
    }

    public string NewUid()
    {
        var bytes = new byte[16];
        lock (uids)
        {
            uids.NextBytes(bytes);
        }

        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes).ToString();
    }
}
