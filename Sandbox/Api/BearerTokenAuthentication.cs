using System.Security.Cryptography;
using System.Text;
using Sandbox.Storage;

namespace Sandbox.Api;

/// <summary>
/// kube-apiserver's token authentication, reduced to the one token the sandbox's kubeconfig carries:
/// a request without <c>Authorization: Bearer &lt;token&gt;</c> is 401 Unauthorized unless anonymous access
/// is allowed; a wrong token is 401 either way (as a real API server rejects a bad credential rather than
/// falling back to anonymous).
/// </summary>
public sealed class BearerTokenAuthentication(string token, bool allowAnonymous)
{
    private readonly byte[] _expected = Encoding.UTF8.GetBytes(token);

    public bool Admits(string? authorization)
    {
        if (string.IsNullOrEmpty(authorization))
        {
            return allowAnonymous;
        }

        const string scheme = "Bearer ";
        if (!authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var presented = Encoding.UTF8.GetBytes(authorization[scheme.Length..].Trim());
        return CryptographicOperations.FixedTimeEquals(presented, _expected);
    }

    public async Task InvokeAsync(HttpContext ctx, RequestDelegate next)
    {
        if (Admits(ctx.Request.Headers.Authorization.ToString()))
        {
            await next(ctx);
            return;
        }

        await KubernetesApi.WriteJsonAsync(ctx, 401, ApiException.StatusBody(401, "Unauthorized", "Unauthorized"));
    }

    /// <summary>A fresh token per sandbox: 32 random bytes, hex.</summary>
    public static string NewToken() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
}
