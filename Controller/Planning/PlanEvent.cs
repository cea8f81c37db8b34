namespace Controller.Planning;

public sealed record PlanEvent(string Type, string Reason, string Message)
{
    public static PlanEvent Normal(string reason, string message) => new("Normal", reason, message);

    public static PlanEvent Warning(string reason, string message) => new("Warning", reason, message);
}
