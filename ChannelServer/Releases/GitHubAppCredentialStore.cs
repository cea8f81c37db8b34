using ChannelServer.Configuration;
using Octokit;

namespace ChannelServer.Releases;

/// <summary>
/// Octokit's credentials for a GitHub App installation: an installation token, asked for with the App's
/// JWT (Octokit's <c>GitHubApps.CreateInstallationToken</c>) and asked for again shortly before it expires
/// (GitHub gives them for an hour).
/// </summary>
public sealed class GitHubAppCredentialStore(GitHubAppCredentials app, Func<Credentials, GitHubClient> clientWith, TimeProvider time) : ICredentialStore
{
    private static readonly TimeSpan RenewBefore = TimeSpan.FromMinutes(5);
    private readonly SemaphoreSlim _lock = new(1, 1);
    private AccessToken? _token;

    public async Task<Credentials> GetCredentials()
    {
        await _lock.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_token is null || _token.ExpiresAt - time.GetUtcNow() < RenewBefore)
            {
                var jwt = GitHubAppJwt.Create(app, time.GetUtcNow());
                var appClient = clientWith(new Credentials(jwt, AuthenticationType.Bearer));
                try
                {
                    _token = await appClient.GitHubApps.CreateInstallationToken(app.InstallationId).ConfigureAwait(false);
                }
                catch (ApiException e)
                {
                    throw new ReleaseSourceException(
                        $"GitHub App {app.AppId}: no installation token for installation {app.InstallationId}: {(int)e.StatusCode} {e.Message}", e);
                }
            }

            return new Credentials(_token.Token);
        }
        finally
        {
            _lock.Release();
        }
    }
}
