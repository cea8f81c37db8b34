namespace Contracts.Channels;

/// <summary>The error body of the channel API: <c>{"type":"error","links":{},"code":...,"message":...,"status":...}</c>.</summary>
public sealed class ApiError
{
    public ApiError(string code, string message, int status)
    {
        Code = code;
        Message = message;
        Status = status;
    }

    public string Type => "error";
    public ApiLinks Links { get; } = new();
    public string Code { get; }
    public string Message { get; }
    public int Status { get; }

    public static ApiError NotFound(string message) => new("NotFound", message, 404);

    public static ApiError MethodNotSupported(string method) => new("PermissionDenied", $"Method {method} not supported", 403);

    public static ApiError Unavailable(string message) => new("ServiceUnavailable", message, 503);
}
