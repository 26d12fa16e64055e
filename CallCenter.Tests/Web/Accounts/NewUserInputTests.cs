using CallCenter.Web.Components.Pages.Accounts;
using CallCenter.Web.Security;

namespace CallCenter.Tests.Web.Accounts;

public sealed class NewUserInputTests
{
    private static readonly SecurityOptions Security = new();

    private static NewUserInput Valid() => new()
    {
        UserName = " Watanabe ", DisplayName = " 渡邊 美咲 ", Site = "いわき", Password = "shiomi-bousai-7", Confirm = "shiomi-bousai-7",
    };

    [Fact]
    public void Check_Passes_And_Normalizes_When_EveryFieldIsGood()
    {
        var input = Valid();

        Assert.Empty(input.Check(Security));
        Assert.Equal(("watanabe", "渡邊 美咲", "いわき"), (input.NormalizedUserName, input.TrimmedDisplayName, input.SiteOrNull));
    }

    [Fact]
    public void Check_NamesEveryMissingField()
    {
        var errors = new NewUserInput().Check(Security);

        Assert.Equal("ユーザー名を入力してください。", errors[nameof(NewUserInput.UserName)]);
        Assert.Equal("表示名を入力してください。", errors[nameof(NewUserInput.DisplayName)]);
        Assert.Contains("10文字以上", errors[nameof(NewUserInput.Password)], StringComparison.Ordinal);
        Assert.False(errors.ContainsKey(nameof(NewUserInput.Confirm)));
    }

    [Theory]
    [InlineData("ito saki", "ユーザー名は空白を含まない50文字以内にしてください。")]
    [InlineData("a123456789b123456789c123456789d123456789e123456789f", "ユーザー名は空白を含まない50文字以内にしてください。")]
    public void Check_RejectsTheUserName(string userName, string expected)
    {
        var input = Valid();
        input.UserName = userName;

        Assert.Equal(expected, Assert.Single(input.Check(Security)).Value);
    }

    [Fact]
    public void Check_RejectsAPasswordHoldingTheUserName_Before_TheConfirmation()
    {
        var input = Valid();
        input.Password = "watanabe-2026";

        Assert.Equal("パスワードにユーザー名を含めないでください。", input.Check(Security)[nameof(NewUserInput.Password)]);
        input.Password = "shiomi-bousai-8";
        Assert.Equal("確認のパスワードが一致しません。", Assert.Single(input.Check(Security)).Value);
    }

    [Fact]
    public void NoSite_IsStoredAsNull()
    {
        var input = Valid();
        input.Site = NewUserInput.NoSite;

        Assert.Null(input.SiteOrNull);
    }

    [Fact]
    public void PasswordReset_ChecksThePolicyFirst_Then_TheConfirmation()
    {
        var reset = new PasswordResetInput { Password = "suzuki-2026-x", Confirm = "other" };
        Assert.Equal([PasswordResetInput.PasswordField], reset.Check("suzuki", Security).Keys);

        reset.Password = "shiomi-bousai-7";
        Assert.Equal("確認のパスワードが一致しません。", reset.Check("suzuki", Security)[PasswordResetInput.ConfirmField]);

        reset.Confirm = "shiomi-bousai-7";
        Assert.Empty(reset.Check("suzuki", Security));
    }
}
