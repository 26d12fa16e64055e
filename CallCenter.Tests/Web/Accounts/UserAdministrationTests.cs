using System.Globalization;
using System.Security.Claims;
using CallCenter.Data.Accounts;
using CallCenter.Data.Audit;
using CallCenter.Web.Components.Pages.Accounts;
using CallCenter.Web.Security;
using Microsoft.Extensions.DependencyInjection;

namespace CallCenter.Tests.Web.Accounts;

/// <summary>The users page's data work on a real SQLite file, done by "admin": each change, its audit row and its message.</summary>
public sealed class UserAdministrationTests : AdminPageTestContext
{
    private UserAdministration Admin => Services.GetRequiredService<UserAdministration>();

    private SessionRepository Sessions => new(Db.Connections, TimeProvider.System);

    private ClaimsPrincipal AdminPrincipal => new(new ClaimsIdentity(
    [
        new Claim(ClaimTypes.NameIdentifier, AdminId.ToString(CultureInfo.InvariantCulture)),
        new Claim(ClaimTypes.Name, "admin"),
        new Claim(CallCenterClaims.Site, "会津若松"),
    ], "test"));

    private async Task<UserAccount> UserAsync(string userName, UserRole role = UserRole.Operator) =>
        await Users.FindByNameAsync(userName)
        ?? await Users.FindByIdAsync((await Users.CreateAsync(userName, "渡邊 美咲", role, "いわき", SignInService.HashPassword("irrelevant-pass-1")))!.Value)
        ?? throw new InvalidOperationException("user not created");

    [Fact]
    public async Task Load_GivesEveryUser_And_TheLockedNames()
    {
        await UserAsync("watanabe");
        var failures = new SignInFailureRepository(Db.Connections);
        for (var i = 0; i < 3; i++)
        {
            await failures.TryReserveAsync("watanabe", "203.0.113.5", 3, DateTime.UtcNow, TimeSpan.FromMinutes(15));
        }

        var (users, locks) = await Admin.LoadAsync(AdminPrincipal);

        Assert.Equal(["admin", "watanabe"], users.Select(u => u.UserName).Order(StringComparer.Ordinal));
        Assert.Equal(1, Assert.Single(locks).Value.Addresses);
        Assert.True(locks.ContainsKey("watanabe"));
    }

    [Fact]
    public async Task Create_StoresTheUserWithAHashedPassword_And_Audits()
    {
        var input = new NewUserInput { UserName = " Watanabe ", DisplayName = " 渡邊 美咲 ", Role = UserRole.Supervisor, Site = "いわき", Password = "shiomi-bousai-7", Confirm = "shiomi-bousai-7" };

        var created = await Admin.CreateAsync(input, AdminPrincipal);

        Assert.Equal((true, "ユーザー「渡邊 美咲（watanabe）」を登録しました。"), (created.Created, created.Text));
        var stored = (await Users.FindByNameAsync("watanabe"))!;
        Assert.Equal(("渡邊 美咲", UserRole.Supervisor, "いわき"), (stored.DisplayName, stored.Role, stored.Site));
        Assert.True(SignInService.VerifyPassword(stored, "shiomi-bousai-7"));
        var audit = (await AuditRowsAsync()).First();
        Assert.Equal((AuditActions.CreateUser, "watanabe", "役割 スーパーバイザー・拠点 いわき", "admin", AdminId),
            (audit.Action, audit.TargetId, audit.Details, audit.UserName, audit.UserId!.Value));
    }

    [Fact]
    public async Task Create_WritesNothing_And_NamesTheTakenName_When_TheNameExists()
    {
        await UserAsync("sato");
        var input = new NewUserInput { UserName = "sato", DisplayName = "別の 佐藤", Site = NewUserInput.NoSite, Password = "shiomi-bousai-7", Confirm = "shiomi-bousai-7" };

        var created = await Admin.CreateAsync(input, AdminPrincipal);

        Assert.Equal(new UserCreation(false, "ユーザー名「sato」は既に使われています。別の名前にしてください。"), created);
        Assert.Equal("渡邊 美咲", (await Users.FindByNameAsync("sato"))!.DisplayName);
        Assert.DoesNotContain(await AuditRowsAsync(), a => a.Action == AuditActions.CreateUser);
    }

    [Fact]
    public async Task Disable_EndsTheUsersSessions_And_Audits_And_Enable_RestoresTheAccount()
    {
        var user = await UserAsync("suzuki");
        var sessionId = await Sessions.StartAsync(user.UserId, "いわき");

        var (disabled, _) = await Admin.SetDisabledAsync(user, disable: true, AdminPrincipal);

        Assert.Equal("「渡邊 美咲（suzuki）」を無効にしました。サインイン中の画面はサインアウトします。", disabled);
        Assert.True((await Users.FindByNameAsync("suzuki"))!.IsDisabled);
        Assert.Equal(SessionEndReasons.Disabled, (await Sessions.FindAsync(sessionId))!.EndReason);
        var audit = (await AuditRowsAsync()).First();
        Assert.Equal((AuditActions.DisableUser, "suzuki", "サインイン中のセッション 1件を終了"), (audit.Action, audit.TargetId, audit.Details));

        var (enabled, _) = await Admin.SetDisabledAsync(user, disable: false, AdminPrincipal);

        Assert.Equal("「渡邊 美咲（suzuki）」を有効にしました。", enabled);
        Assert.False((await Users.FindByNameAsync("suzuki"))!.IsDisabled);
        audit = (await AuditRowsAsync()).First();
        Assert.Equal((AuditActions.EnableUser, "suzuki", null), (audit.Action, audit.TargetId, audit.Details));
    }

    [Fact]
    public async Task Unlock_ClearsTheLockFromEveryAddress_And_Audits()
    {
        var user = await UserAsync("watanabe");
        var failures = new SignInFailureRepository(Db.Connections);
        foreach (var address in new[] { "203.0.113.5", "198.51.100.7" })
        {
            for (var i = 0; i < 3; i++)
            {
                await failures.TryReserveAsync("watanabe", address, 3, DateTime.UtcNow, TimeSpan.FromMinutes(15));
            }
        }

        var (message, _) = await Admin.UnlockAsync(user, AdminPrincipal);

        Assert.Equal("「渡邊 美咲（watanabe）」のロックを解除しました。すぐにサインインできます。", message);
        Assert.Empty(await failures.LocksAsync(DateTime.UtcNow));
        var audit = (await AuditRowsAsync()).First();
        Assert.Equal((AuditActions.UnlockUser, "watanabe", "接続元 2件のロックを解除", "admin"), (audit.Action, audit.TargetId, audit.Details, audit.UserName));
    }

    [Fact]
    public async Task ResetPassword_SetsTheNewPassword_EndsSessions_And_Audits()
    {
        var user = await UserAsync("watanabe");
        var sessionId = await Sessions.StartAsync(user.UserId, "いわき");

        var (message, _) = await Admin.ResetPasswordAsync(user, "new-password-2026", AdminPrincipal);

        Assert.Equal("「渡邊 美咲（watanabe）」のパスワードを再設定しました。新しいパスワードを本人に伝えてください。", message);
        var stored = (await Users.FindByNameAsync("watanabe"))!;
        Assert.True(SignInService.VerifyPassword(stored, "new-password-2026"));
        Assert.False(SignInService.VerifyPassword(stored, "irrelevant-pass-1"));
        Assert.Equal(SessionEndReasons.PasswordChanged, (await Sessions.FindAsync(sessionId))!.EndReason);
        var audit = (await AuditRowsAsync()).First();
        Assert.Equal((AuditActions.ResetPassword, "watanabe", "サインイン中のセッション 1件を終了"), (audit.Action, audit.TargetId, audit.Details));
        Assert.DoesNotContain("new-password", audit.Details ?? "", StringComparison.Ordinal);
    }
}
