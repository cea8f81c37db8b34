using ChannelServer;
using ChannelServer.Configuration;
using ChannelServer.Releases;

if (args.Length > 0 && args[0] == "export")
{
    return await SnapshotExportCommand.RunAsync(args[1..], Console.Out, Console.Error);
}

if (CommandLine.WantsHelp(args))
{
    Console.Write(CommandLine.HelpText);
    return 0;
}

ServerOptions options;
try
{
    options = CommandLine.Parse(args);
}
catch (CommandLineException e)
{
    foreach (var line in e.Message.Split('\n'))
    {
        await Console.Error.WriteLineAsync($"error: {line}");
    }

    await Console.Error.WriteLineAsync("Run with --help for the flags and environment variables.");
    return 2;
}

// The process is the server's alone: its heap can be compacted after each refresh.
var app = ChannelServerHost.Build(options, new ChannelServerHostOptions { TrimMemoryAfterRefresh = true });
var holder = app.Services.GetRequiredService<ChannelServer.Serving.ChannelIndexHolder>();
try
{
    await app.RunAsync();
}
catch (OperationCanceledException) when (holder.FatalError is not null)
{
    // --refresh-fatal stopped the host while it was still starting (the first refresh failed).
}

// --refresh-fatal: a failed refresh stopped the server, and the exit status says so.
return holder.FatalError is null ? 0 : 1;

public partial class Program;
