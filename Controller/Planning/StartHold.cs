namespace Controller.Planning;

/// <summary>Why no new node starts now (running Jobs go on); shown as the Complete reason.</summary>
public sealed record StartHold(string Reason, string Message, bool Warning);
