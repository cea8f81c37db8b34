using System.Runtime.CompilerServices;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using k8s;

namespace Controller.Kubernetes;

/// <summary>Makes KubernetesClient's JSON options work without reflection, for the native executable.</summary>
public static class KubernetesJsonSetup
{
    /// <summary>
    /// Call once, first thing in the process: the options can no longer change once anything was serialized.
    /// </summary>
    /// <remarks>
    /// The library reads enums with the non-generic <see cref="JsonStringEnumConverter"/>, which builds its
    /// converter with MakeGenericType: impossible natively for a value type, so the watch events' type is given
    /// its own converter ahead of it. Reads stay case-insensitive, so "ADDED" is still <c>Added</c>.
    /// Natively the library's reflection fallback is removed: a trimmed executable keeps only the metadata the
    /// compiler saw used, so a type missing from the contexts would come back with fields silently unread (a
    /// watch event read that way lost its object's constructor). Without the fallback such a type fails loudly,
    /// naming itself, and the native end-to-end tests find it.
    /// </remarks>
    public static void UseControllerTypes() =>
        KubernetesJson.AddJsonOptions(options =>
        {
            options.Converters.Insert(0, new JsonStringEnumConverter<WatchEventType>());
            options.TypeInfoResolverChain.Insert(0, ControllerJsonContext.Default);
            if (!RuntimeFeature.IsDynamicCodeSupported)
            {
                for (var i = options.TypeInfoResolverChain.Count - 1; i >= 0; i--)
                {
                    if (options.TypeInfoResolverChain[i] is DefaultJsonTypeInfoResolver)
                    {
                        options.TypeInfoResolverChain.RemoveAt(i);
                    }
                }
            }
        });
}
