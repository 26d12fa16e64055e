using System.Text;
using CallCenter.Data.Calls;
using CallCenter.Data.Imports;
using CallCenter.Data.Reports;
using CallCenter.Data.Residents;
using Dapper;

namespace CallCenter.Tests.Data.Reports;

public abstract class ReportRepositoryTests<TDb> : DatabaseTests<TDb> where TDb : IDatabaseKind
{
    private static readonly DateTime Day1 = new(2026, 3, 12, 1, 0, 0, DateTimeKind.Utc);

    private int residentId;

    private ReportRepository Reports => new(Connections, TimeProvider.System);

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        const string csv = "住民番号,世帯番号,続柄,氏名,氏名カナ,生年月日,性別\n0000001,H1,世帯主,齋藤 キヨ,サイトウ キヨ,昭和5年4月1日,女\n0000002,H1,子,齋藤 進,サイトウ ススム,昭和30年1月1日,男\n";
        await new ResidentImportService(Connections, TimeProvider.System).ImportAsync(new MemoryStream(Encoding.UTF8.GetBytes(csv)), dryRun: false);
        residentId = (await new ResidentRepository(Connections).FindIdByNumberAsync("0000001"))!.Value;
    }

    private NewSafetyReport Report(SafetyStatus status, DateTime reportedAt, string place) => new(
        residentId, status, ReportSource.Family,
        new Whereabouts(WhereaboutsType.Shelter, 7, "会津若松市", place, "090-1111-2222"),
        new Consent(true, true, false), "齋藤 進", "子", null, reportedAt, "電話で確認");

    private async Task<(int Status, string? Place, long? ReportId, DateTime? ReportedAt)> CurrentAsync()
    {
        await using var connection = await Connections.OpenAsync();
        return await connection.QuerySingleAsync<(int, string?, long?, DateTime?)>(
            "SELECT Status, Place, StatusReportId, StatusReportedAt FROM Residents WHERE ResidentId = @residentId", new { residentId });
    }

    [SkippableFact]
    public async Task Append_MovesCurrentStatus_When_ReportIsNewest()
    {
        var first = await Reports.AppendAsync(Report(SafetyStatus.Injured, Day1, "第二中学校"));
        var second = await Reports.AppendAsync(Report(SafetyStatus.Safe, Day1.AddDays(2), "ビッグパレットふくしま"));

        var current = await CurrentAsync();
        Assert.Equal((int)SafetyStatus.Safe, current.Status);
        Assert.Equal("ビッグパレットふくしま", current.Place);
        Assert.Equal(second, current.ReportId);
        Assert.Equal(Day1.AddDays(2), current.ReportedAt);
        Assert.Equal(DateTimeKind.Utc, current.ReportedAt!.Value.Kind);
        Assert.NotEqual(first, second);
    }

    [SkippableFact]
    public async Task Append_KeepsCurrentStatus_When_ReportIsOlder()
    {
        var newest = await Reports.AppendAsync(Report(SafetyStatus.Safe, Day1.AddDays(3), "仮設住宅"));
        await Reports.AppendAsync(Report(SafetyStatus.Unconfirmed, Day1, "避難所名簿の古い記録"));

        var current = await CurrentAsync();
        Assert.Equal(newest, current.ReportId);
        Assert.Equal("仮設住宅", current.Place);
        Assert.Equal(2, (await Reports.HistoryAsync(residentId)).Count);
    }

    [SkippableFact]
    public async Task Append_LaterRecordedWins_When_ReportedAtIsEqual()
    {
        await Reports.AppendAsync(Report(SafetyStatus.Injured, Day1, "A"));
        var later = await Reports.AppendAsync(Report(SafetyStatus.Safe, Day1, "B"));

        Assert.Equal(later, (await CurrentAsync()).ReportId);
    }

    [SkippableFact]
    public async Task History_ListsNewestFirst_WithEveryField()
    {
        await Reports.AppendAsync(Report(SafetyStatus.Injured, Day1, "第二中学校"));
        await Reports.AppendAsync(Report(SafetyStatus.Safe, Day1.AddDays(1), "親戚宅"));

        var history = await Reports.HistoryAsync(residentId);

        Assert.Equal([SafetyStatus.Safe, SafetyStatus.Injured], history.Select(r => r.Status));
        var r = history[1];
        Assert.Equal((ReportSource.Family, WhereaboutsType.Shelter, (byte?)7, "会津若松市", "090-1111-2222"),
            (r.Source, r.WhereaboutsType!.Value, r.PrefectureCode, r.Municipality, r.ContactPhone));
        Assert.Equal((true, true, false), (r.ConsentRelatives!.Value, r.ConsentAcquaintances!.Value, r.ConsentPublic!.Value));
        Assert.Equal(("齋藤 進", "子", "電話で確認"), (r.ReporterName, r.ReporterRelation, r.Note));
        Assert.Equal(Day1, r.ReportedAt);
    }

    [SkippableFact]
    public async Task Append_WritesNothing_When_TransactionIsRolledBack()
    {
        await using (var connection = await Connections.OpenAsync())
        await using (var transaction = await Connections.BeginWriteAsync(connection))
        {
            var callId = await CallRepository.InsertAsync(connection, transaction, Connections.Dialect,
                new NewCall(CallDirection.Inbound, "齋藤 進", "090-1111-2222", "子", null, "会津若松", Day1, null, null), default);
            await ReportRepository.AppendAsync(connection, transaction, Connections.Dialect,
                Report(SafetyStatus.Safe, Day1, "X") with { CallId = callId }, Day1, default);
            await transaction.RollbackAsync();
        }

        await using var check = await Connections.OpenAsync();
        Assert.Equal(0, await check.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM SafetyReports"));
        Assert.Equal(0, await check.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM Calls"));
        Assert.Equal((int)SafetyStatus.Unconfirmed, (await CurrentAsync()).Status);
    }

    [SkippableFact]
    public async Task Counts_ReportResidentsHouseholdsAndConfirmed()
    {
        await Reports.AppendAsync(Report(SafetyStatus.Safe, Day1, "A"));

        var counts = await new ResidentRepository(Connections).CountsAsync();

        Assert.Equal(new TownCounts(2, 1, 1), counts);
        Assert.Equal(50.0, counts.ConfirmedPercent);
    }
}

public sealed class ReportRepositoryTestsOnSqlite : ReportRepositoryTests<OnSqlite>;

public sealed class ReportRepositoryTestsOnSqlServer : ReportRepositoryTests<OnSqlServer>;
