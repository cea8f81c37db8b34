namespace Controller.Hosting;

/// <summary>As the reference does: a controller that lost its lease stops, to be restarted fresh.</summary>
public sealed class LeadershipLostException(string message) : Exception(message);
