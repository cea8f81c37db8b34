using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Controller.Kubernetes;
using k8s;
using k8s.Exceptions;

namespace Controller.Tests;

/// <summary>
/// <see cref="KubeconfigFile"/> must read a kubeconfig exactly as KubernetesClient's own (reflection-based) reader
/// does, which the JIT build can still run: each file is built both ways and the client configurations compared.
/// </summary>
public sealed class KubeconfigFileTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("kubeconfig-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public void A_token_and_inline_ca_with_a_context_namespace_read_as_the_library_reads_them()
    {
        var ca = Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes(SelfSigned().ExportCertificatePem()));
        var path = Write("sandbox", $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: sandbox
              cluster:
                server: https://127.0.0.1:6443
                certificate-authority-data: {ca}
            contexts:
            - name: sandbox
              context:
                cluster: sandbox
                user: sandbox
                namespace: system-upgrade
            current-context: sandbox
            users:
            - name: sandbox
              user:
                token: "abc123"
            """);

        var ours = Ours(path);
        AssertSame(Library(path), ours);
        Assert.Equal("abc123", ours.AccessToken);
        Assert.Equal("system-upgrade", ours.Namespace);
        Assert.Single(ours.SslCaCerts!);
    }

    [Fact]
    public void The_current_context_picks_the_cluster_and_user_and_relative_certificate_files_stay_next_to_the_file()
    {
        var cert = SelfSigned();
        Directory.CreateDirectory(Path.Combine(_dir.FullName, "pki"));
        File.WriteAllText(Path.Combine(_dir.FullName, "pki", "client.crt"), cert.ExportCertificatePem());
        File.WriteAllText(Path.Combine(_dir.FullName, "pki", "client.key"), cert.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
        var path = Write("two", """
            apiVersion: v1
            kind: Config
            clusters:
            - name: a
              cluster: {server: "https://a.example:6443", insecure-skip-tls-verify: true}
            - name: b
              cluster: {server: "https://b.example:6443", tls-server-name: kubernetes.default}
            users:
            - name: basic
              user: {username: admin, password: secret}
            - name: cert
              user: {client-certificate: pki/client.crt, client-key: pki/client.key}
            contexts:
            - name: first
              context: {cluster: a, user: basic}
            - name: second
              context: {cluster: b, user: cert, namespace: edge}
            current-context: second
            unknown-top-level-key: ignored
            """);

        var ours = Ours(path);
        AssertSame(Library(path), ours);
        Assert.Equal("https://b.example:6443/", ours.Host.TrimEnd('/') + "/");
        Assert.Equal("kubernetes.default", ours.TlsServerName);
        Assert.Equal(Path.Combine(_dir.FullName, "pki", "client.crt"), ours.ClientCertificateFilePath);
        Assert.Equal(Path.Combine(_dir.FullName, "pki", "client.key"), ours.ClientKeyFilePath);

        var first = KubernetesClientConfiguration.BuildConfigFromConfigObject(KubeconfigFile.Load(path), currentContext: "first");
        AssertSame(KubernetesClientConfiguration.BuildConfigFromConfigFile(path, currentContext: "first"), first);
        Assert.True(first.SkipTlsVerify);
        Assert.Equal(("admin", "secret"), (first.Username, first.Password));
    }

    [Fact]
    public async Task An_exec_credential_plugin_runs_with_its_args_and_env_and_gives_the_token()
    {
        // the library joins args with spaces into one command line, so the plugin is a script taking plain words
        var plugin = Path.Combine(_dir.FullName, "credential-plugin");
        File.WriteAllText(plugin, """
            #!/bin/sh
            printf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"%s-%s"}}' "$TOKEN_PREFIX" "$1"
            """);
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("the credential plugin is a shell script: this test runs on Linux, as CI does");
        }

        File.SetUnixFileMode(plugin, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var path = Write("exec", $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: c
              cluster:
                server: "https://127.0.0.1:6443"
            users:
            - name: u
              user:
                exec:
                  apiVersion: client.authentication.k8s.io/v1
                  command: {plugin}
                  args: [from-args]
                  env:
                  - name: TOKEN_PREFIX
                    value: from-env
                  installHint: install the plugin
                  provideClusterInfo: false
            contexts:
            - name: c
              context:
                cluster: c
                user: u
            current-context: c
            """);

        var ours = Ours(path);
        AssertSame(Library(path), ours);
        var token = ours.TokenProvider is { } provider ? (await provider.GetAuthenticationHeaderAsync(CancellationToken.None)).Parameter : ours.AccessToken;
        Assert.Equal("from-env-from-args", token);
    }

    [Fact]
    public void A_file_that_is_not_yaml_or_not_a_mapping_is_a_kubeconfig_error_naming_the_file()
    {
        var broken = Write("broken", "clusters: [unclosed\n");
        var e = Assert.Throws<KubeConfigException>(() => KubeconfigFile.Load(broken));
        Assert.Contains(broken, e.Message, StringComparison.Ordinal);
        Assert.Contains("not valid YAML", e.Message, StringComparison.Ordinal);

        var list = Write("list", "- a\n- b\n");
        Assert.Contains("not a mapping", Assert.Throws<KubeConfigException>(() => KubeconfigFile.Load(list)).Message, StringComparison.Ordinal);
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir.FullName, name + ".kubeconfig");
        File.WriteAllText(path, text);
        return path;
    }

    private static KubernetesClientConfiguration Ours(string path) => KubernetesClientConfiguration.BuildConfigFromConfigObject(KubeconfigFile.Load(path));

    private static KubernetesClientConfiguration Library(string path) => KubernetesClientConfiguration.BuildConfigFromConfigFile(path);

    private static void AssertSame(KubernetesClientConfiguration expected, KubernetesClientConfiguration actual)
    {
        Assert.Equal(expected.Host, actual.Host);
        Assert.Equal(expected.CurrentContext, actual.CurrentContext);
        Assert.Equal(expected.Namespace, actual.Namespace);
        Assert.Equal(expected.AccessToken, actual.AccessToken);
        Assert.Equal(expected.Username, actual.Username);
        Assert.Equal(expected.Password, actual.Password);
        Assert.Equal(expected.SkipTlsVerify, actual.SkipTlsVerify);
        Assert.Equal(expected.TlsServerName, actual.TlsServerName);
        Assert.Equal(expected.ClientCertificateData, actual.ClientCertificateData);
        Assert.Equal(expected.ClientCertificateKeyData, actual.ClientCertificateKeyData);
        Assert.Equal(expected.ClientCertificateFilePath, actual.ClientCertificateFilePath);
        Assert.Equal(expected.ClientKeyFilePath, actual.ClientKeyFilePath);
        Assert.Equal(
            expected.SslCaCerts?.Select(c => c.Thumbprint) ?? [],
            actual.SslCaCerts?.Select(c => c.Thumbprint) ?? []);
        Assert.Equal(expected.TokenProvider is null, actual.TokenProvider is null);
    }

    private static X509Certificate2 SelfSigned()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=kubeconfig-test", key, HashAlgorithmName.SHA256);
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddDays(1));
    }
}
