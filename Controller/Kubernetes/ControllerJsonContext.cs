using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Contracts.Plans;
using k8s;
using k8s.KubeConfigModels;
using k8s.Models;

namespace Controller.Kubernetes;

/// <summary>
/// Compile-time JSON metadata for every type the controller reads or writes: the Plan types, the built-in kinds
/// it lists, watches, creates or patches, the watch events of each kind the informers watch (generic, so the
/// library cannot generate them) and exec credentials. The native executable has no reflection-based serializer
/// to fall back on, and the library's own context (every built-in kind) is left out of it by
/// KubernetesContextStub.xml; see <see cref="KubernetesJsonSetup"/>. A type used and missing here fails loudly,
/// naming itself, in the native end-to-end tests.
/// </summary>
[JsonSerializable(typeof(Plan))]
[JsonSerializable(typeof(PlanList))]
[JsonSerializable(typeof(PlanStatus))]
// The built-in kinds the controller uses, each as it is read (one object, a list) and written.
[JsonSerializable(typeof(V1Node))]
[JsonSerializable(typeof(V1NodeList))]
[JsonSerializable(typeof(V1Job))]
[JsonSerializable(typeof(V1JobList))]
[JsonSerializable(typeof(V1JobSpec))]
[JsonSerializable(typeof(V1Secret))]
[JsonSerializable(typeof(V1SecretList))]
[JsonSerializable(typeof(V1Namespace))]
[JsonSerializable(typeof(Corev1Event))]
[JsonSerializable(typeof(V1Lease))]
[JsonSerializable(typeof(V1Status))]
[JsonSerializable(typeof(V1DeleteOptions))]
[JsonSerializable(typeof(V1Patch))]
// Custom objects come back untyped (JsonElement) and go out as whatever the caller built; merge patches are
// JsonObject.
[JsonSerializable(typeof(object))]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(JsonNode))]
[JsonSerializable(typeof(JsonObject))]
[JsonSerializable(typeof(string))]
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
