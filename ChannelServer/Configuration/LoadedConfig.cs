namespace ChannelServer.Configuration;

/// <param name="Source">the source that loaded</param>
/// <param name="SkippedFailures">why the sources before it did not</param>
public sealed record LoadedConfig<T>(string Source, T Value, IReadOnlyList<(string Source, string Reason)> SkippedFailures);
