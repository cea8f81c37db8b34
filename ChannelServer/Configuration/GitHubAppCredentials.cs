using System.Security.Cryptography;

namespace ChannelServer.Configuration;

/// <summary>
/// A GitHub App installation to authenticate as. The key is parsed here, so a bad key stops the start
/// with a message; it is a secret, and <see cref="ToString"/> never shows it.
/// </summary>
public sealed class GitHubAppCredentials
{
    private readonly string _pem;

    public GitHubAppCredentials(long appId, long installationId, string pem)
    {
        AppId = appId;
        InstallationId = installationId;
        using var key = RSA.Create();
        key.ImportFromPem(pem);
        _pem = pem;
    }

    public long AppId { get; }
    public long InstallationId { get; }

    /// <summary>A fresh key object per use: the caller disposes it.</summary>
    public RSA CreateKey()
    {
        var key = RSA.Create();
        key.ImportFromPem(_pem);
        return key;
    }

    public override string ToString() => $"app {AppId}, installation {InstallationId}, key redacted";
}
