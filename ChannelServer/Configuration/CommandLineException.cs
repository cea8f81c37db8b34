namespace ChannelServer.Configuration;

/// <summary>A flag or environment value that cannot be used; the message names the flag.</summary>
public sealed class CommandLineException(string message) : Exception(message);
