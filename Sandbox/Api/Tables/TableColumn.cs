namespace Sandbox.Api.Tables;

public sealed record TableColumn(string Name, string Type, int Priority = 0, string Format = "", string Description = "");
