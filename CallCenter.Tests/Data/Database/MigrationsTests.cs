using CallCenter.Data.Database;
using Dapper;

namespace CallCenter.Tests.Data.Database;

public abstract class MigrationsTests<TDb> : DatabaseTests<TDb> where TDb : IDatabaseKind
{
    private static readonly string[] CoreTables =
        ["Settings", "Users", "Households", "Residents", "Calls", "SafetyReports", "Facilities", "AuditLog"];

    [SkippableFact]
    public async Task Apply_CreatesEveryCoreTable_When_DatabaseIsEmpty()
    {
        await using var connection = await Connections.OpenAsync();
        foreach (var table in CoreTables)
        {
            // A COUNT over the table fails if it does not exist.
            var count = await connection.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {table}");
            Assert.Equal(0, count);
        }
    }

    [SkippableFact]
    public async Task Apply_AppliesNothing_When_RunAgain()
    {
        var again = new Migrations(Connections).Apply();

        Assert.Empty(again.Applied);
        await using var connection = await Connections.OpenAsync();
        var journal = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM SchemaVersions");
        Assert.Equal(Migrations.ScriptNames(Db.Provider).Count, journal);
    }

    [SkippableFact]
    public void ScriptNames_AreNumberedAlike_ForBothDialects()
    {
        static IEnumerable<string> Numbers(DatabaseProvider p) =>
            Migrations.ScriptNames(p).Select(n => n.Split('.')[2]);

        var sqlite = Numbers(DatabaseProvider.Sqlite).ToList();
        Assert.NotEmpty(sqlite);
        Assert.Equal(sqlite, Numbers(DatabaseProvider.SqlServer));
        Assert.All(sqlite, n => Assert.Matches(@"^\d{4}_[a-z0-9_]+$", n));
    }
}

public sealed class MigrationsTestsOnSqlite : MigrationsTests<OnSqlite>
{
    [Fact]
    public async Task Apply_TurnsOnWalJournal_When_Sqlite()
    {
        await using var connection = await Connections.OpenAsync();
        Assert.Equal("wal", await connection.ExecuteScalarAsync<string>("PRAGMA journal_mode"));
    }

    [Fact]
    public async Task Connections_EnforceForeignKeys_When_Sqlite()
    {
        await using var connection = await Connections.OpenAsync();
        Assert.Equal(1L, await connection.ExecuteScalarAsync<long>("PRAGMA foreign_keys"));
    }
}

public sealed class MigrationsTestsOnSqlServer : MigrationsTests<OnSqlServer>;
