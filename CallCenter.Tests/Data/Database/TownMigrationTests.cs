using CallCenter.Data.Database;
using CallCenter.Data.Demo;
using CallCenter.Data.Imports;
using CallCenter.Data.Towns;
using CallCenter.Tests.Data.Demo;
using Microsoft.Data.Sqlite;

using static CallCenter.Tests.Data.Database.MigrationFiles;

namespace CallCenter.Tests.Data.Database;

/// <summary>
/// Issue 19: migrating a one-town database (as release ≤0023 left it) keeps every row and link. The data are written by
/// the product itself — the demo seeder (register import, calls, reports, shelters, requests, intentions, mailing
/// addresses, returned mail, announcements, scripts) — into a fully migrated database, then moved column by column
/// into a database migrated only up to 0023 (with its triggers held off while the rows move, so summaries are copied,
/// not counted twice). Then 0024 runs, and every table must hold the same rows, Residents and Households gaining only
/// TownId = 1; the indexes and triggers must all be back and every foreign key must hold.
/// </summary>
public sealed class TownMigrationTests : IAsyncLifetime
{
    private static readonly string[] NewTables = ["ApiKeyTowns", "Towns", "UserTowns"];

    private readonly TestDatabase.SqliteTestDatabase seeded = TestDatabase.CreateSqlite();
    private readonly TestDatabase.SqliteTestDatabase old = TestDatabase.CreateSqlite();

    public async Task InitializeAsync()
    {
        seeded.Migrate();
        var time = new FixedTimeProvider(new DateTimeOffset(2026, 4, 1, 6, 30, 0, TimeSpan.Zero));
        var result = await new DemoTownSeeder(seeded.Connections, new ResidentImportService(seeded.Connections, time), time)
            .SeedAsync(new DemoSeedOptions(Residents: 1500));
        Assert.True(result.Seeded, result.Message);
        new Migrations(old.Connections) { StopBefore = "0024" }.Apply();
        CopyRows(seeded.Path, old.Path);
    }

    public async Task DisposeAsync()
    {
        await seeded.DisposeAsync();
        await old.DisposeAsync();
    }

    /// <summary>Every row of every table, each as "column=value|…" over the given columns, sorted.</summary>
    private static Dictionary<string, List<string>> Snapshot(SqliteConnection connection, Dictionary<string, List<string>> columnsOf)
    {
        var snapshot = new Dictionary<string, List<string>>();
        foreach (var (table, columns) in columnsOf)
        {
            var row = string.Join(" || '|' || ", columns.Select(c => $"'{c}=' || COALESCE(quote(\"{c}\"), 'NULL')"));
            var rows = Strings(connection, $"SELECT {row} FROM \"{table}\"");
            rows.Sort(StringComparer.Ordinal);
            snapshot[table] = rows;
        }
        return snapshot;
    }

    private static List<string> IndexesAndTriggers(SqliteConnection connection) =>
        Strings(connection, """
            SELECT type || ' ' || name || ' on ' || tbl_name
              FROM sqlite_master
             WHERE type IN ('index', 'trigger') AND name NOT LIKE 'sqlite_autoindex_%'
             ORDER BY type, name
            """);

    [Fact]
    public void Migration0024_KeepsEveryRowAndLink_OfAOneTownDatabase()
    {
        Dictionary<string, List<string>> columnsBefore;
        Dictionary<string, List<string>> before;
        List<string> structureBefore;
        using (var connection = Open(old.Path))
        {
            columnsBefore = Tables(connection).ToDictionary(t => t, t => Columns(connection, t));
            before = Snapshot(connection, columnsBefore);
            structureBefore = IndexesAndTriggers(connection);
            // The seeded story reached the old schema: the register, its households, calls and reports at least.
            foreach (var table in new[] { "Residents", "Households", "Calls", "CallResidents", "SafetyReports", "IntentionAnswers", "MailingAddresses", "Requests" })
            {
                Assert.True(before[table].Count > 0, $"{table} has no rows to migrate");
            }
        }

        var applied = new Migrations(old.Connections) { StopBefore = "0025" }.Apply();

        Assert.Equal(["db.sqlite.0024_add_towns.sql"], applied.Applied);
        using (var connection = Open(old.Path))
        {
            Assert.Equal(columnsBefore.Keys.Concat(NewTables).Order(StringComparer.Ordinal), Tables(connection).Order(StringComparer.Ordinal));
            foreach (var (table, columns) in columnsBefore)
            {
                var now = Columns(connection, table);
                var added = now.Except(columns).ToList();
                string[] expectedAdded = table is "Residents" or "Households" ? ["TownId"] : [];
                Assert.Equal(expectedAdded, added);
                Assert.Empty(columns.Except(now));
            }
            var after = Snapshot(connection, columnsBefore);
            foreach (var table in columnsBefore.Keys)
            {
                Assert.True(before[table].SequenceEqual(after[table]), $"{table}: the rows changed");
            }
            Assert.Equal(["0"], Strings(connection, "SELECT CAST(COUNT(*) AS TEXT) FROM Residents WHERE TownId <> 1"));
            Assert.Equal(["0"], Strings(connection, "SELECT CAST(COUNT(*) AS TEXT) FROM Households WHERE TownId <> 1"));
            Assert.Empty(Strings(connection, "SELECT \"table\" FROM pragma_foreign_key_check"));
            var structureAfter = IndexesAndTriggers(connection);
            Assert.Empty(structureBefore.Except(structureAfter));
            Assert.Equal(
                structureBefore.Where(s => s.StartsWith("trigger ", StringComparison.Ordinal)),
                structureAfter.Where(s => s.StartsWith("trigger ", StringComparison.Ordinal)));
            Assert.Equal(["1||"], Strings(connection, "SELECT TownId || '|' || Code || '|' || Name FROM Towns"));
        }

        // Town:Code, once configured, names the town the register migrated into.
        new Migrations(old.Connections, new TownDefaults("079995", "汐見町")).Apply();

        using (var connection = Open(old.Path))
        {
            Assert.Equal(["1|079995|汐見町"], Strings(connection, "SELECT TownId || '|' || Code || '|' || Name FROM Towns"));
        }
    }
}
