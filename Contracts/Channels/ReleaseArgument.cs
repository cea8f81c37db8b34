using System.Text.Json.Nodes;

namespace Contracts.Channels;

/// <summary>The schema of one server or agent argument of a release (<c>serverArgs</c>/<c>agentArgs</c> values).</summary>
public sealed class ReleaseArgument
{
    public string? Type { get; init; }

    /// <summary>Any JSON value (string, number, bool, list or map with sorted keys); null is omitted.</summary>
    public JsonNode? Default { get; init; }

    public bool Nullable { get; init; }
    public bool Create { get; init; }
    public bool Update { get; init; }
    public IReadOnlyList<string>? Options { get; init; }
}
