namespace Controller.Reconciliation;

/// <summary>The API said our copy was out of date (409): read again and decide again.</summary>
public sealed class StaleSnapshotException(string message) : Exception(message);
