using Contracts.Channels;

namespace ChannelServer.Configuration;

public sealed record AppDefaultInfo(string AppName, IReadOnlyList<AppDefaultVersion> Defaults);
