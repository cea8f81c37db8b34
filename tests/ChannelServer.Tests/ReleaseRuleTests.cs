using ChannelServer.Releases;

namespace ChannelServer.Tests;

/// <summary>The pure rules a release list passes before it counts.</summary>
public sealed class ReleaseRuleTests
{
    [Theory]
    [InlineData("""[{"tag_name":"v1.0.0"},{"tag_name":"","prerelease":true}]""", null)]
    [InlineData("[]", null)]
    [InlineData("""{"message":"Not Found"}""", "a JSON object, not an array of releases (message: \"Not Found\")")]
    [InlineData("\"text\"", "a JSON string, not an array of releases")]
    [InlineData("""[{"tag_name":"v1.0.0"}, 3]""", "item 1 is a JSON number, not a release object")]
    [InlineData("""[{"tag_name":1}]""", "item 0 has no string tag_name")]
    [InlineData("""[{"name":"v1"}]""", "item 0 has no string tag_name")]
    [InlineData("[{", "not JSON")]
    public void A_release_list_is_an_array_of_objects_with_a_string_tag_name(string json, string? problem)
    {
        var found = ReleaseListShape.Problem(json);
        if (problem is null)
        {
            Assert.Null(found);
        }
        else
        {
            Assert.StartsWith(problem, found);
        }
    }

    [Theory]
    [InlineData(null, 0, false, "empty")]
    [InlineData(null, 1, false, null)]
    [InlineData(100, 50, false, null)]
    [InlineData(100, 49, false, "shrunk")]
    [InlineData(3, 1, false, "shrunk")]
    [InlineData(100, 0, false, "empty")]
    [InlineData(100, 0, true, null)]
    [InlineData(100, 10, true, null)]
    [InlineData(10, 500, false, null)]
    public void Empty_or_shrunk_by_more_than_half_is_refused_unless_accepted(int? lastGood, int count, bool accept, string? code)
    {
        Assert.Equal(code, ReleaseListShrinkRule.Refusal(lastGood, count, accept)?.Code);
    }
}
