using CallCenter.Data.Accounts;
using CallCenter.Data.ApiKeys;
using CallCenter.Data.Calls;
using CallCenter.Data.Towns;
using Dapper;
using Microsoft.Data.Sqlite;

namespace CallCenter.Tests.Data.Accounts;

/// <summary>
/// Issue 19: an account or API key is created with its towns and its audit row in one transaction. A failure at any step
/// (writing the towns, writing the audit row) leaves nothing: above all no account or key without its towns, which would
/// see every town. Failures are made real with a SQLite trigger that aborts the statement.
/// </summary>
public sealed class AccountCreationTests : IAsyncLifetime
{
    private static readonly OperatorContext Admin = new(null, "admin", "いわき");

    private readonly TestDatabase.SqliteTestDatabase db = TestDatabase.CreateSqlite();
    private int okuma;

    private UserRepository Users => new(db.Connections, TimeProvider.System);

    private ApiKeyRepository Keys => new(db.Connections, TimeProvider.System);

    public async Task InitializeAsync()
    {
        db.Migrate();
        await ExecuteAsync("UPDATE Towns SET Code = '079995', Name = '汐見町' WHERE TownId = 1");
        okuma = (await new TownRepository(db.Connections, TimeProvider.System).AddAsync("075451", "大熊町")).Town!.TownId;
    }

    public async Task DisposeAsync() => await db.DisposeAsync();

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = await db.Connections.OpenAsync();
        await connection.ExecuteAsync(sql);
    }

    private async Task<long> CountAsync(string table)
    {
        await using var connection = await db.Connections.OpenAsync();
        return await connection.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {table}");
    }

    private Task FailInsertsInto(string table) =>
        ExecuteAsync($"CREATE TRIGGER FailInsert BEFORE INSERT ON {table} BEGIN SELECT RAISE(ABORT, 'disk full'); END");

    private Task<int?> CreateOkumaUserAsync() => Users.CreateAsync(
        new NewAccount("okuma1", "大熊 花子", UserRole.Operator, "いわき", "HASH", TownScope.Only([okuma])), Admin, "役割 オペレーター・町 大熊町（075451）");

    [Theory]
    [InlineData("AuditLog")]
    [InlineData("UserTowns")]
    public async Task CreateUser_LeavesNoAccount_When_AStepFails(string failing)
    {
        await FailInsertsInto(failing);

        await Assert.ThrowsAsync<SqliteException>(CreateOkumaUserAsync);

        Assert.Null(await Users.FindByNameAsync("okuma1"));
        Assert.Equal((0L, 0L, 0L), (await CountAsync("Users"), await CountAsync("UserTowns"), await CountAsync("AuditLog")));

        // Once the fault is gone, the same creation succeeds whole.
        await ExecuteAsync("DROP TRIGGER FailInsert");
        var id = await CreateOkumaUserAsync();
        Assert.Equal([okuma], (await new TownRepository(db.Connections, TimeProvider.System).ScopeOfUserAsync(id!.Value)).TownIds);
        Assert.Equal(1L, await CountAsync("AuditLog"));
    }

    [Theory]
    [InlineData("AuditLog")]
    [InlineData("ApiKeyTowns")]
    public async Task CreateApiKey_LeavesNoKey_When_AStepFails(string failing)
    {
        await FailInsertsInto(failing);

        await Assert.ThrowsAsync<SqliteException>(() =>
            Keys.CreateAsync("大熊町 PBX", ApiKeyScope.Read, TownScope.Only([okuma]), Admin, prefix => $"名前「大熊町 PBX」・キーの先頭 {prefix}"));

        Assert.Equal((0L, 0L, 0L), (await CountAsync("ApiKeys"), await CountAsync("ApiKeyTowns"), await CountAsync("AuditLog")));
    }
}
