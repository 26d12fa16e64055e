using System.Text;
using CallCenter.Data.Imports;
using CallCenter.Data.Reports;
using CallCenter.Data.Residents;
using Dapper;

namespace CallCenter.Tests.Data.Database;

/// <summary>Many operator sessions save at once: none may fail with a busy database, none may be lost.</summary>
public abstract class ConcurrentWritersTests<TDb> : DatabaseTests<TDb> where TDb : IDatabaseKind
{
    [SkippableFact]
    public async Task Append_KeepsEveryReport_When_ManyWritersSaveAtOnce()
    {
        const string csv = "住民番号,世帯番号,続柄,氏名,氏名カナ,生年月日,性別\n1,H1,世帯主,澤田 進,サワダ ススム,1950/1/1,男\n";
        await new ResidentImportService(Connections, TimeProvider.System).ImportAsync(new MemoryStream(Encoding.UTF8.GetBytes(csv)), false);
        var residentId = (await new ResidentRepository(Connections).FindIdByNumberAsync("1"))!.Value;
        var reports = new ReportRepository(Connections, TimeProvider.System);
        var start = new DateTime(2026, 3, 12, 0, 0, 0, DateTimeKind.Utc);

        const int writers = 8, each = 25;
        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < each; i++)
            {
                await reports.AppendAsync(new NewSafetyReport(residentId, SafetyStatus.Safe, ReportSource.Self, null,
                    Consent.NotAsked, null, null, null, start.AddMinutes(w * each + i), $"writer {w} #{i}"));
            }
        })));

        await using var connection = await Connections.OpenAsync();
        Assert.Equal(writers * each, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM SafetyReports"));
        // The current status points at the report with the newest ReportedAt, whoever saved last.
        var newest = await connection.ExecuteScalarAsync<long>(
            "SELECT ReportId FROM SafetyReports WHERE ReportedAt = (SELECT MAX(ReportedAt) FROM SafetyReports)");
        Assert.Equal(newest, await connection.ExecuteScalarAsync<long>("SELECT StatusReportId FROM Residents WHERE ResidentId = @residentId", new { residentId }));
    }
}

public sealed class ConcurrentWritersTestsOnSqlite : ConcurrentWritersTests<OnSqlite>;

public sealed class ConcurrentWritersTestsOnSqlServer : ConcurrentWritersTests<OnSqlServer>;
