using Bunit;
using CallCenter.Data.ApiKeys;
using CallCenter.Data.Audit;
using CallCenter.Web.Components.Pages.ApiKeys;
using Dapper;
using MudBlazor;

namespace CallCenter.Tests.Web.ApiKeys;

public sealed class ApiKeysPageTests : AdminPageTestContext
{
    private ApiKeyRepository Keys => new(Db.Connections, TimeProvider.System);

    [Fact]
    public async Task Create_ShowsTheSecretOnce_And_StoresOnlyItsHash()
    {
        var cut = Render<ApiKeysPage>();
        Type(cut, "api-key-name", "いわき庁舎 電話交換機");

        cut.Find("form").Submit();

        var secret = cut.WaitForElement("[data-testid=api-key-secret]").TextContent.Trim();
        Assert.StartsWith("cc_", secret, StringComparison.Ordinal);
        Assert.Contains("今回しか表示されません", TextOf(cut, "api-key-created"), StringComparison.Ordinal);
        var key = await Keys.FindActiveAsync(secret);
        Assert.NotNull(key);
        Assert.Equal(("いわき庁舎 電話交換機", "read", "admin"), (key.Name, key.Scope, key.CreatedBy));
        await using (var connection = await Db.Connections.OpenAsync())
        {
            var stored = await connection.QuerySingleAsync<string>("SELECT KeyHash FROM ApiKeys WHERE ApiKeyId = @Id", new { Id = key.ApiKeyId });
            Assert.NotEqual(secret, stored);
            Assert.DoesNotContain(secret[3..], stored, StringComparison.Ordinal);
        }
        var audit = (await AuditRowsAsync()).First();
        Assert.Equal(AuditActions.CreateApiKey, audit.Action);
        Assert.DoesNotContain(secret, audit.Details ?? "", StringComparison.Ordinal);

        cut.Find("[data-testid=api-key-dismiss]").Click();

        Assert.DoesNotContain(secret, cut.Markup, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=api-key-secret]"));
        Assert.DoesNotContain(secret, Render<ApiKeysPage>().Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_RefusesAName_When_ItHoldsABidiControl()
    {
        var cut = Render<ApiKeysPage>();
        Type(cut, "api-key-name", "県システム\u202E連携");

        cut.Find("form").Submit();

        cut.WaitForAssertion(() => Assert.Contains("名前に使用できない制御文字 U+202E が含まれています。", cut.Markup, StringComparison.Ordinal));
        Assert.Empty(cut.FindAll("[data-testid=api-key-secret]"));
        Assert.Empty(await Keys.ListAsync());
    }

    [Fact]
    public void Create_AsksForAName_When_ItIsBlank()
    {
        var cut = Render<ApiKeysPage>();

        cut.Find("form").Submit();

        cut.WaitForAssertion(() => Assert.Contains("名前を入力してください", cut.Markup, StringComparison.Ordinal));
        Assert.Empty(cut.FindAll("[data-testid=api-key-secret]"));
    }

    [Fact]
    public async Task Revoke_AsksFirst_And_RevokesOnlyWhenConfirmed()
    {
        var (key, secret) = await Keys.CreateAsync("会津若松 集計出力", ApiKeyScope.Export, "admin");
        var dialogs = Render<MudDialogProvider>();
        var cut = Render<ApiKeysPage>();

        cut.WaitForElement($"[data-testid=api-key-revoke-{key.ApiKeyId}]").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("会津若松 集計出力」を失効させます", dialogs.Markup, StringComparison.Ordinal));
        Button(dialogs, "やめる").Click();

        dialogs.WaitForAssertion(() => Assert.DoesNotContain("を失効させます", dialogs.Markup, StringComparison.Ordinal));
        Assert.NotNull(await Keys.FindActiveAsync(secret));

        cut.Find($"[data-testid=api-key-revoke-{key.ApiKeyId}]").Click();
        dialogs.WaitForAssertion(() => Button(dialogs, "失効させる").Click());

        cut.WaitForAssertion(() => Assert.Contains("失効", TextOf(cut, $"api-key-status-{key.ApiKeyId}"), StringComparison.Ordinal));
        Assert.Null(await Keys.FindActiveAsync(secret));
        Assert.Equal("admin", (await Keys.FindByIdAsync(key.ApiKeyId))!.RevokedBy);
        var audit = (await AuditRowsAsync()).First();
        Assert.Equal((AuditActions.RevokeApiKey, "名前「会津若松 集計出力」"), (audit.Action, audit.Details));
        Assert.Empty(cut.FindAll($"[data-testid=api-key-revoke-{key.ApiKeyId}]"));
    }

    private static AngleSharp.Dom.IElement Button(IRenderedComponent<MudDialogProvider> dialogs, string text) =>
        dialogs.FindAll("button").Single(b => b.TextContent.Trim() == text);
}
