using System.Text.Json.Serialization;

namespace Contracts.Channels;

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingDefault)]
[JsonSerializable(typeof(ApiCollection<ChannelResource>))]
[JsonSerializable(typeof(ApiCollection<ReleaseResource>))]
[JsonSerializable(typeof(ApiCollection<AppDefaultResource>))]
[JsonSerializable(typeof(ApiCollection<ApiRoot>))]
[JsonSerializable(typeof(ApiCollection<ChannelMove>))]
[JsonSerializable(typeof(ApiCollection<FleetChannelResource>))]
[JsonSerializable(typeof(ApiRoot))]
[JsonSerializable(typeof(ApiError))]
internal sealed partial class ChannelApiJsonContext : JsonSerializerContext;
