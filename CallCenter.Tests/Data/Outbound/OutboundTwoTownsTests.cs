using System.Text;
using CallCenter.Data.Accounts;
using CallCenter.Data.Calls;
using CallCenter.Data.Dashboard;
using CallCenter.Data.Database;
using CallCenter.Data.Imports;
using CallCenter.Data.Intentions;
using CallCenter.Data.Outbound;
using CallCenter.Data.Settings;
using CallCenter.Data.Towns;
using CallCenter.Tests.Data.Calls;
using CallCenter.Tests.Data.Intentions;
using Dapper;

namespace CallCenter.Tests.Data.Outbound;

/// <summary>
/// Outbound calling in a joint call center: two towns whose household numbers (H0001, H0002) and a district name (本町)
/// collide. A one-town operator is only ever handed their town's households (also when the other town's are of a
/// higher priority, and when operators of both towns press 「次へ」 at once); a household of another town is not found;
/// district and list assignments name their town; campaigns and figures count only the chosen towns.
/// </summary>
public abstract class OutboundTwoTownsTests<TDb> : DatabaseTests<TDb> where TDb : IDatabaseKind
{
    // 汐見町: two plain households of two (priority 2, 未確認: no priority reason).
    private const string ShiomiRegister = """
        住民番号,世帯番号,続柄,氏名,氏名カナ,生年月日,性別,行政区,住所,電話番号,要支援者,要支援理由
        0000001,H0001,世帯主,青木 健一,アオキ ケンイチ,1980-04-01,男,本町,汐見町本町1,0240-10-0001,0,
        0000002,H0002,世帯主,井上 和夫,イノウエ カズオ,1981-01-10,男,浜区,汐見町浜2,0240-10-0002,0,
        0000003,H0001,妻,青木 幸子,アオキ サチコ,1982-05-02,女,本町,汐見町本町1,,0,
        0000004,H0002,妻,井上 恵子,イノウエ ケイコ,1983-02-20,女,浜区,汐見町浜2,,0,
        """;

    // 浜風町: the same numbers, every household vulnerable and old (priority 1: ahead of every 汐見町 household).
    private const string HamakazeRegister = """
        住民番号,世帯番号,続柄,氏名,氏名カナ,生年月日,性別,行政区,住所,電話番号,要支援者,要支援理由
        0000001,H0001,世帯主,上田 トメ,ウエダ トメ,1939-07-07,女,本町,浜風町本町1,0240-20-0001,1,要介護3
        0000002,H0002,世帯主,遠藤 誠,エンドウ マコト,1940-06-06,男,本町,浜風町本町2,0240-20-0002,1,要介護2
        0000003,H0003,世帯主,加藤 大輔,カトウ ダイスケ,1941-01-01,男,山区,浜風町山3,0240-20-0003,1,独居
        """;

    protected TestClock Clock { get; } = new(OutboundTestData.Start);

    protected Town Shiomi { get; private set; } = default!;

    protected Town Hamakaze { get; private set; } = default!;

    private OutboundWorklist Worklist => new(Connections, new SettingsRepository(Connections), Clock);

    private OutboundQueue Queue => new(Connections, new SettingsRepository(Connections), Clock);

    private TownScope OnlyShiomi => TownScope.Only([Shiomi.TownId]);

    private TownScope OnlyHamakaze => TownScope.Only([Hamakaze.TownId]);

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        (Shiomi, Hamakaze) = await Calls.TwoTownData.CreateAsync(Connections, ShiomiRegister, "079910", "浜風町", HamakazeRegister);
        await OutboundTestData.SaveRulesAsync(Connections, new OutboundRules());
        await Queue.RebuildAsync();
    }

    /// <summary>A staff account limited to <paramref name="townIds"/> (none: all towns).</summary>
    private async Task<OperatorContext> StaffAsync(string userName, UserRole role, params int[] townIds)
    {
        var by = await CallTestData.StaffAsync(Connections, Clock, userName, userName, role, "いわき");
        if (townIds.Length > 0)
        {
            await new TownRepository(Connections, Clock).SetUserScopeAsync(by.UserId!.Value, TownScope.Only(townIds));
        }
        return by;
    }

    private async Task<int> HouseholdIdAsync(string householdNo, int townId)
    {
        await using var connection = await Connections.OpenAsync();
        return await connection.ExecuteScalarAsync<int>("SELECT HouseholdId FROM Households WHERE HouseholdNo = @No AND TownId = @TownId",
            new { No = householdNo, TownId = townId });
    }

    private async Task<OutboundHousehold?> NextAsync(OperatorContext by, TownScope scope) => (await Worklist.ClaimNextAsync(by, scope)).Household;

    [SkippableFact]
    public async Task Queue_CarriesEachHouseholdsTown()
    {
        await using var connection = await Connections.OpenAsync();
        var rows = (await connection.QueryAsync<(string No, long TownId, long Priority)>(
            "SELECT h.HouseholdNo, q.TownId, q.Priority FROM OutboundQueue q JOIN Households h ON h.HouseholdId = q.HouseholdId ORDER BY q.TownId, h.HouseholdNo")).ToList();
        Assert.Equal([("H0001", Shiomi.TownId), ("H0002", Shiomi.TownId), ("H0001", Hamakaze.TownId), ("H0002", Hamakaze.TownId), ("H0003", Hamakaze.TownId)],
            rows.Select(r => (r.No, (int)r.TownId)).ToList());
        Assert.All(rows.Where(r => r.TownId == Hamakaze.TownId), r => Assert.Equal(OutboundPriority.UnconfirmedFirst, (int)r.Priority));
        Assert.All(rows.Where(r => r.TownId == Shiomi.TownId), r => Assert.Equal(OutboundPriority.Unconfirmed, (int)r.Priority));
    }

    [SkippableFact]
    public async Task OneTownOperator_Next_NeverGetsTheOtherTownsHousehold_EvenAtAHigherPriority()
    {
        var first = await StaffAsync("shiomi1", UserRole.Operator, Shiomi.TownId);
        var second = await StaffAsync("shiomi2", UserRole.Operator, Shiomi.TownId);
        var third = await StaffAsync("shiomi3", UserRole.Operator, Shiomi.TownId);

        var a = await NextAsync(first, OnlyShiomi);
        var b = await NextAsync(second, OnlyShiomi);
        Assert.Equal((Shiomi.TownId, "H0001"), (a!.TownId, a.HouseholdNo));
        Assert.Equal((Shiomi.TownId, "H0002"), (b!.TownId, b.HouseholdNo));
        Assert.Equal("青木　健一", $"{a.Members[0].FamilyName}　{a.Members[0].GivenName}");
        // 浜風町's three households are still waiting, all ahead in priority: a 汐見町 operator gets nothing.
        Assert.Null(await NextAsync(third, OnlyShiomi));

        // An all-towns operator takes 浜風町's first (priority 1).
        var all = await StaffAsync("joint", UserRole.Operator);
        var c = await NextAsync(all, TownScope.All);
        Assert.Equal((Hamakaze.TownId, "H0001"), (c!.TownId, c.HouseholdNo));
        Assert.Equal("上田", c.Members[0].FamilyName);
    }

    [SkippableFact]
    public async Task Callback_OfTheOtherTown_IsNotHandedToAOneTownOperator()
    {
        var hamakaze = await StaffAsync("hamakaze1", UserRole.Operator, Hamakaze.TownId);
        var held = await NextAsync(hamakaze, OnlyHamakaze);
        var attempts = new OutboundAttempts(Connections, new SettingsRepository(Connections), Clock);
        var saved = await attempts.RecordAttemptAsync(held!.HouseholdId, "0240-20-0001", OutboundOutcome.CallbackRequested,
            Clock.GetUtcNow().UtcDateTime.AddMinutes(5), null, hamakaze);
        Assert.True(saved.Saved, saved.Error);
        Clock.Advance(TimeSpan.FromHours(2));

        // The callback is due and its operator away: a 汐見町 operator still only gets 汐見町.
        var shiomi = await StaffAsync("shiomi1", UserRole.Operator, Shiomi.TownId);
        var got = await NextAsync(shiomi, OnlyShiomi);
        Assert.Equal(Shiomi.TownId, got!.TownId);
        Assert.False((await Worklist.ClaimNextAsync(shiomi, OnlyShiomi)).IsCallback);
    }

    [SkippableFact]
    public async Task ConcurrentClaims_ByOperatorsOfBothTowns_EachGetOnlyTheirTown()
    {
        var shiomi = new[] { await StaffAsync("s1", UserRole.Operator, Shiomi.TownId), await StaffAsync("s2", UserRole.Operator, Shiomi.TownId),
            await StaffAsync("s3", UserRole.Operator, Shiomi.TownId) };
        var hamakaze = new[] { await StaffAsync("h1", UserRole.Operator, Hamakaze.TownId), await StaffAsync("h2", UserRole.Operator, Hamakaze.TownId),
            await StaffAsync("h3", UserRole.Operator, Hamakaze.TownId), await StaffAsync("h4", UserRole.Operator, Hamakaze.TownId) };
        var pressers = shiomi.Select(s => (By: s, Scope: OnlyShiomi, Town: Shiomi.TownId))
            .Concat(hamakaze.Select(h => (By: h, Scope: OnlyHamakaze, Town: Hamakaze.TownId))).ToList();

        using var start = new Barrier(pressers.Count);
        var results = await Task.WhenAll(pressers.Select(p => Task.Run(async () =>
        {
            var worklist = new OutboundWorklist(Connections, new SettingsRepository(Connections), Clock);
            start.SignalAndWait();
            return (p.Town, Household: (await worklist.ClaimNextAsync(p.By, p.Scope)).Household);
        })));

        Assert.All(results.Where(r => r.Household is not null), r => Assert.Equal(r.Town, r.Household!.TownId));
        Assert.Equal(2, results.Count(r => r.Town == Shiomi.TownId && r.Household is not null));
        Assert.Equal(3, results.Count(r => r.Town == Hamakaze.TownId && r.Household is not null));
        var claimed = results.Where(r => r.Household is not null).Select(r => r.Household!.HouseholdId).ToList();
        Assert.Equal(claimed.Count, claimed.Distinct().Count());
        await using var connection = await Connections.OpenAsync();
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>("""
            SELECT COUNT(*)
              FROM OutboundClaims c
              JOIN Households h ON h.HouseholdId = c.HouseholdId
              LEFT JOIN UserTowns t ON t.UserId = c.UserId AND t.TownId = h.TownId
             WHERE t.UserId IS NULL
            """));
    }

    [SkippableFact]
    public async Task HouseholdOfAnotherTown_IsNotFound_ByIdOrAsHeld()
    {
        var views = new OutboundHouseholdView(Connections);
        var hamakazeH1 = await HouseholdIdAsync("H0001", Hamakaze.TownId);
        Assert.Null(await views.GetHouseholdAsync(hamakazeH1, OnlyShiomi));
        Assert.Equal("上田", (await views.GetHouseholdAsync(hamakazeH1, OnlyHamakaze))!.Members[0].FamilyName);
        Assert.Equal(Hamakaze.TownId, (await views.GetHouseholdAsync(hamakazeH1, TownScope.All))!.TownId);

        // Held by an operator whose towns changed since: not shown any more.
        var op = await StaffAsync("moved", UserRole.Operator, Hamakaze.TownId);
        Assert.NotNull(await NextAsync(op, OnlyHamakaze));
        Assert.NotNull(await Worklist.HeldByAsync(op.UserId!.Value, OnlyHamakaze));
        Assert.Null(await Worklist.HeldByAsync(op.UserId!.Value, OnlyShiomi));
    }

    [SkippableFact]
    public async Task DistrictAssignment_NamesItsTown_SoTheSameDistrictNameOfTheOtherTownStaysOpen()
    {
        var districts = new OutboundDistricts(Connections, Clock);
        Assert.Equal([(Shiomi.TownId, "本町"), (Shiomi.TownId, "浜区"), (Hamakaze.TownId, "山区"), (Hamakaze.TownId, "本町")],
            (await districts.DistrictsAsync(TownScope.All)).Select(d => (d.TownId, d.District)).OrderBy(d => d.TownId).ThenBy(d => d.District, StringComparer.Ordinal));
        Assert.Equal(["本町", "浜区"], (await districts.DistrictsAsync(OnlyShiomi)).Select(d => d.District).Order(StringComparer.Ordinal));

        var supervisor = await StaffAsync("sv", UserRole.Supervisor);
        var sato = await StaffAsync("sato", UserRole.Operator, Hamakaze.TownId);
        // 佐藤 takes 浜風町's 本町; he cannot take 汐見町's.
        Assert.Null(await districts.AssignAsync(TownScope.All, Hamakaze.TownId, "本町", sato.UserId, null, supervisor));
        Assert.Equal("sato さんは汐見町の担当ではありません（担当できる町に汐見町が含まれていません）。",
            await districts.AssignAsync(TownScope.All, Shiomi.TownId, "本町", sato.UserId, null, supervisor));
        // A one-town supervisor cannot assign a district of another town.
        var shiomiSupervisor = await StaffAsync("sv1", UserRole.Supervisor, Shiomi.TownId);
        Assert.Equal("選んだ行政区の町が見つかりません。", await districts.AssignAsync(OnlyShiomi, Hamakaze.TownId, "本町", null, "いわき", shiomiSupervisor));
        var assignments = await districts.AssignmentsAsync(TownScope.All);
        Assert.Equal((Hamakaze.TownId, "本町"), (Assert.Single(assignments).TownId, assignments[0].District));
        Assert.Empty(await districts.AssignmentsAsync(OnlyShiomi));

        // 汐見町's 本町 (H0001) is still open to a 汐見町 operator; 浜風町's 本町 goes to 佐藤 alone.
        var shiomiOp = await StaffAsync("s1", UserRole.Operator, Shiomi.TownId);
        var shiomiH1 = await NextAsync(shiomiOp, OnlyShiomi);
        Assert.Equal((Shiomi.TownId, "H0001"), (shiomiH1!.TownId, shiomiH1.HouseholdNo));
        Assert.Equal("H0003", (await NextAsync(await StaffAsync("h8", UserRole.Operator, Hamakaze.TownId), OnlyHamakaze))!.HouseholdNo);
        Assert.Null(await NextAsync(await StaffAsync("h9", UserRole.Operator, Hamakaze.TownId), OnlyHamakaze));
        var mine = await NextAsync(sato, OnlyHamakaze);
        Assert.Equal((Hamakaze.TownId, "H0001"), (mine!.TownId, mine.HouseholdNo));
    }

    [SkippableFact]
    public async Task ListAssignment_OfACollidingNumber_NeedsItsTown_AndGoesOnlyToAnOperatorOfThatTown()
    {
        var lists = new OutboundLists(Connections, Clock);
        var supervisor = await StaffAsync("sv", UserRole.Supervisor);
        var sato = await StaffAsync("sato", UserRole.Operator, Hamakaze.TownId);

        var ambiguous = await lists.AssignListAsync("仮設A", "H0001", sato.UserId, null, supervisor, TownScope.All);
        Assert.Equal("複数の町にある番号です（1件）: H0001。町を選んでください。何も割り当てていません。", ambiguous.Error);
        Assert.Equal("sato さんは汐見町の担当ではありません（担当できる町に汐見町が含まれていません）。何も割り当てていません。",
            (await lists.AssignListAsync("仮設A", "H0001", sato.UserId, null, supervisor, TownScope.All, Shiomi.TownId)).Error);
        // Within one supervisor's town the number is unambiguous; a number only in the other town is unknown there.
        Assert.Contains("見つからない番号があります（1件）: H0003", (await lists.AssignListAsync("仮設A", "H0003", null, "いわき", supervisor, OnlyShiomi)).Error);

        var done = await lists.AssignListAsync("仮設A", "H0001 0000002", sato.UserId, null, supervisor, TownScope.All, Hamakaze.TownId);
        Assert.Null(done.Error);
        Assert.Equal(2, done.Households);
        await using (var connection = await Connections.OpenAsync())
        {
            Assert.Equal([Hamakaze.TownId], (await connection.QueryAsync<int>(
                "SELECT DISTINCT h.TownId FROM OutboundListAssignments l JOIN Households h ON h.HouseholdId = l.HouseholdId")).ToList());
        }
        Assert.Equal(("仮設A", 2, Hamakaze.TownId), Assert.Single(await lists.ListsAsync(OnlyHamakaze)) is var l ? (l.ListName, l.Households, l.TownId) : default);
        Assert.Empty(await lists.ListsAsync(OnlyShiomi));
        // A 汐見町 supervisor removing it touches none of 浜風町's households.
        Assert.Equal(0, await lists.UnassignListAsync("仮設A", OnlyShiomi, supervisor));
        Assert.Equal(2, await lists.UnassignListAsync("仮設A", OnlyHamakaze, supervisor));
    }

    [SkippableFact]
    public async Task Figures_And_Escalations_CountOnlyTheScopesTowns()
    {
        var figures = new OutboundFigures(Connections, Clock);
        Assert.Equal(5, (await figures.FiguresAsync(TownScope.All)).QueueLength);
        Assert.Equal(2, (await figures.FiguresAsync(OnlyShiomi)).QueueLength);
        Assert.Equal(3, (await figures.FiguresAsync(OnlyHamakaze)).QueueLength);

        var op = await StaffAsync("h1", UserRole.Operator, Hamakaze.TownId);
        var held = await NextAsync(op, OnlyHamakaze);
        Assert.Equal(1, (await figures.FiguresAsync(OnlyHamakaze)).ClaimedNow);
        Assert.Equal(0, (await figures.FiguresAsync(OnlyShiomi)).ClaimedNow);

        var attempts = new OutboundAttempts(Connections, new SettingsRepository(Connections), Clock);
        Assert.True((await attempts.RecordAttemptAsync(held!.HouseholdId, "0240-20-0001", OutboundOutcome.WrongNumber, null, null, op)).Saved);
        Assert.Equal(1, (await figures.FiguresAsync(OnlyHamakaze)).AttemptsToday);
        Assert.Equal(0, (await figures.FiguresAsync(OnlyShiomi)).AttemptsToday);
        var escalations = new OutboundEscalations(Connections, Clock);
        Assert.Equal(Hamakaze.TownId, Assert.Single(await escalations.NeedingNumbersAsync(OnlyHamakaze)).TownId);
        Assert.Empty(await escalations.NeedingNumbersAsync(OnlyShiomi));
        // A 汐見町 supervisor cannot put 浜風町's household back.
        Assert.False(await escalations.RequeueAsync(held.HouseholdId, OnlyShiomi, false, op));
        Assert.True(await escalations.RequeueAsync(held.HouseholdId, OnlyHamakaze, false, op));
    }

    [SkippableFact]
    public async Task Campaign_LimitedToATown_HoldsOnlyItsHouseholds_And_ListsCountOnlyVisibleTowns()
    {
        var round = await IntentionSummaryTestData.RoundAsync(Connections, "2026年度", new DateTime(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc));
        var campaigns = new OutboundCampaigns(Connections, new SettingsRepository(Connections), Clock);
        var supervisor = await StaffAsync("sv", UserRole.Supervisor);

        var started = await campaigns.StartIntentionSurveyAsync(new IntentionHouseholdFilter(round.RoundId, null, null, null), round.Name, supervisor, OnlyHamakaze);
        Assert.Null(started.Error);
        Assert.Equal(3, started.Households);
        await using (var connection = await Connections.OpenAsync())
        {
            Assert.Equal([Hamakaze.TownId], (await connection.QueryAsync<int>(
                "SELECT DISTINCT h.TownId FROM OutboundCampaignHouseholds ch JOIN Households h ON h.HouseholdId = ch.HouseholdId")).ToList());
            Assert.Contains("浜風町", await connection.ExecuteScalarAsync<string>("SELECT Details FROM AuditLog WHERE Action = 'start-campaign'"));
        }
        Assert.Equal(3, Assert.Single(await campaigns.ListAsync(TownScope.All)).Households);
        Assert.Empty(await campaigns.ListAsync(OnlyShiomi));

        // All towns of the creator: both towns; a 汐見町 supervisor sees 2 of its 5 households, and cannot end it.
        var joint = await campaigns.StartIntentionSurveyAsync(new IntentionHouseholdFilter(round.RoundId, IntentionGrouping.District, "本町", null), round.Name,
            supervisor, TownScope.All);
        Assert.Equal(3, joint.Households);
        var seen = (await campaigns.ListAsync(OnlyShiomi)).Single(c => c.CampaignId == joint.CampaignId);
        Assert.Equal((1, 1), (seen.Households, seen.Remaining));
        Assert.False(await campaigns.EndAsync(joint.CampaignId, OnlyShiomi, supervisor));
        Assert.True(await campaigns.EndAsync(joint.CampaignId, TownScope.All, supervisor));
    }

    [SkippableFact]
    public async Task OneTownSupervisor_CannotStartACampaignOverAnotherTown()
    {
        var round = await IntentionSummaryTestData.RoundAsync(Connections, "2026年度", new DateTime(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc));
        var campaigns = new OutboundCampaigns(Connections, new SettingsRepository(Connections), Clock);
        var shiomiSupervisor = await StaffAsync("sv1", UserRole.Supervisor, Shiomi.TownId);

        var refused = await campaigns.StartIntentionSurveyAsync(new IntentionHouseholdFilter(round.RoundId, null, null, null), round.Name, shiomiSupervisor, OnlyHamakaze);
        Assert.Equal("浜風町の世帯はキャンペーンに含められません（あなたの担当する町ではありません）。", refused.Error);
        Assert.False(refused.Started);
        Assert.Empty(await campaigns.ListAsync(TownScope.All));

        // Without a choice, the creator's own towns: 汐見町's two households only.
        var own = await campaigns.StartIntentionSurveyAsync(new IntentionHouseholdFilter(round.RoundId, null, null, null), round.Name, shiomiSupervisor, TownScope.All);
        Assert.Equal(2, own.Households);
        await using var connection = await Connections.OpenAsync();
        Assert.Equal([Shiomi.TownId], (await connection.QueryAsync<int>(
            "SELECT DISTINCT h.TownId FROM OutboundCampaignHouseholds ch JOIN Households h ON h.HouseholdId = ch.HouseholdId")).ToList());
    }

    [SkippableFact]
    public async Task StartCounts_AreOfTheScopesTowns()
    {
        var dashboard = new DashboardRepository(Connections, new SettingsRepository(Connections), Clock);
        Assert.Equal((7, 5), (await dashboard.StartCountsAsync(TownScope.All)) is var all ? (all.Residents, all.Households) : default);
        Assert.Equal((4, 2), (await dashboard.StartCountsAsync(OnlyShiomi)) is var s ? (s.Residents, s.Households) : default);
        Assert.Equal((3, 3), (await dashboard.StartCountsAsync(OnlyHamakaze)) is var h ? (h.Residents, h.Households) : default);
        Assert.Equal(0, (await dashboard.StartCountsAsync(TownScope.Only([]))).Residents);
    }
}

public sealed class OutboundTwoTownsTestsOnSqlite : OutboundTwoTownsTests<OnSqlite>;

public sealed class OutboundTwoTownsTestsOnSqlServer : OutboundTwoTownsTests<OnSqlServer>;
