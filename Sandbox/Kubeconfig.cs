namespace Sandbox;

/// <summary>A kubeconfig naming the sandbox: plain HTTP, a token the server ignores (KubernetesClient refuses a user without credentials).</summary>
public static class Kubeconfig
{
    public static string Render(string server, string defaultNamespace = "default") => $"""
        apiVersion: v1
        kind: Config
        clusters:
        - name: sandbox
          cluster:
            server: {server}
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
            token: sandbox
        preferences: {"{}"}

        """;

    public static void Write(string path, string server)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(dir))
        {
            Directory.CreateDirectory(dir);
        }

        File.WriteAllText(path, Render(server));
    }
}
