using Bunit;
using CallCenter.Data.Accounts;
using CallCenter.Data.ApiKeys;
using CallCenter.Data.Audit;
using CallCenter.Data.Towns;
using CallCenter.Web.Components.Pages.Accounts;
using CallCenter.Web.Components.Pages.ApiKeys;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace CallCenter.Tests.Web.Accounts;

/// <summary>
/// Issue 19 on ユーザー管理 and APIキー: with two towns, accounts and keys are created with towns, show them, and have them
/// changed (audited: who changed whose towns from what to what); an admin of one town gives only that town. With one
/// town nothing shows a town.
/// </summary>
public sealed class AccountTownsTests : AdminPageTestContext
{
    private TownRepository Towns => new(Db.Connections, TimeProvider.System);

    private async Task<(Town Shiomi, Town Okuma)> TwoTownsAsync()
    {
        await using (var connection = await Db.Connections.OpenAsync())
        {
            await connection.ExecuteAsync("UPDATE Towns SET Code = '079995', Name = '汐見町' WHERE TownId = 1");
        }
        var okuma = (await Towns.AddAsync("075451", "大熊町")).Town!;
        return ((await Towns.FindByCodeAsync("079995"))!, okuma);
    }

    private static void NewUser<T>(IRenderedComponent<T> cut, string userName) where T : Microsoft.AspNetCore.Components.IComponent
    {
        cut.Find("[data-testid=create-user-open]").Click();
        Type(cut, "new-user-name", userName);
        Type(cut, "new-display-name", "大熊 花子");
        Type(cut, "new-password", "okuma-bousai-2026");
        Type(cut, "new-password-confirm", "okuma-bousai-2026");
    }

    [Fact]
    public async Task OneTown_ShowsNoTownColumn_NorField()
    {
        var cut = Render<UsersPage>();
        cut.WaitForAssertion(() => cut.Find("[data-testid=user-admin]"));
        Assert.Empty(cut.FindAll("[data-testid=towns-admin]"));
        cut.Find("[data-testid=create-user-open]").Click();
        Assert.Empty(cut.FindAll("[data-testid=new-towns]"));
        var keys = Render<ApiKeysPage>();
        keys.WaitForAssertion(() => keys.Find("[data-testid=api-keys-table]"));
        Assert.Empty(keys.FindAll("[data-testid=api-key-towns]"));
    }

    [Fact]
    public async Task AnAllTownsAdmin_CreatesAnAccountOfOneTown_And_ChangesItsTowns_Audited()
    {
        var (shiomi, okuma) = await TwoTownsAsync();
        var cut = Render<UsersPage>();
        cut.WaitForAssertion(() => Assert.Equal("すべての町", TextOf(cut, "towns-admin")));
        NewUser(cut, "okuma1");
        cut.Find("input[data-testid=new-towns-075451]").Change(true);

        cut.Find("form").Submit();

        cut.WaitForAssertion(() => Assert.Equal("大熊町", TextOf(cut, "towns-okuma1")));
        var id = (await Users.FindByNameAsync("okuma1"))!.UserId;
        Assert.Equal([okuma.TownId], (await Towns.ScopeOfUserAsync(id)).TownIds);
        // One audited step: the create row names the towns; no separate towns row.
        var row = Assert.Single(await AuditRowsAsync(), e => e.Action == AuditActions.CreateUser && e.TargetId == "okuma1");
        Assert.Equal(("user", "役割 オペレーター・拠点 会津若松・町 大熊町（075451）", "admin"), (row.TargetType, row.Details, row.UserName));
        Assert.DoesNotContain(await AuditRowsAsync(), e => e.Action == AuditActions.SetUserTowns);

        cut.Find("[data-testid=change-towns-okuma1]").Click();
        cut.WaitForElement("input[data-testid=edit-towns-079995]").Change(true);
        cut.Find("[data-testid=towns-edit] form").Submit();

        cut.WaitForAssertion(() => Assert.Equal("汐見町・大熊町", TextOf(cut, "towns-okuma1")));
        Assert.Equal([shiomi.TownId, okuma.TownId], (await Towns.ScopeOfUserAsync(id)).TownIds);
        Assert.Equal("町 大熊町（075451） → 汐見町（079995）・大熊町（075451）",
            (await AuditRowsAsync()).First(e => e.Action == AuditActions.SetUserTowns).Details);

        // Nothing ticked: every town again.
        cut.Find("[data-testid=change-towns-okuma1]").Click();
        cut.WaitForElement("input[data-testid=edit-towns-079995]").Change(false);
        cut.Find("input[data-testid=edit-towns-075451]").Change(false);
        cut.Find("[data-testid=towns-edit] form").Submit();
        cut.WaitForAssertion(() => Assert.Equal("すべての町", TextOf(cut, "towns-okuma1")));
        Assert.True((await Towns.ScopeOfUserAsync(id)).IsAll);
    }

    [Fact]
    public async Task AOneTownAdmin_MustGiveItsOwnTown_And_DoesNotSeeAnAllTownsAccount()
    {
        var (_, okuma) = await TwoTownsAsync();
        await Towns.SetUserScopeAsync(AdminId, TownScope.Only([okuma.TownId]));
        await Users.CreateAsync("everywhere", "全町 職員", UserRole.Operator, null, "x");
        var cut = Render<UsersPage>();
        cut.WaitForAssertion(() => cut.Find("[data-testid=towns-admin]"));
        // An all-towns account is not a one-town admin's to see.
        Assert.Empty(cut.FindAll("[data-testid=towns-everywhere]"));
        NewUser(cut, "okuma2");
        // Only its own town is offered.
        Assert.Empty(cut.FindAll("input[data-testid=new-towns-079995]"));

        cut.Find("form").Submit();

        cut.WaitForAssertion(() => Assert.Contains("町を1つ以上選んでください", TextOf(cut, "new-towns-help"), StringComparison.Ordinal));
        Assert.Null(await Users.FindByNameAsync("okuma2"));

        cut.Find("input[data-testid=new-towns-075451]").Change(true);
        cut.Find("form").Submit();
        cut.WaitForAssertion(() => Assert.Equal("大熊町", TextOf(cut, "towns-okuma2")));

        Assert.Empty(cut.FindAll("[data-testid=towns-everywhere]"));
    }

    [Fact]
    public void Problem_FollowsTheGrantRule()
    {
        Town[] all = [new Town(1, "079995", "汐見町"), new Town(2, "075451", "大熊町")];
        var okumaOnly = TownScope.Only([2]);
        Assert.Null(TownGrants.Problem(TownScope.All, TownScope.All, [], all));
        Assert.Null(TownGrants.Problem(TownScope.All, okumaOnly, [1], all));
        Assert.Null(TownGrants.Problem(okumaOnly, null, [2], all));
        Assert.Null(TownGrants.Problem(okumaOnly, okumaOnly, [2], all));
        Assert.Contains("1つ以上", TownGrants.Problem(okumaOnly, null, [], all));
        Assert.Contains("担当外の町（汐見町（079995））", TownGrants.Problem(okumaOnly, null, [1, 2], all));
        Assert.Contains("担当外の町も見る対象", TownGrants.Problem(okumaOnly, TownScope.All, [2], all));
        Assert.Contains("担当外の町も見る対象", TownGrants.Problem(okumaOnly, TownScope.Only([1, 2]), [2], all));
        Assert.Contains("存在しない町", TownGrants.Problem(TownScope.All, null, [7], all));
    }

    [Fact]
    public async Task ApiKeys_AreCreatedWithTowns_Shown_And_Changed_Audited()
    {
        var (shiomi, okuma) = await TwoTownsAsync();
        var cut = Render<ApiKeysPage>();
        cut.WaitForAssertion(() => cut.Find("[data-testid=api-key-towns]"));
        Type(cut, "api-key-name", "大熊町役場 出力");
        cut.Find("input[data-testid=api-key-towns-075451]").Change(true);

        cut.Find("form").Submit();

        cut.WaitForElement("[data-testid=api-key-secret]");
        var key = (await new ApiKeyRepository(Db.Connections, TimeProvider.System).ListAsync()).Single();
        Assert.Equal([okuma.TownId], (await Towns.ScopeOfApiKeyAsync(key.ApiKeyId)).TownIds);
        cut.WaitForAssertion(() => Assert.Equal("大熊町", TextOf(cut, $"api-key-towns-{key.ApiKeyId}")));
        // One audited step: the create row names the towns; no separate towns row.
        Assert.Equal($"名前「大熊町役場 出力」・権限 読み取り・キーの先頭 {key.KeyPrefix}・町 大熊町（075451）",
            Assert.Single(await AuditRowsAsync(), e => e.Action == AuditActions.CreateApiKey).Details);
        Assert.DoesNotContain(await AuditRowsAsync(), e => e.Action == AuditActions.SetApiKeyTowns);

        cut.Find($"[data-testid=api-key-change-towns-{key.ApiKeyId}]").Click();
        cut.Find("input[data-testid=edit-towns-075451]").Change(false);
        cut.Find("input[data-testid=edit-towns-079995]").Change(true);
        cut.Find("[data-testid=towns-edit] form").Submit();

        cut.WaitForAssertion(() => Assert.Equal("汐見町", TextOf(cut, $"api-key-towns-{key.ApiKeyId}")));
        Assert.Equal([shiomi.TownId], (await Towns.ScopeOfApiKeyAsync(key.ApiKeyId)).TownIds);
        Assert.Equal("名前「大熊町役場 出力」・町 大熊町（075451） → 汐見町（079995）",
            (await AuditRowsAsync()).First(e => e.Action == AuditActions.SetApiKeyTowns).Details);
    }

    private System.Security.Claims.ClaimsPrincipal AdminPrincipal => new(new System.Security.Claims.ClaimsIdentity(
    [
        new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.NameIdentifier, AdminId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.Name, "admin"),
        new System.Security.Claims.Claim(CallCenter.Web.Security.CallCenterClaims.Site, "会津若松"),
    ], "test"));

    private async Task<long> CountAsync(string table)
    {
        await using var connection = await Db.Connections.OpenAsync();
        return await connection.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {table}");
    }

    [Fact]
    public async Task ALimitedAdmin_ByIdActionsOnAnAccountOutsideItsTowns_AreNotFound_And_ChangeNothing()
    {
        var (shiomi, okuma) = await TwoTownsAsync();
        await Towns.SetUserScopeAsync(AdminId, TownScope.Only([okuma.TownId]));
        var hash = CallCenter.Web.Security.SignInService.HashPassword("old-password-12");
        var shiomi1 = (await Users.CreateAsync("shiomi1", "汐見 職員", UserRole.Operator, null, hash, towns: TownScope.Only([shiomi.TownId])))!.Value;
        var everywhere = (await Users.CreateAsync("everywhere", "全町 職員", UserRole.Operator, null, hash))!.Value;
        var okuma1 = (await Users.CreateAsync("okuma1", "大熊 職員", UserRole.Operator, null, hash, towns: TownScope.Only([okuma.TownId])))!.Value;
        var admin = Services.GetRequiredService<UserAdministration>();
        var grants = ActivatorUtilities.CreateInstance<TownGrants>(Services);

        Assert.Equal(["admin", "okuma1"], (await admin.LoadAsync(AdminPrincipal)).Users.Select(u => u.UserName));
        foreach (var id in new[] { shiomi1, everywhere })
        {
            var user = (await Users.FindByIdAsync(id))!;
            Assert.Equal((UserAdministration.NotFound, true), await admin.SetDisabledAsync(user, true, AdminPrincipal));
            Assert.Equal((UserAdministration.NotFound, true), await admin.ResetPasswordAsync(user, "new-password-2026", AdminPrincipal));
            Assert.Equal((UserAdministration.NotFound, true), await admin.UnlockAsync(user, AdminPrincipal));
            Assert.Equal((UserAdministration.NotFound, true), await admin.SetDepartmentAsync(user, null, null, AdminPrincipal));
            Assert.Equal((UserAdministration.NotFound, true), await grants.SetUserAsync(id, user.UserName, user.DisplayName, [okuma.TownId], AdminPrincipal));
            var after = (await Users.FindByIdAsync(id))!;
            Assert.False(after.IsDisabled);
            Assert.True(CallCenter.Web.Security.SignInService.VerifyPassword(after, "old-password-12"));
        }
        Assert.True((await Towns.ScopeOfUserAsync(everywhere)).IsAll);
        Assert.Equal([shiomi.TownId], (await Towns.ScopeOfUserAsync(shiomi1)).TownIds);
        Assert.DoesNotContain(await AuditRowsAsync(), e => e.TargetId is "shiomi1" or "everywhere");

        // Its own town's account: done.
        Assert.False((await admin.SetDisabledAsync((await Users.FindByIdAsync(okuma1))!, true, AdminPrincipal)).Refused);
        Assert.True((await Users.FindByIdAsync(okuma1))!.IsDisabled);
    }

    [Fact]
    public async Task ALimitedAdmin_SeesAndChangesOnlyTheApiKeysInsideItsTowns()
    {
        var (shiomi, okuma) = await TwoTownsAsync();
        await Towns.SetUserScopeAsync(AdminId, TownScope.Only([okuma.TownId]));
        var keys = new ApiKeyRepository(Db.Connections, TimeProvider.System);
        var (everywhere, _) = await keys.CreateAsync("全町 出力", ApiKeyScope.Export, "admin");
        var (shiomiKey, _) = await keys.CreateAsync("汐見町 PBX", ApiKeyScope.Read, "admin", towns: TownScope.Only([shiomi.TownId]));
        var (okumaKey, _) = await keys.CreateAsync("大熊町 PBX", ApiKeyScope.Read, "admin", towns: TownScope.Only([okuma.TownId]));

        var cut = Render<ApiKeysPage>();

        cut.WaitForAssertion(() => cut.Find($"[data-testid=api-key-row-{okumaKey.ApiKeyId}]"));
        Assert.Empty(cut.FindAll($"[data-testid=api-key-row-{everywhere.ApiKeyId}]"));
        Assert.Empty(cut.FindAll($"[data-testid=api-key-row-{shiomiKey.ApiKeyId}]"));
        var grants = ActivatorUtilities.CreateInstance<TownGrants>(Services);
        Assert.Equal((TownGrants.NotFoundApiKey, true), await grants.SetApiKeyAsync(everywhere.ApiKeyId, everywhere.Name, [okuma.TownId], AdminPrincipal));
        Assert.Equal((TownGrants.NotFoundApiKey, true), await grants.SetApiKeyAsync(shiomiKey.ApiKeyId, shiomiKey.Name, [okuma.TownId], AdminPrincipal));
        Assert.True((await Towns.ScopeOfApiKeyAsync(everywhere.ApiKeyId)).IsAll);
        Assert.Equal([shiomi.TownId], (await Towns.ScopeOfApiKeyAsync(shiomiKey.ApiKeyId)).TownIds);
    }

    [Fact]
    public async Task CreatingAnAccountWithTowns_LeavesNothing_When_ItsAuditRowCannotBeWritten()
    {
        var (_, okuma) = await TwoTownsAsync();
        await using (var connection = await Db.Connections.OpenAsync())
        {
            await connection.ExecuteAsync("CREATE TRIGGER FailAudit BEFORE INSERT ON AuditLog BEGIN SELECT RAISE(ABORT, 'disk full'); END");
        }
        var input = new NewUserInput
        {
            UserName = "okuma1", DisplayName = "大熊 花子", Password = "okuma-bousai-2026", Confirm = "okuma-bousai-2026", Towns = [okuma.TownId],
        };

        await Assert.ThrowsAsync<Microsoft.Data.Sqlite.SqliteException>(() => Services.GetRequiredService<UserAdministration>().CreateAsync(input, AdminPrincipal));

        Assert.Null(await Users.FindByNameAsync("okuma1"));
        Assert.Equal(0L, await CountAsync("UserTowns"));
    }
}
