namespace Contracts.CommandLine;

/// <summary>What a command line said: the options, or every problem with it; or a request for help.</summary>
public sealed record OptionParseResult<TOptions>(TOptions? Options, IReadOnlyList<string> Errors, bool Help)
    where TOptions : class;
