using Contracts.Plans;
using Controller.Planning;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Controller.Kubernetes;

/// <summary>
/// Records core v1 Events on Plans. The same reason and message for the same Plan is recorded once per
/// <see cref="Quiet"/>, so a decision repeated on every wake-up does not flood the namespace.
/// </summary>
public sealed partial class EventRecorder(ClusterApi api, string component, string? host, TimeProvider time, ILogger logger)
{
    public static readonly TimeSpan Quiet = TimeSpan.FromMinutes(10);

    // Event names as client-go's recorder makes them: the object's name, '.', 16 hex digits (a timestamp
    // there; 64 random bits here, so two events in the same instant cannot collide), cut to the 253
    // characters a Kubernetes object name may have.
    private const int EventNameSuffixLength = 1 + 16;
    private const int MaxObjectNameLength = 253;
    private readonly RecentEvents _recent = new(Quiet);

    private readonly System.Threading.Channels.Channel<(Plan Plan, PlanEvent Event)> _pending =
        System.Threading.Channels.Channel.CreateUnbounded<(Plan, PlanEvent)>(new() { SingleReader = true });

    /// <summary>Queues the event for <see cref="RunAsync"/>; never blocks a reconciliation.</summary>
    public void Post(Plan plan, PlanEvent e) => _pending.Writer.TryWrite((plan, e));

    /// <summary>Writes queued events, a few at a time, until cancelled.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        try
        {
            var batch = new List<Task>();
            while (await _pending.Reader.WaitToReadAsync(ct).ConfigureAwait(false))
            {
                while (batch.Count < 8 && _pending.Reader.TryRead(out var item))
                {
                    batch.Add(RecordAsync(item.Plan, item.Event, ct));
                }

                await Task.WhenAll(batch).ConfigureAwait(false);
                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    public async Task RecordAsync(Plan plan, PlanEvent e, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var key = (plan.Metadata.Uid ?? plan.Metadata.Name, e.Reason, e.Message);
        if (!_recent.TryRemember(key, now))
        {
            return;
        }

        LogEvent(logger, plan.Metadata.Name, e.Type, e.Reason, e.Message);
        var stamp = now.UtcDateTime;
        var body = new Corev1Event
        {
            Metadata = new V1ObjectMeta
            {
                Name = $"{plan.Metadata.Name}.{Guid.NewGuid():N}"[..Math.Min(plan.Metadata.Name.Length + EventNameSuffixLength, MaxObjectNameLength)],
                NamespaceProperty = plan.Metadata.NamespaceProperty,
            },
            InvolvedObject = new V1ObjectReference
            {
                ApiVersion = Plan.GroupVersion,
                Kind = Plan.KubeKind,
                Name = plan.Metadata.Name,
                NamespaceProperty = plan.Metadata.NamespaceProperty,
                Uid = plan.Metadata.Uid,
                ResourceVersion = plan.Metadata.ResourceVersion,
            },
            Reason = e.Reason,
            Message = e.Message,
            Type = e.Type,
            Count = 1,
            FirstTimestamp = stamp,
            LastTimestamp = stamp,
            Source = new V1EventSource { Component = component, Host = host },
            ReportingComponent = component,
        };
        try
        {
            await api.CreateEventAsync(body, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // An event is an explanation, not a decision: losing one must not stop a rollout.
            _recent.Forget(key);
            LogEventFailed(logger, e.Reason, plan.Metadata.Name, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Plan {Plan}: {Type} {Reason}: {Message}")]
    private static partial void LogEvent(ILogger logger, string plan, string type, string reason, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not record event {Reason} on Plan {Plan}")]
    private static partial void LogEventFailed(ILogger logger, string reason, string plan, Exception exception);
}
