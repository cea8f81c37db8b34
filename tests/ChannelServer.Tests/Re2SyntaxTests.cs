using ChannelServer.Configuration;

namespace ChannelServer.Tests;

/// <summary>Channel patterns written for the reference (Go's RE2) mean the same here.</summary>
public sealed class Re2SyntaxTests
{
    private static bool Matches(string pattern, string input) =>
        ChannelConfigParser.Compile("c", "latestRegexp", pattern)!.IsMatch(input);

    [Theory]
    [InlineData(@"^v1\.[[:digit:]]+\.[[:digit:]]+\+k3s[[:digit:]]+$", "v1.31.4+k3s1", true)]
    [InlineData(@"^[[:digit:]]+$", "123", true)]
    [InlineData(@"^[[:digit:]]+$", "١٢٣", false)] // RE2's classes are ASCII
    [InlineData(@"^[[:^digit:]]+$", "abc", true)]
    [InlineData(@"^[[:^digit:]]+$", "a1c", false)]
    [InlineData(@"^[[:alpha:][:digit:]_-]+$", "rc_1-a", true)]
    [InlineData(@"^[[:alpha:]]+$", "a:p", false)] // .NET alone would read [[:alpha:]] as a set holding ':'
    [InlineData(@"^[[:space:]]$", "\t", true)]
    [InlineData(@"^[[:upper:]]+$", "ABC", true)]
    [InlineData(@"^[[:xdigit:]]+$", "0fA9", true)]
    [InlineData(@"^[[:^xdigit:]]$", "g", true)]
    [InlineData(@"^[[:^word:]]$", "-", true)]
    [InlineData(@"^[[:^word:]]$", "_", false)]
    public void Posix_classes_inside_brackets(string pattern, string input, bool expected) =>
        Assert.Equal(expected, Matches(pattern, input));

    [Theory]
    [InlineData(@"^v1\.\d+\.\d+\+k3s\d+$", "v1.31.4+k3s1", true)]
    [InlineData(@"^\d+$", "١٢٣", false)] // ASCII, as in RE2
    [InlineData(@"^\D+$", "١٢٣", true)]
    [InlineData(@"^[\d.]+$", "1.31.4", true)]
    [InlineData(@"^[^\d]+$", "abc", true)]
    [InlineData(@"^[\D]+$", "a5", false)]
    [InlineData(@"^\w+$", "k3s_1", true)]
    [InlineData(@"^\w+$", "é", false)]
    [InlineData(@"^[\W]$", "é", true)]
    [InlineData(@"^\s$", "\u00A0", false)] // no-break space is not RE2 \s
    [InlineData(@"^\s$", "\v", false)] // nor is a vertical tab
    [InlineData(@"^[\S]$", "\v", true)]
    [InlineData(@"^\S+$", "v1", true)]
    public void Perl_classes_are_ascii(string pattern, string input, bool expected) =>
        Assert.Equal(expected, Matches(pattern, input));

    [Theory]
    [InlineData(@"^\Qv1.31.4+k3s1\E$", "v1.31.4+k3s1", true)]
    [InlineData(@"^\Qv1.31.4+k3s1\E$", "v1x31x4+k3s1", false)]
    [InlineData(@"^v1\.\Q31.\E[0-9]+$", "v1.31.4", true)]
    [InlineData(@"^\Q[a]", "[a] and more", true)] // \Q without \E runs to the end
    public void Quoted_text_is_literal(string pattern, string input, bool expected) =>
        Assert.Equal(expected, Matches(pattern, input));

    [Theory]
    [InlineData(@"^[]a]+$", "]a]", true)]
    [InlineData(@"^[^]a]$", "b", true)]
    [InlineData(@"^[^]a]$", "]", false)]
    [InlineData(@"^\[:digit:\]$", "[:digit:]", true)]
    [InlineData(@"^v1\.(?P<minor>[0-9]+)\.", "v1.31.4", true)]
    public void Brackets_escapes_and_named_groups(string pattern, string input, bool expected) =>
        Assert.Equal(expected, Matches(pattern, input));

    [Theory]
    [InlineData(@"[[:nosuch:]]", "[:nosuch:]")]
    [InlineData(@"[[:^print:]]", "[:^print:]")]
    [InlineData(@"v1\.[0-9", "missing closing ]")]
    [InlineData(@"(?U)v1.*", "(?U)")]
    [InlineData(@"(a)\1", @"(a)\1")]
    public void What_cannot_be_read_the_same_is_refused_with_the_pattern_named(string pattern, string named)
    {
        var e = Assert.Throws<ConfigurationException>(() => ChannelConfigParser.Compile("c", "latestRegexp", pattern));
        Assert.Contains("channel 'c': latestRegexp", e.Message);
        Assert.Contains(named, e.Message);
    }
}
