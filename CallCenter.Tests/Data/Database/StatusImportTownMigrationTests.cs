using System.Text;
using CallCenter.Data.Accounts;
using CallCenter.Data.Calls;
using CallCenter.Data.Database;
using CallCenter.Data.Imports;
using CallCenter.Data.Reports;
using CallCenter.Data.Towns;
using CallCenter.Tests.Data.Calls;
using CallCenter.Tests.Data.Imports;
using Microsoft.Data.Sqlite;

using static CallCenter.Tests.Data.Database.MigrationFiles;

namespace CallCenter.Tests.Data.Database;

/// <summary>
/// Migration 0028 (StatusImports.TownId): the status lists, their lines and the review queue's state are written by the
/// product into a fully migrated database, moved column by column into a database migrated only up to 0027, and then
/// 0028 runs. A one-town database keeps every row, each import in town 1; a database that already held two towns gives
/// each import the town its lines were matched in.
/// </summary>
public sealed class StatusImportTownMigrationTests : IAsyncLifetime
{
    private readonly TestDatabase.SqliteTestDatabase seeded = TestDatabase.CreateSqlite();
    private readonly TestDatabase.SqliteTestDatabase old = TestDatabase.CreateSqlite();
    private readonly TestClock clock = new(new DateTimeOffset(2026, 3, 14, 1, 30, 0, TimeSpan.Zero));

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await seeded.DisposeAsync();
        await old.DisposeAsync();
    }

    // Every row of the table over the columns it had before 0028, sorted.
    private static List<string> Snapshot(SqliteConnection connection, string table, IReadOnlyList<string> columns)
    {
        var row = string.Join(" || '|' || ", columns.Select(c => $"'{c}=' || COALESCE(quote(\"{c}\"), 'NULL')"));
        var rows = Strings(connection, $"SELECT {row} FROM \"{table}\"");
        rows.Sort(StringComparer.Ordinal);
        return rows;
    }

    private Task<StatusImportResult> CommitAsync(string csv, OperatorContext by, int? townId = null) =>
        new StatusListImportService(seeded.Connections, clock).CommitAsync(new MemoryStream(Encoding.UTF8.GetBytes(csv)), "名簿.csv",
            ReportSource.ShelterList, by, townId: townId);

    /// <summary>Moves the seeded rows into a database at 0027, applies the rest; returns the tables' rows before and the columns they had.</summary>
    private Dictionary<string, (List<string> Columns, List<string> Rows)> MigrateOld()
    {
        new Migrations(old.Connections) { StopBefore = "0028" }.Apply();
        CopyRows(seeded.Path, old.Path);
        var before = new Dictionary<string, (List<string>, List<string>)>();
        using (var connection = Open(old.Path))
        {
            Assert.DoesNotContain("TownId", Columns(connection, "StatusImports"));
            foreach (var table in new[] { "StatusImports", "StatusImportRows", "SafetyReports", "Residents" })
            {
                var columns = Columns(connection, table);
                before[table] = (columns, Snapshot(connection, table, columns));
            }
        }
        var applied = new Migrations(old.Connections).Apply();
        Assert.Contains("db.sqlite.0028_status_imports_by_town.sql", applied.Applied);
        return before;
    }

    [Fact]
    public async Task Migration0028_KeepsEveryStatusImportRow_OfAOneTownDatabase_InTown1()
    {
        seeded.Migrate();
        await CallTestData.ImportAsync(seeded.Connections, StatusImportTestData.Register);
        var by = await CallTestData.StaffAsync(seeded.Connections, clock, "sv-aizu", "会津 監督", UserRole.Supervisor, "会津若松");
        Assert.Equal(4, (await CommitAsync(StatusImportTestData.MixedList, by)).Queued);
        Assert.Equal(1, (await CommitAsync(StatusImportTestData.Header + "\r\n,鈴木 一郎,スズキ イチロウ,1960/01/01,男,無事,避難所,福島県,郡山市,ビッグパレットふくしま,,2026/03/14\r\n", by)).Reported);
        var queue = new StatusReviewQueue(seeded.Connections, clock);
        var pending = await queue.PendingAsync(TownScope.All);
        Assert.Null(await queue.SkipAsync(pending[^1].StatusImportRowId, "重複", by, TownScope.All));
        Assert.Null((await queue.CreateProvisionalAsync(pending[0].StatusImportRowId, by, TownScope.All)).Problem);

        var before = MigrateOld();

        using var connection = Open(old.Path);
        Assert.Equal(2, before["StatusImports"].Rows.Count);
        Assert.Equal(7, before["StatusImportRows"].Rows.Count);
        foreach (var (table, (columns, rows)) in before)
        {
            Assert.True(rows.SequenceEqual(Snapshot(connection, table, columns)), $"{table}: the rows changed");
        }
        Assert.Equal(["1", "1"], Strings(connection, "SELECT TownId FROM StatusImports ORDER BY StatusImportId"));
        Assert.Empty(Strings(connection, "SELECT \"table\" FROM pragma_foreign_key_check"));
        Assert.Single(Strings(connection, "SELECT name FROM sqlite_master WHERE type = 'index' AND name = 'IX_StatusImports_TownId'"));
        // The queue reads the migrated lines as before: two still wait, in town 1.
        Assert.Equal(2, await new StatusReviewQueue(old.Connections, clock).CountPendingAsync(TownScope.Only([1])));
    }

    [Fact]
    public async Task Migration0028_GivesEachImportTheTownItsLinesWereMatchedIn_When_SeveralTownsExist()
    {
        var towns = await TwoTownData.CreateAsync(seeded.Connections);
        var by = await CallTestData.StaffAsync(seeded.Connections, clock, "sv-joint", "合同 監督", UserRole.Supervisor, "いわき");
        const string Header = StatusImportTestData.Header;
        // 大熊町: one line matched (渡辺 花子); 大熊町 again: only a line that waits (汐見町's 佐藤 正男 under K0001, whose
        // candidate is 大熊町's K0001); 汐見町: one line matched.
        var matched = Header + "\r\nK0001,渡辺 花子,ワタナベ ハナコ,1944/08/20,女,無事,避難所,福島県,いわき市,いわき市立体育館,,2026/03/13\r\n";
        var waiting = Header + "\r\nK0001,佐藤 正男,サトウ マサオ,昭和22年5月3日,男,無事,避難所,福島県,会津若松市,第一中学校,,2026/03/13\r\n";
        var shiomi = Header + "\r\nK0002,佐藤 節子,サトウ セツコ,昭和25年8月1日,女,無事,避難所,福島県,会津若松市,第一中学校,,2026/03/13\r\n";
        Assert.Equal(1, (await CommitAsync(matched, by, towns.Okuma.TownId)).Reported);
        Assert.Equal(1, (await CommitAsync(waiting, by, towns.Okuma.TownId)).Queued);
        Assert.Equal(1, (await CommitAsync(shiomi, by, towns.Shiomi.TownId)).Reported);

        var before = MigrateOld();

        using var connection = Open(old.Path);
        foreach (var (table, (columns, rows)) in before)
        {
            Assert.True(rows.SequenceEqual(Snapshot(connection, table, columns)), $"{table}: the rows changed");
        }
        Assert.Equal([$"{towns.Okuma.TownId}", $"{towns.Okuma.TownId}", $"{towns.Shiomi.TownId}"],
            Strings(connection, "SELECT TownId FROM StatusImports ORDER BY StatusImportId"));
        Assert.Empty(Strings(connection, "SELECT \"table\" FROM pragma_foreign_key_check"));
    }
}
