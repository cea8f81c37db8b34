using k8s.Models;

namespace Controller.Planning;

/// <summary>A candidate the quorum gate keeps from starting now, with the reason it shows.</summary>
public sealed record BlockedNode(V1Node Node, string Reason, string Why);
