using Bunit;
using CallCenter.Data.Accounts;
using CallCenter.Data.Audit;
using CallCenter.Web.Components.Pages.Accounts;
using CallCenter.Web.Security;

namespace CallCenter.Tests.Web.Accounts;

public sealed class UsersPageTests : AdminPageTestContext
{
    [Fact]
    public async Task Department_IsShown_SetAndCleared_AndAudited()
    {
        var clerk = (await Users.CreateAsync("fukko1", "復興 一郎", UserRole.Operator, "会津若松", "x"))!.Value;
        var cut = Render<UsersPage>();
        cut.WaitForAssertion(() => cut.Find("[data-testid=department-fukko1]"));
        Assert.Equal("なし", cut.Find("[data-testid=department-fukko1] option[selected]").TextContent);

        await cut.Find("[data-testid=department-fukko1]").ChangeAsync(new Microsoft.AspNetCore.Components.ChangeEventArgs { Value = "復興推進課" });

        cut.WaitForAssertion(() => Assert.Equal("「復興 一郎（fukko1）」の担当課を「復興推進課」にしました。", TextOf(cut, "users-message")));
        Assert.Equal(6, await Users.DepartmentOfAsync(clerk));
        Assert.Equal("復興推進課", cut.Find("[data-testid=department-fukko1] option[selected]").TextContent);

        await cut.Find("[data-testid=department-fukko1]").ChangeAsync(new Microsoft.AspNetCore.Components.ChangeEventArgs { Value = "" });

        cut.WaitForAssertion(() => Assert.Equal("「復興 一郎（fukko1）」の担当課をなしにしました。", TextOf(cut, "users-message")));
        Assert.Null(await Users.DepartmentOfAsync(clerk));
        Assert.Equal(["担当課 復興推進課", "担当課なし"], (await AuditRowsAsync()).Where(e => e.Action == AuditActions.SetUserDepartment)
            .Reverse().Select(e => e.Details));
    }

    [Fact]
    public void CreateUser_ShowsJapaneseMessages_When_FieldsAreMissing()
    {
        var cut = Render<UsersPage>();
        cut.Find("[data-testid=create-user-open]").Click();

        cut.Find("form").Submit();

        cut.WaitForAssertion(() => Assert.Contains("ユーザー名を入力してください。", cut.Markup, StringComparison.Ordinal));
        Assert.Contains("表示名を入力してください。", cut.Markup, StringComparison.Ordinal);
        Assert.Contains("パスワードは10文字以上にしてください。", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void CreateUser_RejectsPassword_When_ItHoldsTheUserName_Or_ConfirmationDiffers()
    {
        var cut = Render<UsersPage>();
        cut.Find("[data-testid=create-user-open]").Click();
        Type(cut, "new-user-name", "watanabe");
        Type(cut, "new-display-name", "渡邊 美咲");
        Type(cut, "new-password", "watanabe-2026");
        Type(cut, "new-password-confirm", "watanabe-2026");

        cut.Find("form").Submit();
        cut.WaitForAssertion(() => Assert.Contains("パスワードにユーザー名を含めないでください。", cut.Markup, StringComparison.Ordinal));

        Type(cut, "new-password", "shiomi-bousai-7");
        Type(cut, "new-password-confirm", "shiomi-bousai-8");
        cut.Find("form").Submit();
        cut.WaitForAssertion(() => Assert.Contains("確認のパスワードが一致しません。", cut.Markup, StringComparison.Ordinal));
        Assert.DoesNotContain("パスワードにユーザー名を含めないでください。", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateUser_AddsAnEnabledAccount_And_Audits_When_Valid()
    {
        var cut = Render<UsersPage>();
        await CreateAsync(cut, "Watanabe", "渡邊 美咲", "shiomi-bousai-7");

        cut.WaitForAssertion(() => Assert.Contains("渡邊 美咲（watanabe）」を登録しました", TextOf(cut, "users-message"), StringComparison.Ordinal));
        Assert.Equal("有効", TextOf(cut, "status-watanabe"));
        Assert.Contains("オペレーター", cut.Markup, StringComparison.Ordinal);
        var stored = await Users.FindByNameAsync("watanabe");
        Assert.NotNull(stored);
        Assert.Equal("会津若松", stored.Site);
        Assert.True(SignInService.VerifyPassword(stored, "shiomi-bousai-7"));
        Assert.DoesNotContain(stored.PasswordHash, cut.Markup, StringComparison.Ordinal);
        var audit = (await AuditRowsAsync()).First();
        Assert.Equal((AuditActions.CreateUser, "admin", "watanabe", AdminId), (audit.Action, audit.UserName, audit.TargetId, audit.UserId!.Value));
        Assert.DoesNotContain("shiomi", audit.Details ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateUser_SaysTheNameIsTaken_When_ItExists()
    {
        await Users.CreateAsync("sato", "佐藤 健一", UserRole.Operator, "いわき", SignInService.HashPassword("irrelevant-pass-1"));
        var cut = Render<UsersPage>();

        await CreateAsync(cut, "SATO", "佐藤 花子", "shiomi-bousai-7");

        cut.WaitForAssertion(() => Assert.Contains("ユーザー名「sato」は既に使われています。", cut.Markup, StringComparison.Ordinal));
        Assert.Equal("佐藤 健一", (await Users.FindByNameAsync("sato"))!.DisplayName);
        Assert.DoesNotContain(await AuditRowsAsync(), a => a.Action == AuditActions.CreateUser);
    }

    [Fact]
    public async Task Disable_EndsTheUsersSessions_And_Enable_RestoresTheAccount()
    {
        var id = (await Users.CreateAsync("suzuki", "鈴木 一郎", UserRole.Supervisor, "いわき", SignInService.HashPassword("irrelevant-pass-1")))!.Value;
        var sessions = new SessionRepository(Db.Connections, TimeProvider.System);
        var sessionId = await sessions.StartAsync(id, "いわき");
        var cut = Render<UsersPage>();

        cut.WaitForElement("[data-testid=disable-suzuki]").Click();

        cut.WaitForAssertion(() => Assert.Equal("無効", TextOf(cut, "status-suzuki")));
        Assert.True((await Users.FindByNameAsync("suzuki"))!.IsDisabled);
        var session = await sessions.FindAsync(sessionId);
        Assert.Equal(SessionEndReasons.Disabled, session!.EndReason);
        Assert.Equal(AuditActions.DisableUser, (await AuditRowsAsync()).First().Action);

        cut.Find("[data-testid=enable-suzuki]").Click();

        cut.WaitForAssertion(() => Assert.Equal("有効", TextOf(cut, "status-suzuki")));
        Assert.False((await Users.FindByNameAsync("suzuki"))!.IsDisabled);
        var enabled = (await AuditRowsAsync()).First();
        Assert.Equal((AuditActions.EnableUser, "suzuki"), (enabled.Action, enabled.TargetId));
    }

    [Fact]
    public async Task Unlock_ClearsTheLockFromEveryAddress_And_Audits_When_TheAccountIsLocked()
    {
        await Users.CreateAsync("watanabe", "渡邊 美咲", UserRole.Operator, "いわき", SignInService.HashPassword("irrelevant-pass-1"));
        var failures = new SignInFailureRepository(Db.Connections);
        foreach (var address in new[] { "203.0.113.5", "198.51.100.7" })
        {
            for (var i = 0; i < 3; i++)
            {
                await failures.TryReserveAsync("watanabe", address, 3, DateTime.UtcNow, TimeSpan.FromMinutes(15));
            }
        }
        var cut = Render<UsersPage>();
        cut.WaitForAssertion(() => Assert.Equal("ロック中", TextOf(cut, "status-watanabe")));
        Assert.Empty(cut.FindAll("[data-testid=unlock-admin]"));

        cut.Find("[data-testid=unlock-watanabe]").Click();

        cut.WaitForAssertion(() => Assert.Equal("有効", TextOf(cut, "status-watanabe")));
        Assert.Contains("ロックを解除しました", TextOf(cut, "users-message"), StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=unlock-watanabe]"));
        Assert.Empty(await failures.LocksAsync(DateTime.UtcNow));
        var audit = (await AuditRowsAsync()).First();
        Assert.Equal((AuditActions.UnlockUser, "watanabe", "接続元 2件のロックを解除", "admin"), (audit.Action, audit.TargetId, audit.Details, audit.UserName));
    }

    [Fact]
    public async Task Disable_IsRefused_For_TheSignedInAdmin()
    {
        var cut = Render<UsersPage>();

        var button = cut.WaitForElement("[data-testid=disable-admin]");

        Assert.True(button.HasAttribute("disabled"));
        button.Click();
        Assert.False((await Users.FindByNameAsync("admin"))!.IsDisabled);
        Assert.DoesNotContain(await AuditRowsAsync(), a => a.Action == AuditActions.DisableUser);
    }

    [Fact]
    public async Task ResetPassword_SetsTheNewPassword_EndsSessions_And_Audits()
    {
        var id = (await Users.CreateAsync("takahashi", "髙橋 和子", UserRole.Operator, "いわき", SignInService.HashPassword("old-password-11")))!.Value;
        var sessions = new SessionRepository(Db.Connections, TimeProvider.System);
        var sessionId = await sessions.StartAsync(id, "いわき");
        var cut = Render<UsersPage>();

        cut.WaitForElement("[data-testid=reset-takahashi]").Click();
        Type(cut, "reset-password", "short");
        Type(cut, "reset-password-confirm", "short");
        cut.Find("form").Submit();
        cut.WaitForAssertion(() => Assert.Contains("パスワードは10文字以上にしてください。", cut.Markup, StringComparison.Ordinal));

        Type(cut, "reset-password", "new-password-22");
        Type(cut, "reset-password-confirm", "new-password-22");
        cut.Find("form").Submit();

        cut.WaitForAssertion(() => Assert.Contains("パスワードを再設定しました", TextOf(cut, "users-message"), StringComparison.Ordinal));
        Assert.True(SignInService.VerifyPassword((await Users.FindByNameAsync("takahashi"))!, "new-password-22"));
        Assert.Equal(SessionEndReasons.PasswordChanged, (await sessions.FindAsync(sessionId))!.EndReason);
        var audit = (await AuditRowsAsync()).First();
        Assert.Equal((AuditActions.ResetPassword, "takahashi", "サインイン中のセッション 1件を終了"), (audit.Action, audit.TargetId, audit.Details));
    }

    private static Task CreateAsync(IRenderedComponent<UsersPage> cut, string userName, string displayName, string password)
    {
        cut.WaitForElement("[data-testid=create-user-open]").Click();
        Type(cut, "new-user-name", userName);
        Type(cut, "new-display-name", displayName);
        Type(cut, "new-password", password);
        Type(cut, "new-password-confirm", password);
        cut.Find("form").Submit();
        return Task.CompletedTask;
    }
}
