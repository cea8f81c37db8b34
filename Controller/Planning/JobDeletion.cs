namespace Controller.Planning;

public sealed record JobDeletion(string Name, string Why);
