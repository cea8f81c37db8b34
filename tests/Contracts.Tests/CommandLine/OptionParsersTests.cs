using Contracts.CommandLine;

namespace Contracts.Tests.CommandLine;

public class OptionParsersTests
{
    [Theory]
    [InlineData("1", true)]
    [InlineData("t", true)]
    [InlineData("T", true)]
    [InlineData("TRUE", true)]
    [InlineData("true", true)]
    [InlineData("True", true)]
    [InlineData("0", false)]
    [InlineData("f", false)]
    [InlineData("F", false)]
    [InlineData("FALSE", false)]
    [InlineData("false", false)]
    [InlineData("False", false)]
    public void Booleans_are_the_spellings_of_gos_parse_bool(string text, bool expected)
    {
        Assert.True(OptionParsers.Bool(text, out var value, out var error));
        Assert.Equal(expected, value);
        Assert.Null(error);
    }

    [Theory]
    [InlineData("yes")]
    [InlineData("tRUE")]
    [InlineData("")]
    public void Other_booleans_are_refused(string text)
    {
        Assert.False(OptionParsers.Bool(text, out _, out var error));
        Assert.Equal($"\"{text}\" is not true or false", error);
    }

    [Fact]
    public void Numbers_keep_their_bounds()
    {
        Assert.True(OptionParsers.Long(0)("9000000000", out var big, out _));
        Assert.Equal(9_000_000_000, big);
        Assert.False(OptionParsers.Int(0)("9000000000", out _, out var error));
        Assert.Equal("\"9000000000\" is not a whole number from 0 to 2147483647", error);
        Assert.False(OptionParsers.Long(1)("0", out _, out error));
        Assert.Equal("\"0\" is not a whole number of at least 1", error);
        Assert.True(OptionParsers.Number(0, 1)("0.25", out var share, out _));
        Assert.Equal(0.25, share);
        Assert.False(OptionParsers.Number(0, 1)("NaN", out _, out error));
        Assert.Equal("\"NaN\" is not a number from 0 to 1", error);
        Assert.False(OptionParsers.Number(0)("-1", out _, out error));
        Assert.Equal("\"-1\" is not a number of at least 0", error);
    }

    [Fact]
    public void Durations_are_gos_and_may_be_required_above_zero()
    {
        Assert.True(OptionParsers.Duration(positive: true)("1h30m", out var value, out _));
        Assert.Equal(TimeSpan.FromMinutes(90), value);
        Assert.True(OptionParsers.Duration(positive: false)("0s", out _, out _));
        Assert.False(OptionParsers.Duration(positive: true)("0s", out _, out var error));
        Assert.Equal("\"0s\" must be above 0", error);
    }

    [Fact]
    public void Urls_patterns_and_choices_are_checked_when_read()
    {
        Assert.True(OptionParsers.HttpUrl("https://example.com/x", out var url, out _));
        Assert.Equal("example.com", url.Host);
        Assert.False(OptionParsers.HttpUrl("file:///etc/passwd", out _, out _));
        Assert.False(OptionParsers.Pattern("(", out _, out var error));
        Assert.NotNull(error);
        Assert.False(OptionParsers.Choice("a", "b")("c", out _, out error));
        Assert.Equal("\"c\" is not one of a, b", error);
    }
}
