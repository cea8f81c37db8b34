using System.Text.Json.Serialization;
using Contracts.Plans;
using k8s;
using k8s.KubeConfigModels;
using k8s.Models;

namespace Controller.Kubernetes;

/// <summary>
/// Compile-time JSON metadata for what KubernetesClient's own context lacks: the Plan types, the watch events
/// of each kind the informers watch (generic, so the library cannot generate them) and exec credentials. The native executable
/// has no reflection-based serializer to fall back on; see <see cref="KubernetesJsonSetup"/>.
/// </summary>
[JsonSerializable(typeof(Plan))]
[JsonSerializable(typeof(PlanList))]
[JsonSerializable(typeof(PlanStatus))]
// The library reads every watch line first as an event of KubernetesObject (is it a Status?), then as a Status
// or as the watched kind.
[JsonSerializable(typeof(Watcher<KubernetesObject>.WatchEvent))]
[JsonSerializable(typeof(Watcher<V1Status>.WatchEvent))]
[JsonSerializable(typeof(Watcher<Plan>.WatchEvent))]
[JsonSerializable(typeof(Watcher<V1Node>.WatchEvent))]
[JsonSerializable(typeof(Watcher<V1Job>.WatchEvent))]
[JsonSerializable(typeof(Watcher<V1Secret>.WatchEvent))]
// What a kubeconfig's exec credential plugin prints.
[JsonSerializable(typeof(ExecCredentialResponse))]
internal sealed partial class ControllerJsonContext : JsonSerializerContext;
