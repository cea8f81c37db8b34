namespace Contracts.Channels;

/// <summary>
/// The list answer of the channel API (rancher/apiserver's collection shape). <see cref="Data"/> is
/// never null so an empty list serializes as <c>[]</c>.
/// </summary>
public sealed class ApiCollection<T>
{
    public ApiCollection(string selfUrl, string resourceType, IReadOnlyList<T> data)
    {
        Links = new ApiLinks { ["self"] = selfUrl };
        ResourceType = resourceType;
        Data = data;
    }

    public string Type => "collection";
    public ApiLinks Links { get; }
    public ApiLinks Actions { get; } = new();
    public string ResourceType { get; }
    public IReadOnlyList<T> Data { get; }
}
