using System.Globalization;
using System.Text;
using CallCenter.Data.Calls;
using CallCenter.Data.Database;
using CallCenter.Data.Demo;
using CallCenter.Data.Imports;
using CallCenter.Data.Reports;
using CallCenter.Tests.Data.Calls;
using Dapper;
using Microsoft.Data.Sqlite;

namespace CallCenter.Tests.Data.Imports;

/// <summary>
/// A check never blocks the call center: while a register or a status list is checked (dry run, preview, or the
/// check before a commit), an operator's save goes through at once. The save runs inside the import's own progress
/// callback, so the import is certainly still running; it uses the real report writer on a connection whose busy
/// timeout is 1 s, so a write lock held by the import would make it fail (the old code held BEGIN IMMEDIATE from the
/// first line to the last).
/// </summary>
public sealed class ImportWriteLockTests : IAsyncLifetime
{
    private readonly TestDatabase.SqliteTestDatabase db = TestDatabase.CreateSqlite();
    private readonly string folder = Path.Combine(Path.GetTempPath(), "callcenter-tests", Guid.NewGuid().ToString("N"));

    private ConnectionFactory Connections => db.Connections;

    public async Task InitializeAsync()
    {
        db.Migrate();
        Directory.CreateDirectory(folder);
        await CallTestData.ImportAsync(Connections, CallTestData.FiveMemberRegister);
    }

    public async Task DisposeAsync()
    {
        await db.DisposeAsync();
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task Save_Completes_While_LargeRegisterDryRunIsChecking()
    {
        var register = RegisterFile(100_000);
        var resident = await CallTestData.ResidentAsync(Connections, "K0001");
        var saves = new List<long>();
        var progress = new InlineProgress(rows =>
        {
            if (rows is 10_000 or 60_000)
            {
                saves.Add(SaveReportWithShortTimeout(resident.ResidentId));
            }
        });

        var result = await new ResidentImportService(Connections, TimeProvider.System).ImportFileAsync(register, dryRun: true, progress);

        Assert.True(result.Errors.Count == 0, string.Join("; ", result.Errors.Take(3)));
        Assert.True(result.DryRun);
        Assert.Equal(100_000, result.Inserted);
        Assert.Equal(2, saves.Count);
        Assert.Equal(2, await CountAsync("SELECT COUNT(*) FROM SafetyReports WHERE ResidentId = @Id", resident.ResidentId));
        Assert.Equal(6, await CountAsync("SELECT COUNT(*) FROM Residents"));
    }

    [Fact]
    public async Task Commit_TakesWriteLockOnlyAfterParsing_And_WritesEverything()
    {
        var register = RegisterFile(20_000);
        var resident = await CallTestData.ResidentAsync(Connections, "K0002");
        var events = new List<string>();
        var progress = new InlineProgress(rows =>
        {
            if (rows == 5_000)
            {
                SaveReportWithShortTimeout(resident.ResidentId);
                events.Add("saved while parsing");
            }
        });
        var service = new ResidentImportService(Connections, TimeProvider.System)
        {
            BeforeWrite = () =>
            {
                events.Add("write lock");
                // Checked and staged, and the lock not yet taken: an operator still saves.
                SaveReportWithShortTimeout(resident.ResidentId);
                return Task.CompletedTask;
            },
        };

        var result = await service.ImportFileAsync(register, dryRun: false, progress);

        Assert.True(result.Committed, string.Join("; ", result.Errors.Take(3)));
        Assert.Equal("inserted 20000, updated 0, unchanged 0, errors 0", result.Summary);
        Assert.Equal(["saved while parsing", "write lock"], events);
        Assert.Equal(20_006, await CountAsync("SELECT COUNT(*) FROM Residents"));
        Assert.Equal(2, await CountAsync("SELECT COUNT(*) FROM SafetyReports WHERE ResidentId = @Id", resident.ResidentId));
        Assert.Equal(20_006, await CountAsync("SELECT SUM(Residents) FROM ResidentCounts"));
    }

    [Fact]
    public async Task Commit_ChecksAgainUnderTheLock_When_RegisterChangedAfterTheCheck()
    {
        // K0001 moves, K0002 is unchanged in the file, K0900 is new.
        var file = CallTestData.FiveMemberRegister.Replace("汐見町浜1-1,0240-11-2233", "汐見町浜9-9,0240-11-2233", StringComparison.Ordinal)
            + "\nK0900,KH09,世帯主,新井 一,アライ ハジメ,1990-01-01,男,浜区,汐見町浜5-5,\n";
        var service = new ResidentImportService(Connections, TimeProvider.System)
        {
            // After the check, before the writes: someone renames K0002 (another import, an edit).
            BeforeWrite = async () =>
            {
                await using var connection = await Connections.OpenAsync();
                await connection.ExecuteAsync("UPDATE Residents SET FamilyName = '別人' WHERE ResidentNo = 'K0002'");
            },
        };

        var result = await service.ImportAsync(new MemoryStream(Encoding.UTF8.GetBytes(file)), dryRun: false);

        // Staged against the old register it would have said "updated 1, unchanged 5" and left 別人 in place.
        Assert.Equal("inserted 1, updated 2, unchanged 4, errors 0", result.Summary);
        await using var check = await Connections.OpenAsync();
        Assert.Equal("佐藤", await check.ExecuteScalarAsync<string>("SELECT FamilyName FROM Residents WHERE ResidentNo = 'K0002'"));
        Assert.Equal("汐見町浜9-9", await check.ExecuteScalarAsync<string>("SELECT Address FROM Residents WHERE ResidentNo = 'K0001'"));
    }

    [Fact]
    public async Task Commit_StaysAllOrNothing_When_SameResidentIsInsertedAfterTheCheck()
    {
        const string newcomer = "K0900,KH09,世帯主,新井 一,アライ ハジメ,1990-01-01,男,浜区,汐見町浜5-5,\n";
        var header = CallTestData.FiveMemberRegister[..(CallTestData.FiveMemberRegister.IndexOf('\n') + 1)];
        var service = new ResidentImportService(Connections, TimeProvider.System)
        {
            // Another import adds K0900 between this one's check and its writes: staged as new, it would now collide.
            BeforeWrite = async () =>
            {
                var other = await new ResidentImportService(Connections, TimeProvider.System)
                    .ImportAsync(new MemoryStream(Encoding.UTF8.GetBytes(header + newcomer)), dryRun: false);
                Assert.True(other.Committed);
            },
        };

        var result = await service.ImportAsync(new MemoryStream(Encoding.UTF8.GetBytes(CallTestData.FiveMemberRegister + "\n" + newcomer)), dryRun: false);

        Assert.Equal("inserted 0, updated 0, unchanged 7, errors 0", result.Summary);
        Assert.Equal(1, await CountAsync("SELECT COUNT(*) FROM Residents WHERE ResidentNo = 'K0900'"));
    }

    [Fact]
    public async Task Save_Completes_While_StatusListPreviewMatches()
    {
        var (list, residents) = await StatusListAsync(3_000);
        var resident = await CallTestData.ResidentAsync(Connections, "K0003");
        var saved = 0;
        var service = new StatusListImportService(Connections, TimeProvider.System)
        {
            Matched = matched =>
            {
                if (matched is 500 or 2_500)
                {
                    SaveReportWithShortTimeout(resident.ResidentId);
                    saved++;
                }
                return Task.CompletedTask;
            },
        };

        var preview = await service.PreviewAsync(new MemoryStream(list), "list.csv", ReportSource.ShelterList);

        Assert.Empty(preview.Errors);
        Assert.Equal(residents, preview.Matched);
        Assert.Equal(2, saved);
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM StatusImports"));
    }

    [Fact]
    public async Task StatusCommit_MatchesBeforeTakingTheWriteLock_And_WritesEveryLine()
    {
        var (list, residents) = await StatusListAsync(3_000);
        var resident = await CallTestData.ResidentAsync(Connections, "K0003");
        var events = new List<string>();
        var service = new StatusListImportService(Connections, TimeProvider.System)
        {
            Matched = matched =>
            {
                if (matched == 1_000)
                {
                    SaveReportWithShortTimeout(resident.ResidentId);
                    events.Add("saved while matching");
                }
                return Task.CompletedTask;
            },
            BeforeWrite = () =>
            {
                events.Add("write lock");
                return Task.CompletedTask;
            },
        };

        var result = await service.CommitAsync(new MemoryStream(list), "list.csv", ReportSource.ShelterList, new OperatorContext(null, "test", null));

        Assert.Empty(result.Errors);
        Assert.Equal(residents, result.Reported);
        // Matched once under the snapshot only: nothing changed the register in between.
        Assert.Equal(["saved while matching", "write lock"], events);
        Assert.Equal(residents, await CountAsync("SELECT COUNT(*) FROM SafetyReports WHERE Source = @Id", (int)ReportSource.ShelterList));
    }

    [Fact]
    public async Task StatusCommit_MatchesAgain_When_SameListWasCommittedAfterTheCheck()
    {
        var (list, residents) = await StatusListAsync(200);
        var service = new StatusListImportService(Connections, TimeProvider.System)
        {
            BeforeWrite = async () =>
            {
                var other = await new StatusListImportService(Connections, TimeProvider.System)
                    .CommitAsync(new MemoryStream(list), "list.csv", ReportSource.ShelterList, new OperatorContext(null, "other", null));
                Assert.Equal(residents, other.Reported);
            },
        };

        var result = await service.CommitAsync(new MemoryStream(list), "list.csv", ReportSource.ShelterList, new OperatorContext(null, "test", null));

        Assert.Empty(result.Errors);
        Assert.Equal(0, result.Reported);
        Assert.Equal(residents, result.AlreadyImported);
        Assert.Equal(residents, await CountAsync("SELECT COUNT(*) FROM SafetyReports WHERE Source = @Id", (int)ReportSource.ShelterList));
    }

    /// <summary>An operator's save: the real report writer, on its own connection with a 1 s busy timeout.</summary>
    private long SaveReportWithShortTimeout(int residentId)
    {
        var builder = new SqliteConnectionStringBuilder(Connections.ConnectionString) { DefaultTimeout = 1 };
        using var connection = new SqliteConnection(builder.ToString());
        connection.Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        var id = ReportRepository.AppendAsync(connection, transaction, SqlDialect.Sqlite,
            new NewSafetyReport(residentId, SafetyStatus.Safe, ReportSource.Self, null, Consent.NotAsked, null, null, null,
                DateTime.UtcNow, "保存テスト"), DateTime.UtcNow, CancellationToken.None).GetAwaiter().GetResult();
        transaction.Commit();
        return id;
    }

    private string RegisterFile(int residents)
    {
        var path = Path.Combine(folder, $"register-{residents}.csv");
        using var file = File.Create(path);
        DemoTownGenerator.WriteRegisterCsv(file, residents);
        return path;
    }

    /// <summary>A register of <paramref name="residents"/> generated residents and a status list naming each by number.</summary>
    private async Task<(byte[] List, int Residents)> StatusListAsync(int residents)
    {
        var import = await new ResidentImportService(Connections, TimeProvider.System).ImportFileAsync(RegisterFile(residents), dryRun: false);
        Assert.True(import.Committed);
        await using var connection = await Connections.OpenAsync();
        var rows = await connection.QueryAsync<(string ResidentNo, string FamilyName, string GivenName, string FamilyNameKana,
            string GivenNameKana, string? BirthDate, int Sex)>(
            "SELECT ResidentNo, FamilyName, GivenName, FamilyNameKana, GivenNameKana, BirthDate, Sex FROM Residents WHERE ResidentNo NOT LIKE 'K%'");
        var text = new StringBuilder(StatusImportTestData.Header).Append("\r\n");
        foreach (var r in rows)
        {
            var sex = CallCenter.Data.Common.Sexes.Label((CallCenter.Data.Common.Sex)r.Sex);
            text.Append(CultureInfo.InvariantCulture,
                $"{r.ResidentNo},{r.FamilyName} {r.GivenName},{r.FamilyNameKana} {r.GivenNameKana},{r.BirthDate},{(sex == "不明" ? "" : sex)},無事,避難所,福島県,会津若松市,第一中学校,,2026/03/13\r\n");
        }
        return (Encoding.UTF8.GetBytes(text.ToString()), residents);
    }

    private async Task<int> CountAsync(string sql, int id = 0)
    {
        await using var connection = await Connections.OpenAsync();
        return await connection.ExecuteScalarAsync<int>(sql, new { Id = id });
    }

    /// <summary>Reports progress on the import's own thread, at once (Progress&lt;T&gt; would post it elsewhere).</summary>
    private sealed class InlineProgress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }
}
