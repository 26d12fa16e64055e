using System.Text;
using CallCenter.Data.Accounts;
using CallCenter.Data.Calls;
using CallCenter.Data.Imports;
using CallCenter.Data.Reports;
using CallCenter.Data.Towns;
using CallCenter.Tests.Data.Calls;
using Dapper;

namespace CallCenter.Tests.Data.Imports;

/// <summary>
/// The review queue with two towns whose resident numbers collide (<see cref="TwoTownData"/>: K0001 is 佐藤 正男 in
/// 汐見町 and 渡辺 花子 in 大熊町): a status list imported into each town matches only that town's residents, and a
/// reviewer lists, counts and acts on the lines of their own towns only.
/// </summary>
public abstract class StatusReviewQueueTownsTests<TDb> : DatabaseTests<TDb> where TDb : IDatabaseKind
{
    private const string Header = "住民番号,氏名,氏名カナ,生年月日,性別,安否,避難先種別,都道府県,市区町村,避難先,連絡先,確認日";

    // Line 2: K0001 as 汐見町 knows him; line 3: K0001 as 大熊町 knows her; line 4: no one in either town.
    private static readonly string List = string.Join("\r\n",
        Header,
        "K0001,佐藤 正男,サトウ マサオ,昭和22年5月3日,男,無事,避難所,福島県,会津若松市,会津若松市立第一中学校,,2026/03/13",
        "K0001,渡辺 花子,ワタナベ ハナコ,1944/08/20,女,負傷,病院,福島県,いわき市,いわき市立総合磐城共立病院,,2026/03/13",
        ",山本 太郎,ヤマモト タロウ,1990/07/07,男,無事,親族・知人宅,宮城県,仙台市,,022-123-4567,2026/03/13",
        "");

    private readonly TestClock clock = new(new DateTimeOffset(2026, 3, 14, 1, 30, 0, TimeSpan.Zero));
    private TwoTownData towns = null!;
    private OperatorContext supervisor = null!;
    private OperatorContext reviewer = null!;

    private StatusListImportService Imports => new(Connections, clock);

    private StatusReviewQueue Queue => new(Connections, clock);

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        towns = await TwoTownData.CreateAsync(Connections);
        supervisor = await CallTestData.StaffAsync(Connections, clock, "sv-joint", "合同 監督", UserRole.Supervisor, "いわき");
        reviewer = await CallTestData.StaffAsync(Connections, clock, "op-okuma", "大熊 一子", UserRole.Operator, "いわき");
        foreach (var town in new[] { towns.Shiomi, towns.Okuma })
        {
            var result = await Imports.CommitAsync(new MemoryStream(Encoding.UTF8.GetBytes(List)), $"{town.Name}_名簿.csv",
                ReportSource.ShelterList, supervisor, townId: town.TownId);
            Assert.True(result.Errors.Count == 0, string.Join(" ", result.Errors));
            // K0001 of the list's own town is matched; the other town's K0001 (another name) and 山本 wait.
            Assert.Equal((1, 2, 0), (result.Reported, result.Queued, result.AlreadyImported));
        }
    }

    private async Task<long> CountAsync(string sql, object? parameters = null)
    {
        await using var connection = await Connections.OpenAsync();
        return await connection.ExecuteScalarAsync<long>(sql, parameters);
    }

    // What any action may write: reports, people, the lines' states, audit rows.
    private async Task<string> WrittenAsync() => string.Join("|",
        await CountAsync("SELECT COUNT(*) FROM SafetyReports"),
        await CountAsync("SELECT COUNT(*) FROM Residents"),
        await CountAsync("SELECT COUNT(*) FROM StatusImportRows WHERE MatchState IN (2, 3)"),
        await CountAsync("SELECT COUNT(*) FROM AuditLog"));

    private async Task<StatusImportQueueItem> LineAsync(Town town, int line) =>
        (await Queue.PendingAsync(TownScope.Only([town.TownId]))).Single(i => i.Line == line);

    [SkippableFact]
    public async Task EachTownsList_MatchesOnlyItsOwnResidents_AndRecordsItsTown()
    {
        var shiomiK0001 = await TwoTownData.ResidentAsync(Connections, "K0001", towns.Shiomi.TownId);
        var okumaK0001 = await TwoTownData.ResidentAsync(Connections, "K0001", towns.Okuma.TownId);

        Assert.Equal([towns.Shiomi.TownId, towns.Okuma.TownId], (await QueryAsync<int>("SELECT TownId FROM StatusImports ORDER BY StatusImportId")));
        // 佐藤 正男 (汐見町) got the 汐見町 list's line 2; 渡辺 花子 (大熊町) the 大熊町 list's line 3; no one got the other's.
        Assert.Equal([shiomiK0001.ResidentId, okumaK0001.ResidentId],
            await QueryAsync<int>("SELECT r.ResidentId FROM StatusImportRows r WHERE r.MatchState = 1 ORDER BY r.StatusImportRowId"));
        Assert.Equal(SafetyStatus.Safe, (await TwoTownData.ResidentAsync(Connections, "K0001", towns.Shiomi.TownId)).Status);
        Assert.Equal(SafetyStatus.Injured, (await TwoTownData.ResidentAsync(Connections, "K0001", towns.Okuma.TownId)).Status);

        var all = await Queue.PendingAsync(TownScope.All);
        Assert.Equal(4, all.Count);
        Assert.Equal(4, await Queue.CountPendingAsync(TownScope.All));
        Assert.Equal([towns.Shiomi.TownId, towns.Shiomi.TownId, towns.Okuma.TownId, towns.Okuma.TownId], all.Select(i => i.TownId));
        // The other town's K0001 waits in each town, and none of its candidates is of another town.
        Assert.Equal(3, (await LineAsync(towns.Shiomi, 3)).Line);
        Assert.Equal(2, (await LineAsync(towns.Okuma, 2)).Line);
        Assert.All(all, i => Assert.All(i.Candidates, c => Assert.Equal(i.TownId, c.TownId)));
    }

    private async Task<List<T>> QueryAsync<T>(string sql, object? parameters = null)
    {
        await using var connection = await Connections.OpenAsync();
        return (await connection.QueryAsync<T>(sql, parameters)).AsList();
    }

    [SkippableFact]
    public async Task OneTownReviewer_SeesAndActsOnItsOwnLinesOnly()
    {
        var okumaOnly = towns.OnlyOkuma;
        var mine = await Queue.PendingAsync(okumaOnly);
        Assert.Equal([2, 4], mine.Select(i => i.Line));
        Assert.All(mine, i => Assert.Equal(towns.Okuma.TownId, i.TownId));
        Assert.Equal(2, await Queue.CountPendingAsync(okumaOnly));
        Assert.Empty(await Queue.PendingAsync(TownScope.Only([])));
        Assert.Equal(0, await Queue.CountPendingAsync(TownScope.Only([])));

        // Another town's line by its id: not found, and nothing written, whatever the action.
        var shiomiLine = await LineAsync(towns.Shiomi, 4);
        var shiomiK0001 = await TwoTownData.ResidentAsync(Connections, "K0001", towns.Shiomi.TownId);
        Assert.Null(await Queue.GetAsync(shiomiLine.StatusImportRowId, okumaOnly));
        var before = await WrittenAsync();
        const string NotFound = "この行は見つかりません。画面を開き直してください。";
        Assert.Equal(NotFound, await Queue.ResolveAsync(shiomiLine.StatusImportRowId, shiomiK0001.ResidentId, reviewer, okumaOnly));
        Assert.Equal((null, NotFound), await Queue.CreateProvisionalAsync(shiomiLine.StatusImportRowId, reviewer, okumaOnly));
        Assert.Equal(NotFound, await Queue.SkipAsync(shiomiLine.StatusImportRowId, "重複", reviewer, okumaOnly));
        Assert.Equal(before, await WrittenAsync());
        Assert.Equal(StatusImportMatchState.Unmatched, (await Queue.GetAsync(shiomiLine.StatusImportRowId, TownScope.All))!.MatchState);

        // Its own line: handled.
        Assert.Null(await Queue.SkipAsync(mine[1].StatusImportRowId, "重複", reviewer, okumaOnly));
        Assert.Equal(1, await Queue.CountPendingAsync(okumaOnly));
        Assert.Equal(2, await Queue.CountPendingAsync(towns.OnlyShiomi));
    }

    [SkippableFact]
    public async Task Resolve_RefusesAPersonOfAnotherTown_EvenForAJointReviewer()
    {
        // 大熊町's line 2 names 汐見町's 佐藤 正男 under K0001: 汐見町's K0001 is someone else's resident.
        var line = await LineAsync(towns.Okuma, 2);
        var shiomiK0001 = await TwoTownData.ResidentAsync(Connections, "K0001", towns.Shiomi.TownId);
        var before = await WrittenAsync();

        Assert.Equal("選んだ人は見つかりません。画面を開き直してください。",
            await Queue.ResolveAsync(line.StatusImportRowId, shiomiK0001.ResidentId, supervisor, TownScope.All));

        Assert.Equal(before, await WrittenAsync());
        var okumaK0002 = await TwoTownData.ResidentAsync(Connections, "K0002", towns.Okuma.TownId);
        Assert.Null(await Queue.ResolveAsync(line.StatusImportRowId, okumaK0002.ResidentId, reviewer, towns.OnlyOkuma));
        Assert.Equal(SafetyStatus.Safe, (await TwoTownData.ResidentAsync(Connections, "K0002", towns.Okuma.TownId)).Status);
        Assert.Equal(SafetyStatus.Unconfirmed, (await TwoTownData.ResidentAsync(Connections, "K0002", towns.Shiomi.TownId)).Status);
    }

    [SkippableFact]
    public async Task Candidates_AreOnlyOfTheLinesTown()
    {
        // A line's stored candidates name residents by id; one of another town (a queue written before towns, or a
        // tampered row) is never offered.
        var line = await LineAsync(towns.Okuma, 4);
        var shiomiK0001 = await TwoTownData.ResidentAsync(Connections, "K0001", towns.Shiomi.TownId);
        var okumaK0001 = await TwoTownData.ResidentAsync(Connections, "K0001", towns.Okuma.TownId);
        await using (var connection = await Connections.OpenAsync())
        {
            await connection.ExecuteAsync("UPDATE StatusImportRows SET CandidateIds = @Ids WHERE StatusImportRowId = @RowId",
                new { Ids = $"{shiomiK0001.ResidentId},{okumaK0001.ResidentId}", RowId = line.StatusImportRowId });
        }

        var candidates = (await LineAsync(towns.Okuma, 4)).Candidates;
        var one = (await Queue.GetAsync(line.StatusImportRowId, TownScope.All))!.Candidates;

        Assert.Equal([okumaK0001.ResidentId], candidates.Select(c => c.ResidentId));
        Assert.Equal([okumaK0001.ResidentId], one.Select(c => c.ResidentId));
    }

    [SkippableFact]
    public async Task CreateProvisional_InAJointCenter_PutsThePersonInTheLinesTown()
    {
        var okumaLine = await LineAsync(towns.Okuma, 4);
        var shiomiLine = await LineAsync(towns.Shiomi, 4);

        var (okumaNo, okumaProblem) = await Queue.CreateProvisionalAsync(okumaLine.StatusImportRowId, reviewer, towns.OnlyOkuma);
        var (shiomiNo, shiomiProblem) = await Queue.CreateProvisionalAsync(shiomiLine.StatusImportRowId, supervisor, TownScope.All);

        Assert.Null(okumaProblem);
        Assert.Null(shiomiProblem);
        var okumaPerson = await TwoTownData.ResidentAsync(Connections, okumaNo!, towns.Okuma.TownId);
        var shiomiPerson = await TwoTownData.ResidentAsync(Connections, shiomiNo!, towns.Shiomi.TownId);
        Assert.Equal((true, "山本", SafetyStatus.Safe), (okumaPerson.IsProvisional, okumaPerson.FamilyName, okumaPerson.Status));
        Assert.Equal((true, "山本", SafetyStatus.Safe), (shiomiPerson.IsProvisional, shiomiPerson.FamilyName, shiomiPerson.Status));
        Assert.Equal(StatusImportMatchState.Provisional, (await Queue.GetAsync(okumaLine.StatusImportRowId, towns.OnlyOkuma))!.MatchState);
        Assert.Equal(1, await CountAsync("SELECT COUNT(*) FROM SafetyReports WHERE ResidentId = @Id", new { Id = okumaPerson.ResidentId }));
    }

    [SkippableFact]
    public async Task Preview_SaysAFileWasImportedBefore_OnlyForTheTownItWasImportedInto()
    {
        var csv = Header + "\r\nK0002,佐藤 節子,サトウ セツコ,昭和25年8月1日,女,無事,避難所,福島県,会津若松市,第一中学校,,2026/03/14\r\n";
        Assert.Equal(1, (await Imports.CommitAsync(new MemoryStream(Encoding.UTF8.GetBytes(csv)), "追加.csv", ReportSource.ShelterList, supervisor,
            townId: towns.Shiomi.TownId)).Reported);

        var shiomi = await Imports.PreviewAsync(new MemoryStream(Encoding.UTF8.GetBytes(csv)), "追加.csv", ReportSource.ShelterList, townId: towns.Shiomi.TownId);
        var okuma = await Imports.PreviewAsync(new MemoryStream(Encoding.UTF8.GetBytes(csv)), "追加.csv", ReportSource.ShelterList, townId: towns.Okuma.TownId);

        Assert.NotNull(shiomi.FileImportedAt);
        Assert.True(shiomi.Rows.Single().AlreadyImported);
        Assert.Null(okuma.FileImportedAt);
        Assert.False(okuma.Rows.Single().AlreadyImported);
    }
}

public sealed class StatusReviewQueueTownsTestsOnSqlite : StatusReviewQueueTownsTests<OnSqlite>;

public sealed class StatusReviewQueueTownsTestsOnSqlServer : StatusReviewQueueTownsTests<OnSqlServer>;
