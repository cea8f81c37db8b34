using Contracts.Plans;
using Controller.Kubernetes;
using k8s.Models;

namespace Controller.Reconciliation;

/// <summary>The informers a <see cref="PlanController"/> reconciles from.</summary>
public sealed record PlanCaches(Informer<Plan> Plans, Informer<V1Node> Nodes, Informer<V1Job> Jobs, Informer<V1Secret> Secrets);
