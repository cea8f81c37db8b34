using System.Text.Json.Serialization;

namespace ChannelServer.Releases;

/// <summary>The source-generated readers of what the server reads from GitHub other than the release list.</summary>
[JsonSerializable(typeof(InstallationTokenJson))]
internal sealed partial class GitHubJsonContext : JsonSerializerContext;
