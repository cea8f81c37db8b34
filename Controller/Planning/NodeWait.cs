using k8s.Models;

namespace Controller.Planning;

/// <summary>A node whose Job completed but that is not Ready at the target yet: its slot stays taken.</summary>
/// <param name="Reports">What it reports instead, for the message.</param>
/// <param name="TimedOut">The deadline has passed: the Plan halts.</param>
public sealed record NodeWait(V1Node Node, string Reports, DateTimeOffset Deadline, bool TimedOut);
