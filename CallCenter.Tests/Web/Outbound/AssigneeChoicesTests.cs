using CallCenter.Data.Accounts;
using CallCenter.Web.Components.Pages.Outbound;

namespace CallCenter.Tests.Web.Outbound;

public sealed class AssigneeChoicesTests
{
    private static readonly AssigneeChoices Choices = new(["会津若松", "いわき"],
        [new UserAccount { UserId = 7, UserName = "sato", DisplayName = "佐藤 健一", Role = UserRole.Operator, PasswordHash = "x" }]);

    [Theory]
    [InlineData("user:7", 7, null)]
    [InlineData("site:いわき", null, "いわき")]
    [InlineData("user:x", null, null)]
    [InlineData("いわき", null, null)]
    [InlineData(null, null, null)]
    public void Parse_NamesTheOperatorOrTheSite(string? choice, int? userId, string? site) =>
        Assert.Equal((userId, site), AssigneeChoices.Parse(choice));

    [Fact]
    public void Choices_RoundTrip_ThroughParse()
    {
        Assert.Equal((7, (string?)null), AssigneeChoices.Parse(AssigneeChoices.UserChoice(7)));
        Assert.Equal(((int?)null, "会津若松"), AssigneeChoices.Parse(AssigneeChoices.SiteChoice("会津若松")));
    }

    [Theory]
    [InlineData("site:いわき", "拠点 いわき")]
    [InlineData("user:7", "佐藤 健一（sato）")]
    [InlineData("user:8", "user:8")]
    [InlineData(null, null)]
    public void Label_IsWhatTheSelectShows(string? choice, string? expected) => Assert.Equal(expected, Choices.Label(choice));
}
