using System.Text.Json.Serialization;

namespace ChannelServer.Api;

[JsonSerializable(typeof(Dictionary<string, object?>))]
[JsonSerializable(typeof(DateTimeOffset))]
[JsonSerializable(typeof(IReadOnlyList<string>))]
[JsonSerializable(typeof(double))]
[JsonSerializable(typeof(long))]
[JsonSerializable(typeof(bool))]
[JsonSerializable(typeof(string))]
internal sealed partial class ReadyJsonContext : JsonSerializerContext;
