using System.Text.Json.Nodes;
using Contracts.Images;
using Sandbox.Api;
using Sandbox.Storage;

namespace Sandbox.Simulation;

/// <summary>What a simulated container does, chosen from its image the way the real images behave.</summary>
public abstract class ContainerProgram
{
    /// <summary>Called each pass while the container runs: its exit, or null and when to look again (null: on the next change).</summary>
    public abstract ContainerExit? Poll(ContainerContext context, out DateTimeOffset? nextCheck);

    public static ContainerProgram For(JsonObject container)
    {
        var image = container.GetString("image") ?? "";
        var words = container["command"].Strings().Concat(container["args"].Strings()).ToList();
        var repository = ImageReference.Repository(image);
        if (repository.EndsWith("/kubectl", StringComparison.Ordinal) || repository == "kubectl")
        {
            return new KubectlProgram(words);
        }

        if (repository.EndsWith("/k3s-upgrade", StringComparison.Ordinal) || repository.EndsWith("/rke2-upgrade", StringComparison.Ordinal)
            || repository is "k3s-upgrade" or "rke2-upgrade")
        {
            var tag = ImageReference.Tag(image);
            return words.Count >= 2 && words[0] == "prepare"
                ? new PrepareProgram(words[1])
                : new UpgradeProgram(tag);
        }

        return new ShellProgram(words);
    }
}

public sealed record ContainerExit(int ExitCode, string? Message = null);

/// <summary>What a running container can see and touch: the clock, its pod and node, the API, its log.</summary>
public sealed class ContainerContext(ResourceOperations ops, SandboxOptions options, PodLogs logs, StoredObject pod, JsonObject container, DateTimeOffset startedAt, DateTimeOffset now)
{
    public ResourceOperations Operations => ops;
    public SandboxOptions Options => options;
    public StoredObject Pod => pod;
    public JsonObject Container => container;
    public DateTimeOffset StartedAt => startedAt;
    public DateTimeOffset Now => now;
    public string NodeName => pod.Object.GetString("spec", "nodeName") ?? "";

    /// <summary>Scratch state a program keeps across passes (the kubelet holds it per container run).</summary>
    public Dictionary<string, object> State { get; init; } = [];

    public StoredObject? Node => ops.Store.Get(BuiltInResources.Nodes, null, NodeName);

    public string? Env(string name) =>
        container["env"].Objects().FirstOrDefault(e => e.GetString("name") == name)?.GetString("value");

    public void Log(string line) => logs.Append(pod.Namespace, pod.Name, container.GetString("name") ?? "", now, line);
}
