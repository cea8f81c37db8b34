namespace Sandbox;

internal static partial class SandboxLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "{Warning}")]
    public static partial void Exposed(ILogger logger, string warning);
}
