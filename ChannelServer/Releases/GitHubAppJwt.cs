using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ChannelServer.Configuration;

namespace ChannelServer.Releases;

/// <summary>
/// The JSON Web Token a GitHub App signs to ask for installation tokens: RS256 over
/// <c>{"iat","exp","iss"}</c>, issued a minute in the past against clock skew and valid for nine
/// minutes (GitHub takes ten at most). Pure apart from the key.
/// </summary>
public static class GitHubAppJwt
{
    public static string Create(GitHubAppCredentials app, DateTimeOffset now)
    {
        var issuedAt = now.AddSeconds(-60).ToUnixTimeSeconds();
        var expires = now.AddMinutes(9).ToUnixTimeSeconds();
        var header = Encode("{\"alg\":\"RS256\",\"typ\":\"JWT\"}"u8);
        var payload = Encode(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
            $"{{\"iat\":{issuedAt},\"exp\":{expires},\"iss\":\"{app.AppId}\"}}")));
        var signed = $"{header}.{payload}";
        using var key = app.CreateKey();
        var signature = key.SignData(Encoding.ASCII.GetBytes(signed), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return $"{signed}.{Encode(signature)}";
    }

    private static string Encode(ReadOnlySpan<byte> bytes) => Base64Url.EncodeToString(bytes);
}
