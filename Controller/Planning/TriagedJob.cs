using k8s.Models;

namespace Controller.Planning;

/// <summary>A Job of the current target, with the node it is for and what its status says.</summary>
public sealed record TriagedJob(V1Job Job, string Node, JobState State);
