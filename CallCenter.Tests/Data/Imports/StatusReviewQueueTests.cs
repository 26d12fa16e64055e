using CallCenter.Data.Audit;
using CallCenter.Data.Imports;
using CallCenter.Data.Reports;
using CallCenter.Data.Towns;
using CallCenter.Tests.Data.Calls;

namespace CallCenter.Tests.Data.Imports;

public abstract class StatusReviewQueueTests<TDb> : StatusImportDatabaseTests<TDb> where TDb : IDatabaseKind
{
    [SkippableFact]
    public async Task Resolve_WritesTheReportOnTheChosenResident_And_ClosesTheLine()
    {
        await CommitAsync(StatusImportTestData.MixedList);
        var pending = await Queue.PendingAsync(TownScope.All);
        var ambiguous = pending.Single(p => p.Line == 4);
        var chosen = ambiguous.Candidates.Single(c => c.ResidentNo == "S0301");

        var problem = await Queue.ResolveAsync(ambiguous.StatusImportRowId, chosen.ResidentId, operatorUser, TownScope.All);
        var again = await Queue.ResolveAsync(ambiguous.StatusImportRowId, chosen.ResidentId, operatorUser, TownScope.All);

        Assert.Null(problem);
        Assert.NotNull(again);
        var hanako = await CallTestData.ResidentAsync(Connections, "S0301");
        Assert.Equal((SafetyStatus.Safe, "いわき市総合体育館"), (hanako.Status, hanako.Place));
        Assert.Equal(1, await CountAsync("SELECT COUNT(*) FROM SafetyReports WHERE ResidentId = @Id AND Source = 4", new { Id = chosen.ResidentId }));
        var row = await Queue.GetAsync(ambiguous.StatusImportRowId, TownScope.All);
        Assert.Equal(StatusImportMatchState.Resolved, row!.MatchState);
        Assert.Equal(3, await Queue.CountPendingAsync(TownScope.All));
        Assert.Equal(1, await CountAsync("SELECT COUNT(*) FROM StatusImportRows WHERE ResolvedByName = 'op-iwaki' AND ReportId IS NOT NULL"));
        Assert.Equal(1, await CountAsync("SELECT COUNT(*) FROM AuditLog WHERE Action = @Action AND ResidentId = @Id",
            new { Action = AuditActions.ResolveStatusImport, Id = chosen.ResidentId }));
    }

    [SkippableFact]
    public async Task CreateProvisional_MakesAPersonWithTheReport_When_NoOneMatches()
    {
        await CommitAsync(StatusImportTestData.MixedList);
        var unmatched = (await Queue.PendingAsync(TownScope.All)).Single(p => p.MatchState == StatusImportMatchState.Unmatched);

        var (residentNo, problem) = await Queue.CreateProvisionalAsync(unmatched.StatusImportRowId, operatorUser, TownScope.All);

        Assert.Null(problem);
        Assert.StartsWith("P", residentNo, StringComparison.Ordinal);
        var person = await CallTestData.ResidentAsync(Connections, residentNo!);
        Assert.True(person.IsProvisional);
        Assert.Equal(("山本", "太郎", "ヤマモト", "タロウ", new DateOnly(1990, 7, 7)), (person.FamilyName, person.GivenName, person.FamilyNameKana, person.GivenNameKana, person.BirthDate!.Value));
        Assert.Equal((SafetyStatus.Safe, WhereaboutsType.RelativeHome, (byte?)4, "022-123-4567"),
            (person.Status, person.WhereaboutsType!.Value, person.PrefectureCode, person.ContactPhone));
        Assert.Equal(StatusImportMatchState.Provisional, (await Queue.GetAsync(unmatched.StatusImportRowId, TownScope.All))!.MatchState);
    }

    [SkippableFact]
    public async Task Skip_ClosesTheLineWithoutAReport()
    {
        await CommitAsync(StatusImportTestData.MixedList);
        var conflicting = (await Queue.PendingAsync(TownScope.All)).Single(p => p.Line == 6);
        var reports = await CountAsync("SELECT COUNT(*) FROM SafetyReports");

        var problem = await Queue.SkipAsync(conflicting.StatusImportRowId, "別人の住民番号の記入誤り。本人に確認済み", operatorUser, TownScope.All);

        Assert.Null(problem);
        Assert.Equal(reports, await CountAsync("SELECT COUNT(*) FROM SafetyReports"));
        Assert.Equal(StatusImportMatchState.Skipped, (await Queue.GetAsync(conflicting.StatusImportRowId, TownScope.All))!.MatchState);
        Assert.Equal(1, await CountAsync("SELECT COUNT(*) FROM StatusImportRows WHERE SkipReason = '別人の住民番号の記入誤り。本人に確認済み'"));
        Assert.DoesNotContain(await Queue.PendingAsync(TownScope.All), p => p.StatusImportRowId == conflicting.StatusImportRowId);
    }

    [SkippableFact]
    public async Task Resolve_Refuses_When_TheChosenPersonDoesNotExist()
    {
        await CommitAsync(StatusImportTestData.MixedList);
        var line = (await Queue.PendingAsync(TownScope.All))[0];

        var problem = await Queue.ResolveAsync(line.StatusImportRowId, 999_999, operatorUser, TownScope.All);

        Assert.NotNull(problem);
        Assert.Equal(4, await Queue.CountPendingAsync(TownScope.All));
    }
}

public sealed class StatusReviewQueueTestsOnSqlite : StatusReviewQueueTests<OnSqlite>;

public sealed class StatusReviewQueueTestsOnSqlServer : StatusReviewQueueTests<OnSqlServer>;
