using Demo;

DemoOptions? options;
try
{
    options = DemoOptions.Parse(args);
}
catch (ArgumentException e)
{
    foreach (var line in e.Message.Split('\n'))
    {
        Console.Error.WriteLine($"error: {line}");
    }

    return 2;
}

if (options is null)
{
    Console.WriteLine(DemoOptions.Usage);
    return 0;
}

Console.WriteLine("demo: starting the channel server, a Sandbox cluster and the controller on this machine...");
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

return await DemoRun.RunAsync(options, Console.Out, stop.Token);
