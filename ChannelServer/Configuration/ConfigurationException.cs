namespace ChannelServer.Configuration;

/// <summary>The channel configuration cannot be used (unreachable, not YAML, bad regular expression, ...).</summary>
public sealed class ConfigurationException : Exception
{
    public ConfigurationException(string message)
        : base(message)
    {
    }

    public ConfigurationException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
