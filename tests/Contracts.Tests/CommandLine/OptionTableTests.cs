using Contracts.CommandLine;
using static Contracts.CommandLine.OptionParsers;

namespace Contracts.Tests.CommandLine;

public class OptionTableTests
{
    private static readonly IReadOnlyList<OptionRow<SampleOptions>> Rows =
    [
        new TypedOptionRow<SampleOptions, string>("name", ["SAMPLE_NAME"], "who runs", "Main", Text, (o, v) => o with { Name = v }, o => o.Name) { Required = true },
        new TypedOptionRow<SampleOptions, int>("count", ["SAMPLE_COUNT", "COUNT"], "how many", "Main", Int(1, 10), (o, v) => o with { Count = v }, o => o.Count),
        new TypedOptionRow<SampleOptions, bool>("verbose", ["SAMPLE_VERBOSE"], "say more", "Main", Bool, (o, v) => o with { Verbose = v }, o => o.Verbose) { IsSwitch = true },
        new TypedOptionRow<SampleOptions, string>("mode", [], "how", "Tuning", Choice("fast", "slow"), (o, v) => o with { Mode = v }, o => o.Mode),
        new TypedOptionRow<SampleOptions, TimeSpan>(null, ["SAMPLE_WAIT"], "between tries", "Tuning", Duration(positive: true), (o, v) => o with { Wait = v }, o => o.Wait),
        new RepeatableOptionRow<SampleOptions, string>("url", ["SAMPLE_URL"], "where from, in order", "Tuning", Text, (o, v) => o with { Urls = v }, o => o.Urls)
        {
            CheckAll = urls => urls.GroupBy(u => u).Where(g => g.Count() > 1).Select(g => $"'{g.Key}' is given twice"),
        },
        new TypedOptionRow<SampleOptions, SecretText>("token", ["SAMPLE_TOKEN"], "sent upstream", "Tuning", Secret, (o, v) => o with { Token = v }, o => o.Token),
    ];

    private static OptionParseResult<SampleOptions> Parse(string[] args, Dictionary<string, string>? env = null, OptionSyntax? syntax = null) =>
        new OptionTable<SampleOptions>(Rows, syntax).Parse(args, name => env?.GetValueOrDefault(name), new SampleOptions());

    [Fact]
    public void Every_problem_is_reported_at_once_each_naming_its_flag_or_variable()
    {
        var result = Parse(["--count", "0", "stray", "--nope", "--mode", "medium", "--url"], new() { ["SAMPLE_WAIT"] = "soon" });

        Assert.Null(result.Options);
        Assert.False(result.Help);
        Assert.Equal(
            [
                "unexpected argument \"stray\"",
                "unknown flag --nope",
                "flag --url needs a value",
                "--name (SAMPLE_NAME) is required",
                "--count (SAMPLE_COUNT): \"0\" is not a whole number from 1 to 10",
                "--mode: \"medium\" is not one of fast, slow",
                "SAMPLE_WAIT: invalid duration \"soon\"",
            ],
            result.Errors);
    }

    [Fact]
    public void An_unknown_flag_is_named_and_the_known_ones_still_apply_nothing()
    {
        var result = Parse(["--name", "x", "--colour=red"]);
        Assert.Equal(["unknown flag --colour"], result.Errors);
        Assert.Null(result.Options);
    }

    [Fact]
    public void A_value_is_taken_after_an_equals_sign_or_as_the_next_argument_and_a_switch_alone_is_true()
    {
        var options = Parse(["--name=x", "--count", "4", "--verbose"]).Options!;
        Assert.Equal(("x", 4, true), (options.Name, options.Count, options.Verbose));
        Assert.False(Parse(["--name", "x", "--verbose=f"]).Options!.Verbose);
        Assert.Equal(["unexpected argument \"x\""], Parse(["--name", "n", "--verbose", "x"]).Errors);
    }

    [Fact]
    public void Flags_win_over_the_environment_which_is_read_in_order_and_empty_counts_as_unset()
    {
        var env = new Dictionary<string, string> { ["SAMPLE_NAME"] = "from-env", ["SAMPLE_COUNT"] = "", ["COUNT"] = "7" };
        Assert.Equal(("from-env", 7), Parse([], env).Options! is var o ? (o.Name, o.Count) : default);
        Assert.Equal(("flag", 2), Parse(["--name", "flag", "--count", "2"], env).Options! is var f ? (f.Name, f.Count) : default);

        // An empty flag is not given, and does not fall back to the variable either.
        Assert.Equal(["--name (SAMPLE_NAME) is required"], Parse(["--name="], env).Errors);
    }

    [Fact]
    public void A_single_flag_given_twice_keeps_the_last_unless_the_syntax_refuses_repeats()
    {
        Assert.Equal(5, Parse(["--name", "x", "--count", "2", "--count", "5"]).Options!.Count);
        Assert.Equal(
            ["--count: given 2 times, but takes one value"],
            Parse(["--name", "x", "--count", "2", "--count", "5"], syntax: new OptionSyntax { RepeatIsError = true }).Errors);
    }

    [Fact]
    public void Single_dash_flags_are_read_only_when_the_syntax_says_so()
    {
        Assert.Equal(["unexpected argument \"-name\"", "unexpected argument \"x\"", "--name (SAMPLE_NAME) is required"], Parse(["-name", "x"]).Errors);
        Assert.Equal("x", Parse(["-name", "x"], syntax: new OptionSyntax { SingleDash = true }).Options!.Name);
    }

    [Fact]
    public void A_repeatable_flag_appends_each_occurrence_in_order_and_replaces_the_default()
    {
        Assert.Equal(["a.yaml"], Parse(["--name", "x"]).Options!.Urls);
        Assert.Equal(["b", "c", "d"], Parse(["--name", "x", "--url", "b", "--url=c", "--url", "d"]).Options!.Urls);
    }

    [Fact]
    public void A_repeatable_flags_variable_is_read_once_as_a_comma_separated_list_and_flags_win_over_it()
    {
        var env = new Dictionary<string, string> { ["SAMPLE_NAME"] = "x", ["SAMPLE_URL"] = "b, c ,d" };
        Assert.Equal(["b", "c", "d"], Parse([], env).Options!.Urls);
        Assert.Equal(["e"], Parse(["--url", "e"], env).Options!.Urls);
    }

    [Fact]
    public void A_repeatable_flag_checks_its_values_together()
    {
        Assert.Equal(["--url (SAMPLE_URL): 'b' is given twice"], Parse(["--name", "x", "--url", "b", "--url", "c", "--url", "b"]).Errors);
    }

    [Fact]
    public void A_secret_prints_redacted_wherever_it_goes()
    {
        var options = Parse(["--name", "x", "--token", "s3cret"]).Options!;
        Assert.Equal("s3cret", options.Token!.Reveal());
        Assert.Equal("[redacted]", options.Token.ToString());
        Assert.DoesNotContain("s3cret", options.ToString());
        Assert.DoesNotContain("s3cret", $"{options.Token}");

        var help = new OptionTable<SampleOptions>(Rows).Help(new SampleOptions());
        Assert.DoesNotContain("built-in-secret", help);
        Assert.Contains("sent upstream (default [redacted])", help);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(24)]
    public void Help_lists_every_row_with_its_names_and_its_default_in_either_layout(int column)
    {
        var table = new OptionTable<SampleOptions>(Rows, new OptionSyntax { HelpColumn = column });
        var help = table.Help(new SampleOptions());
        foreach (var row in table.Rows)
        {
            Assert.Contains(row.Help, help);
            Assert.All(row.Env, env => Assert.Contains(env, help));
            if (row.Flag is not null)
            {
                Assert.Contains("--" + row.Flag, help);
            }
        }

        Assert.Contains("who runs (required)", help);
        Assert.Contains("how many (default 3)", help);
        Assert.Contains("say more (default false)", help);
        Assert.Contains("how (default fast)", help);
        Assert.Contains("between tries (default 1m30s)", help);
        Assert.Contains("where from, in order (default a.yaml)", help);
    }

    [Fact]
    public void Help_in_columns_puts_each_flag_with_its_variables_on_one_line_and_a_note_replaces_a_default()
    {
        var rows = Rows.Select(r => r.Flag == "url" ? r with { DefaultNote = "the bundled list", ValueName = "URL" } : r).ToList();
        var help = new OptionTable<SampleOptions>(rows, new OptionSyntax { HelpColumn = 12 }).Help(new SampleOptions());
        Assert.Contains("  --count      [SAMPLE_COUNT, COUNT] how many (default 3)\n", help, StringComparison.Ordinal);
        Assert.Contains("  --url URL    [SAMPLE_URL] where from, in order (default the bundled list)\n", help, StringComparison.Ordinal);
    }

    [Fact]
    public void Rows_are_found_by_flag_name_and_an_unknown_name_says_so()
    {
        var table = new OptionTable<SampleOptions>(Rows);
        Assert.Equal("--count (SAMPLE_COUNT)", table.Flag("count").Label);
        Assert.Equal("--mode", table.Flag("mode").Label);
        Assert.Contains("--nope", Assert.Throws<KeyNotFoundException>(() => table.Flag("nope")).Message);
    }

    [Fact]
    public void A_help_word_asks_for_help_instead_of_a_run()
    {
        Assert.True(Parse(["--count", "0", "-h"]).Help);
        Assert.False(Parse(["--name", "x", "--help"], syntax: new OptionSyntax { HelpWords = [] }).Help);
    }

    [Fact]
    public void Rules_across_rows_add_to_the_same_errors()
    {
        var table = new OptionTable<SampleOptions>(Rows);
        var result = table.Parse(["--mode", "slow", "--count", "11"], _ => null, new SampleOptions(), (o, errors) =>
        {
            if (o.Mode == "slow" && !o.Verbose)
            {
                errors.Add("--mode slow needs --verbose");
            }

            return o;
        });
        Assert.Equal(
            ["--name (SAMPLE_NAME) is required", "--count (SAMPLE_COUNT): \"11\" is not a whole number from 1 to 10", "--mode slow needs --verbose"],
            result.Errors);
    }
}
