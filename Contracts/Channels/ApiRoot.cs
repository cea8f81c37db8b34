namespace Contracts.Channels;

/// <summary>The entry point of one path prefix: links to its channels, releases and app defaults.</summary>
public sealed class ApiRoot
{
    /// <param name="baseUrl">scheme, host and URL prefix, without a trailing slash</param>
    /// <param name="pathPrefix">the prefix without slashes, for example <c>v1-release</c></param>
    public ApiRoot(string baseUrl, string pathPrefix)
    {
        Id = pathPrefix;
        var root = $"{baseUrl}/{pathPrefix}";
        Links = new ApiLinks
        {
            ["appDefaults"] = $"{root}/{ResourceTypes.AppDefaults}",
            ["channels"] = $"{root}/{ResourceTypes.Channels}",
            ["releases"] = $"{root}/{ResourceTypes.Releases}",
            ["self"] = root,
        };
    }

    public string Id { get; }
    public string Type => "apiRoot";
    public ApiLinks Links { get; }
}
