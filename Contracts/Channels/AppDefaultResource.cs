namespace Contracts.Channels;

/// <summary>One entry of <c>GET /&lt;prefix&gt;/appdefaults</c>: the default Kubernetes line per app version range.</summary>
public sealed class AppDefaultResource
{
    public AppDefaultResource(string selfUrl, string appName, IReadOnlyList<AppDefaultVersion>? defaults)
    {
        Id = appName;
        Links = new ApiLinks { ["self"] = selfUrl };
        AppName = ChannelResource.EmptyAsNull(appName);
        Defaults = defaults is { Count: > 0 } ? defaults : null;
    }

    public string Id { get; }
    public string Type => ResourceTypes.AppDefault;
    public ApiLinks Links { get; }
    public string? AppName { get; }
    public IReadOnlyList<AppDefaultVersion>? Defaults { get; }
}
