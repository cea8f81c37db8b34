namespace Controller.Planning;

/// <summary>A merge patch for one node: labels and annotations (null value removes), and <c>spec.unschedulable</c>.</summary>
public sealed record NodePatch(string NodeName, IReadOnlyDictionary<string, string?> Labels, IReadOnlyDictionary<string, string?> Annotations, bool? Unschedulable);
