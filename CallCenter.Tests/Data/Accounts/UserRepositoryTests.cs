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
}

public sealed class UserRepositoryTestsOnSqlite : UserRepositoryTests<OnSqlite>;

public sealed class UserRepositoryTestsOnSqlServer : UserRepositoryTests<OnSqlServer>;
