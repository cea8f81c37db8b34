using Sandbox;

SandboxOptions options;
try
{
    options = CommandLine.Parse(args, out var help);
    if (help)
    {
        Console.WriteLine(CommandLine.Help);
        return 0;
    }
}
catch (ArgumentException e)
{
    foreach (var line in e.Message.Split('\n'))
    {
        Console.Error.WriteLine($"sandbox: {line}");
    }

    return 2;
}

await using var sandbox = await SandboxHost.StartAsync(options);
Console.WriteLine($"Sandbox API server listening on {sandbox.BaseUrl}");
Console.WriteLine($"kubeconfig: {sandbox.KubeconfigPath}   (kubectl --kubeconfig {sandbox.KubeconfigPath} get nodes)");
Console.WriteLine($"nodes: {string.Join(", ", sandbox.Cluster.ServerNames.Concat(sandbox.Cluster.AgentNames))} at {options.Version}");

// Ctrl+C and SIGTERM stop the host (its console lifetime); then the sandbox is disposed.
await sandbox.WaitForShutdownAsync();
return 0;

public partial class Program;
