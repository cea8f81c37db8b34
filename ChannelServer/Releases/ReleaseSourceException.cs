namespace ChannelServer.Releases;

/// <summary>Releases could not be listed (GitHub down, rate limited, a bad answer, an unreadable snapshot).</summary>
public sealed class ReleaseSourceException(string message, Exception? inner = null) : Exception(message, inner);
