namespace Contracts.Tests;
public class PlaceholderTests
{
    [Fact]
    public void Solution_builds() => Assert.True(true);
}
