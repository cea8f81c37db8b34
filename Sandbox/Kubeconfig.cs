namespace Sandbox;

/// <summary>A kubeconfig naming the sandbox: its HTTPS address, the CA its certificate chains to, and the bearer token it checks.</summary>
public static class Kubeconfig
{
    public static string Render(string server, string token, string authorityPem, string defaultNamespace = "default") => $"""
        apiVersion: v1
        kind: Config
        clusters:
        - name: sandbox
          cluster:
            server: {server}
            certificate-authority-data: {Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes(authorityPem))}
        contexts:
        - name: sandbox
          context:
            cluster: sandbox
            user: sandbox
            namespace: {defaultNamespace}
        current-context: sandbox
        users:
        - name: sandbox
          user:
            token: "{token}"
        preferences: {"{}"}

        """;

    public static void Write(string path, string server, string token, string authorityPem)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(dir))
        {
            Directory.CreateDirectory(dir);
        }

        // the token is cluster-admin: only the owner may read the file
        File.WriteAllText(path, "");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.WriteAllText(path, Render(server, token, authorityPem));
    }
}
