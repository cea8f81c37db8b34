using Contracts.Channels;

namespace ChannelServer.Configuration;

/// <summary>The part of a config document served under one path prefix, after filtering.</summary>
public sealed record ChannelConfig(
    IReadOnlyList<ChannelRule> Channels,
    GitHubRepository? GitHub,
    string RedirectBase,
    IReadOnlyList<ReleaseInfo> Releases,
    IReadOnlyList<AppDefaultInfo> AppDefaults);
