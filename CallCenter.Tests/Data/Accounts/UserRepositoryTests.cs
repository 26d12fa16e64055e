using CallCenter.Data.Accounts;

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
}

public sealed class UserRepositoryTestsOnSqlite : UserRepositoryTests<OnSqlite>;

public sealed class UserRepositoryTestsOnSqlServer : UserRepositoryTests<OnSqlServer>;
