using Docs.Tests.Readme;

namespace Docs.Tests;

/// <summary>The README test's reading conventions, on small documents.</summary>
public sealed class ReadmeDocumentTests
{
    [Fact]
    public void Commands_continuations_loops_and_shown_output_are_told_apart()
    {
        var sections = ReadmeDocument.Parse("""
            # Title

            ## One

            ```sh
            # prose before a command
            echo a \
              b   # trailing comment
            # a b

            for p in x y; do
              echo $p
            done
            dotnet run --project Sandbox -- --listen 127.0.0.1:6443
            dotnet run --project ChannelServer -- --help
            ```

            <!-- readme-test: skip because it needs a token -->
            ```sh
            curl https://api.github.com
            ```

            ```text
            not run
            ```
            """);

        var section = Assert.Single(sections);
        Assert.Equal("One", section.Title);
        Assert.Equal(2, section.Blocks.Count);
        var commands = section.Blocks[0].Commands;
        Assert.Equal(4, commands.Count);
        Assert.Equal("echo a \\\n  b   # trailing comment", commands[0].Text);
        Assert.Equal(["a b"], commands[0].ShownOutput);
        Assert.Equal(3, commands[1].Text.Split('\n').Length);
        Assert.Empty(commands[1].ShownOutput);
        Assert.Equal(ProgramKind.Sandbox, commands[2].Server);
        Assert.Equal(6443, ProgramKinds.PortOf(commands[2].Text));
        Assert.Null(ProgramKinds.PortOf(commands[3].Text));
        Assert.Null(commands[3].Server);
        Assert.Null(section.Blocks[0].SkipReason);
        Assert.Equal("it needs a token", section.Blocks[1].SkipReason);
    }

    [Theory]
    [InlineData("<!-- readme-test: skip -->\n```sh\necho\n```")]
    [InlineData("<!-- readme-test: run twice -->\n```sh\necho\n```")]
    [InlineData("<!-- readme-test: skip because x -->\nsome prose\n```sh\necho\n```")]
    [InlineData("```sh\necho\n")]
    public void A_marker_without_a_reason_an_unknown_marker_or_an_open_block_is_refused(string markdown) =>
        Assert.Throws<FormatException>(() => ReadmeDocument.Parse("## S\n" + markdown));

    [Theory]
    [InlineData("NAME ... VERSION", "NAME   STATUS   VERSION\nx", true)]
    [InlineData("NAME ... STATUS ... VERSION", "NAME   STATUS   VERSION", true)]
    [InlineData("... All 6 nodes run v1 ...", "[ 9.0s] All 6 nodes run v1 in 3s", true)]
    [InlineData("kubeconfig: .../demo.kubeconfig", "kubeconfig: /work/demo.kubeconfig", true)]
    [InlineData("NAME ... VERSION", "NAMES VERSION", false)]
    [InlineData("... All 6 nodes", "All 6 nodes", true)]
    [InlineData("a ...", "a", true)]
    [InlineData("a ...", "ab", false)]
    [InlineData("server-1 Ready ... v1.28.15+k3s1", "NAME STATUS\nserver-1   Ready   control-plane   5s   v1.28.15+k3s1\n", true)]
    [InlineData("server-1 Ready ... v1.28.15+k3s1", "server-1   Ready   control-plane   5s   v1.28.14+k3s1\n", false)]
    [InlineData("v1.31.4+k3s1", "v1.31.4+k3s1x", false)]
    public void Shown_output_matches_by_line_with_ellipses(string shown, string output, bool matches) =>
        Assert.Equal(matches, ShownOutput.Matches([shown], output));

    [Fact]
    public void Shown_lines_must_come_in_order()
    {
        Assert.True(ShownOutput.Matches(["a", "c"], "a\nb\nc"));
        Assert.False(ShownOutput.Matches(["c", "a"], "a\nb\nc"));
    }
}
