using System.Globalization;
using System.Security.Claims;
using Bunit;
using CallCenter.Data.Accounts;
using CallCenter.Data.Audit;
using CallCenter.Web.Components.Pages.Accounts;
using CallCenter.Web.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace CallCenter.Tests.Web.Accounts;

/// <summary>
/// The password page (a static form) for the signed-in admin, over a real SQLite file: its Japanese messages, and what a
/// change does to the stored password, the sessions, the cookie and the audit log.
/// </summary>
public sealed class PasswordPageTests : AdminPageTestContext
{
    private const string CurrentPassword = "admin-password-1";

    private readonly DefaultHttpContext http;

    public PasswordPageTests()
    {
        Services.AddSingleton<IPasswordHasher<UserAccount>, PasswordHasher<UserAccount>>();
        Services.AddScoped<SignInService>();
        // The real cookie handler signs the new session in; keys stay in memory.
        Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie();
        Services.AddDataProtection().UseEphemeralDataProtectionProvider();
        http = new DefaultHttpContext
        {
            User = new ClaimsPrincipal(new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, AdminId.ToString(CultureInfo.InvariantCulture)),
                new Claim(ClaimTypes.Name, "admin"),
                new Claim(CallCenterClaims.Site, "会津若松"),
            ], "test")),
        };
    }

    private IRenderedComponent<PasswordPage> RenderPage()
    {
        http.RequestServices = Services;
        return Render<PasswordPage>(p => p.AddCascadingValue(http));
    }

    private static void Fill(IRenderedComponent<PasswordPage> cut, string current, string @new, string confirm)
    {
        cut.Find("input[data-testid=current-password]").Change(current);
        cut.Find("input[data-testid=new-password]").Change(@new);
        cut.Find("input[data-testid=confirm-password]").Change(confirm);
    }

    private async Task<bool> StillHasAsync(string password) =>
        SignInService.VerifyPassword((await Users.FindByIdAsync(AdminId))!, password);

    [Fact]
    public async Task Submit_AsksForEachEmptyField_InJapanese()
    {
        var cut = RenderPage();

        cut.Find("form").Submit();

        cut.WaitForAssertion(() => Assert.Contains("現在のパスワードを入力してください。", cut.Markup, StringComparison.Ordinal));
        Assert.Contains("新しいパスワードを入力してください。", cut.Markup, StringComparison.Ordinal);
        Assert.Contains("確認のため、もう一度入力してください。", cut.Markup, StringComparison.Ordinal);
        Assert.True(await StillHasAsync(CurrentPassword));
    }

    [Fact]
    public async Task Submit_RefusesAWrongCurrentPassword_Audits_And_KeepsTheForm()
    {
        var cut = RenderPage();
        Fill(cut, "not-my-password", "shiomi-bousai-7", "shiomi-bousai-7");

        cut.Find("form").Submit();

        cut.WaitForAssertion(() => Assert.Equal("現在のパスワードが違います。", cut.Find("[data-testid=password-message]").TextContent.Trim()));
        Assert.NotNull(cut.Find("[data-testid=change-password-button]"));
        Assert.True(await StillHasAsync(CurrentPassword));
        var audit = (await AuditRowsAsync()).First();
        Assert.Equal((AuditActions.ChangePassword, "現在のパスワードの誤り（変更していません）"), (audit.Action, audit.Details));
    }

    [Fact]
    public async Task Submit_RefusesAConfirmationThatDiffers()
    {
        var cut = RenderPage();
        Fill(cut, CurrentPassword, "shiomi-bousai-7", "shiomi-bousai-8");

        cut.Find("form").Submit();

        cut.WaitForAssertion(() => Assert.Equal("新しいパスワードと確認が一致しません。", cut.Find("[data-testid=password-message]").TextContent.Trim()));
        Assert.True(await StillHasAsync(CurrentPassword));
    }

    [Fact]
    public async Task Submit_ChangesThePassword_StartsANewSession_SignsItIn_And_Audits()
    {
        var sessions = new SessionRepository(Db.Connections, TimeProvider.System);
        var oldSession = await sessions.StartAsync(AdminId, "会津若松");
        var cut = RenderPage();
        Fill(cut, CurrentPassword, "shiomi-bousai-7", "shiomi-bousai-7");

        cut.Find("form").Submit();

        cut.WaitForAssertion(() => Assert.Equal("パスワードを変更しました。", cut.Find("[data-testid=password-message]").TextContent.Trim()));
        Assert.Empty(cut.FindAll("form"));
        Assert.True(await StillHasAsync("shiomi-bousai-7"));
        Assert.False(await StillHasAsync(CurrentPassword));
        Assert.Equal(SessionEndReasons.PasswordChanged, (await sessions.FindAsync(oldSession))!.EndReason);
        Assert.Contains(".AspNetCore.Cookies=", http.Response.Headers.SetCookie.ToString(), StringComparison.Ordinal);
        var audit = (await AuditRowsAsync()).First();
        Assert.Equal((AuditActions.ChangePassword, "変更しました", "admin"), (audit.Action, audit.Details, audit.TargetId));
    }
}
