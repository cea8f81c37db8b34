using Sandbox.Api.Tables;
using Sandbox.Storage;

namespace Sandbox.Kinds;

/// <summary>
/// Events, core/v1 (stored) and events.k8s.io/v1 (the same objects in their newer form, see
/// <see cref="EventConversion"/>). Recording one never wakes the simulation.
/// </summary>
internal static class EventKind
{
    public static readonly ResourceType CoreType = new("", "v1", "events", "Event", true) { ShortNames = ["ev"] };

    public static readonly ResourceType EventsType = new("events.k8s.io", "v1", "events", "Event", true)
    {
        ShortNames = ["ev"],
        StoredAs = CoreType,
        ToServed = EventConversion.ToEventsV1,
        ToStored = EventConversion.ToCore,
    };

    public static KindDescriptor Core { get; } = new(CoreType)
    {
        Printer = new EventPrinter(),
        WakesSimulation = false,
        FieldLabels =
        [
            "type", "reason", "reportingComponent", "source", "involvedObject.name", "involvedObject.namespace", "involvedObject.kind",
            "involvedObject.uid", "involvedObject.apiVersion", "involvedObject.resourceVersion", "involvedObject.fieldPath",
        ],
    };

    /// <summary>Its field selectors are translated to the core names (<see cref="EventConversion.FieldLabelToCore"/>) and checked against <see cref="Core"/>.</summary>
    public static KindDescriptor Events { get; } = new(EventsType) { Printer = new EventPrinter(), WakesSimulation = false };
}
