using CallCenter.Data.Accounts;
using CallCenter.Data.Towns;

namespace CallCenter.Tests.Data.Accounts;

public abstract class UserRepositoryTests<TDb> : DatabaseTests<TDb> where TDb : IDatabaseKind
{
    private UserRepository Users => new(Connections, TimeProvider.System);

    [SkippableFact]
    public async Task Create_StoresAccount_And_RefusesDuplicateName()
    {
        var id = await Users.CreateAsync("sato", "佐藤 花子", UserRole.Supervisor, "会津若松", "HASH");
        var again = await Users.CreateAsync("sato", "別人", UserRole.Operator, null, "HASH2");

        Assert.NotNull(id);
        Assert.Null(again);
        var user = await Users.FindByNameAsync("sato");
        Assert.NotNull(user);
        Assert.Equal(("佐藤 花子", UserRole.Supervisor, "会津若松", "HASH", false), (user.DisplayName, user.Role, user.Site, user.PasswordHash, user.IsDisabled));
        Assert.Equal(id, (await Users.FindByIdAsync(id!.Value))!.UserId);
        Assert.Equal(1, await Users.CountAsync());
    }

    [SkippableFact]
    public async Task SetPasswordAndDisabled_ChangeOnlyThatAccount()
    {
        var a = (await Users.CreateAsync("a", "A", UserRole.Operator, null, "OLD"))!.Value;
        var b = (await Users.CreateAsync("b", "B", UserRole.Admin, null, "OLD"))!.Value;

        Assert.True(await Users.SetPasswordAsync(a, "NEW"));
        Assert.True(await Users.SetDisabledAsync(b, true));
        Assert.False(await Users.SetDisabledAsync(9999, true));

        var users = await Users.ListAsync();
        Assert.Equal(["a", "b"], users.Select(u => u.UserName));
        Assert.Equal(("NEW", false), (users[0].PasswordHash, users[0].IsDisabled));
        Assert.Equal(("OLD", true), (users[1].PasswordHash, users[1].IsDisabled));
    }

    [SkippableFact]
    public async Task SetDepartment_SetsAndClears_WithAJapaneseAuditRow_And_DepartmentOfReadsIt()
    {
        var admin = (await Users.CreateAsync("admin", "管理 者", UserRole.Admin, null, "H"))!.Value;
        var clerk = (await Users.CreateAsync("clerk", "復興 一郎", UserRole.Operator, null, "H"))!.Value;
        var by = new CallCenter.Data.Calls.OperatorContext(admin, "admin", null);

        Assert.Null(await Users.DepartmentOfAsync(clerk));
        Assert.Null(await Users.SetDepartmentAsync(clerk, 6, by));
        Assert.Equal(6, await Users.DepartmentOfAsync(clerk));
        Assert.Equal(6, (await Users.FindByIdAsync(clerk))!.DepartmentId);
        Assert.Equal("選んだ担当課は見つかりません。選び直してください。", await Users.SetDepartmentAsync(clerk, 99, by));
        Assert.Null(await Users.SetDepartmentAsync(clerk, null, by));
        Assert.Null(await Users.DepartmentOfAsync(clerk));
        Assert.Null(await Users.DepartmentOfAsync(9999));

        await using var connection = await Connections.OpenAsync();
        Assert.Equal(["担当課 復興推進課", "担当課なし"], (await Dapper.SqlMapper.QueryAsync<string>(connection,
            "SELECT Details FROM AuditLog WHERE Action = 'set-user-department' AND TargetId = 'clerk' ORDER BY AuditId")).ToList());
    }

    private TownRepository TownRepo => new(Connections, TimeProvider.System);

    // The first town takes a code first (as Town:Code does at start-up): towns are added only then.
    private async Task<int> AddTownAsync(string code, string name)
    {
        await using (var connection = await Connections.OpenAsync())
        {
            await Dapper.SqlMapper.ExecuteAsync(connection, "UPDATE Towns SET Code = '079995', Name = @Name WHERE Code = ''", new { Name = "汐見町" });
        }
        return (await TownRepo.AddAsync(code, name)).Town!.TownId;
    }

    private static readonly CallCenter.Data.Calls.OperatorContext Admin = new(null, "admin", "いわき");

    [SkippableFact]
    public async Task Create_WithTowns_WritesTheAccount_ItsTowns_ItsDepartment_And_OneAuditRow()
    {
        await AddTownAsync("075451", "大熊町");
        var okuma = (await TownRepo.FindByCodeAsync("075451"))!;

        var id = await Users.CreateAsync(new NewAccount(" Okuma1 ", "大熊 花子", UserRole.Operator, "いわき", "HASH", TownScope.Only([okuma.TownId])),
            Admin, "役割 オペレーター・拠点 いわき・町 大熊町（075451）");
        var again = await Users.CreateAsync(new NewAccount("okuma1", "別人", UserRole.Admin, null, "HASH2", TownScope.All), Admin, "役割 管理者");

        Assert.Null(again);
        var user = (await Users.FindByIdAsync(id!.Value))!;
        Assert.Equal(("okuma1", "大熊 花子", UserRole.Operator), (user.UserName, user.DisplayName, user.Role));
        Assert.Equal([okuma.TownId], (await TownRepo.ScopeOfUserAsync(id.Value)).TownIds);
        var row = Assert.Single(await new CallCenter.Data.Audit.AuditRepository(Connections, TimeProvider.System).RecentAsync(take: 10));
        Assert.Equal((CallCenter.Data.Audit.AuditActions.CreateUser, "user", "okuma1", "役割 オペレーター・拠点 いわき・町 大熊町（075451）", "admin"),
            (row.Action, row.TargetType, row.TargetId, row.Details, row.UserName));
    }

    [SkippableFact]
    public async Task ALimitedAdmin_ListsFindsAndChanges_OnlyTheAccountsWhoseTownsLieInsideItsOwn()
    {
        var okuma = await AddTownAsync("075451", "大熊町");
        var tomioka = await AddTownAsync("075434", "富岡町");
        var everywhere = (await Users.CreateAsync("everywhere", "全町 職員", UserRole.Operator, null, "OLD"))!.Value;
        var okuma1 = (await Users.CreateAsync("okuma1", "大熊 職員", UserRole.Operator, null, "OLD", towns: TownScope.Only([okuma])))!.Value;
        var both = (await Users.CreateAsync("both", "両町 職員", UserRole.Operator, null, "OLD", towns: TownScope.Only([okuma, tomioka])))!.Value;
        var tomioka1 = (await Users.CreateAsync("tomioka1", "富岡 職員", UserRole.Operator, null, "OLD", towns: TownScope.Only([tomioka])))!.Value;
        var okumaAdmin = TownScope.Only([okuma]);

        Assert.Equal(["okuma1"], (await Users.ListAsync(okumaAdmin)).Select(u => u.UserName));
        Assert.Equal(["both", "okuma1", "tomioka1"], (await Users.ListAsync(TownScope.Only([okuma, tomioka]))).Select(u => u.UserName));
        Assert.Equal(["both", "everywhere", "okuma1", "tomioka1"], (await Users.ListAsync(TownScope.All)).Select(u => u.UserName));

        Assert.NotNull(await Users.FindByIdAsync(okuma1, okumaAdmin));
        foreach (var other in new[] { everywhere, both, tomioka1, 9999 })
        {
            Assert.Null(await Users.FindByIdAsync(other, okumaAdmin));
            Assert.False(await Users.SetDisabledAsync(other, true, okumaAdmin));
            Assert.False(await Users.SetPasswordAsync(other, "NEW", okumaAdmin));
            Assert.Equal("このアカウントは見つかりません。画面を開き直してください。", await Users.SetDepartmentAsync(other, null, Admin, okumaAdmin));
        }
        Assert.True(await Users.SetDisabledAsync(okuma1, true, okumaAdmin));
        Assert.True(await Users.SetPasswordAsync(okuma1, "NEW", okumaAdmin));

        var stored = (await Users.ListAsync()).ToDictionary(u => u.UserName);
        Assert.Equal(("NEW", true), (stored["okuma1"].PasswordHash, stored["okuma1"].IsDisabled));
        Assert.All(new[] { "everywhere", "both", "tomioka1" }, name => Assert.Equal(("OLD", false), (stored[name].PasswordHash, stored[name].IsDisabled)));
    }
}

public sealed class UserRepositoryTestsOnSqlite : UserRepositoryTests<OnSqlite>;

public sealed class UserRepositoryTestsOnSqlServer : UserRepositoryTests<OnSqlServer>;
