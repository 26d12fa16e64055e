using CallCenter.Data.Accounts;
using CallCenter.Data.Announcements;
using CallCenter.Data.Audit;
using CallCenter.Data.Calls;
using CallCenter.Data.Outbound;
using CallCenter.Data.Reports;
using CallCenter.Data.Settings;
using CallCenter.Tests.Data.Calls;
using CallCenter.Data.Towns;
using Dapper;

namespace CallCenter.Tests.Data.Announcements;

/// <summary>
/// Announcements (issue 18): the targeting rule (no target: everyone; OR within a kind, AND across kinds, 要配慮者 on top,
/// living members only), the board's checks and optimistic edits, deliveries saved in the call's and the attempt's
/// transaction (and refused with them), coverage equal to a fresh count after random changes, and the campaign.
/// </summary>
public abstract class AnnouncementTests<TDb> : DatabaseTests<TDb> where TDb : IDatabaseKind
{
    private readonly TestClock clock = new(new DateTimeOffset(2026, 3, 14, 1, 30, 0, TimeSpan.Zero));
    private OperatorContext supervisor = null!;
    private OperatorContext aizu = null!;

    private AnnouncementBoard Board => new(Connections, clock);

    private AnnouncementDeliveries Deliveries => new(Connections, clock);

    private AnnouncementCoverage Coverage => new(Connections, new SettingsRepository(Connections), clock);

    private CallRecordingService Calls => new(Connections, clock);

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await CallTestData.ImportAsync(Connections, AnnouncementTestData.Register);
        supervisor = await CallTestData.StaffAsync(Connections, clock, "sv-iwaki", "いわき 監督", UserRole.Supervisor, "いわき");
        aizu = await CallTestData.StaffAsync(Connections, clock, "op-aizu", "会津 一子", UserRole.Operator, "会津若松");
    }

    private async Task<int> CreateAsync(AnnouncementDraft draft)
    {
        var (id, _, errors) = await Board.SaveAsync(null, 0, draft, supervisor, TownScope.All);
        Assert.Empty(errors);
        return id!.Value;
    }

    private async Task<IReadOnlyList<string>> TitlesForAsync(string householdNo) =>
        [.. (await Deliveries.ForHouseholdAsync(await AnnouncementTestData.HouseholdIdAsync(Connections, householdNo), TownScope.All)).Select(a => a.Title)];

    private async Task<int> CountAsync(string sql, object? args = null)
    {
        await using var connection = await Connections.OpenAsync();
        return await connection.ExecuteScalarAsync<int>(sql, args);
    }

    [SkippableFact]
    public async Task Targeting_FollowsTheRule_OrWithinAKind_AndAcrossKinds_LivingMembersOnly()
    {
        await AnnouncementTestData.PlaceAsync(Connections, "K0001", 7, (byte)WhereaboutsType.TemporaryHousing);   // KH01: 福島 仮設
        await AnnouncementTestData.PlaceAsync(Connections, "K0003", 13, (byte)WhereaboutsType.LeasedHousing);     // KH01: 東京 借上げ
        await AnnouncementTestData.PlaceAsync(Connections, "K0101", 13, (byte)WhereaboutsType.TemporaryHousing);  // KH02: 東京 仮設
        await AnnouncementTestData.PlaceAsync(Connections, "K0201", 7, (byte)WhereaboutsType.Shelter);            // KH03: 福島 避難所
        await AnnouncementTestData.PlaceAsync(Connections, "K0301", 13, (byte)WhereaboutsType.TemporaryHousing);  // KH04: 東京 仮設, deceased below
        await AnnouncementTestData.ExecuteAsync(Connections, "UPDATE Residents SET Status = 5 WHERE ResidentNo = 'K0301'");
        await AnnouncementTestData.ExecuteAsync(Connections, "UPDATE Residents SET IsVulnerable = 1 WHERE ResidentNo IN ('K0002', 'K0101')");

        await CreateAsync(AnnouncementTestData.Draft("全員へ"));
        await CreateAsync(AnnouncementTestData.Draft("浜区と川区", new(TargetKind.District, "浜区"), new(TargetKind.District, "川区")));
        await CreateAsync(AnnouncementTestData.Draft("東京の仮設", new(TargetKind.Prefecture, "13"), new(TargetKind.Whereabouts, "4")));
        await CreateAsync(AnnouncementTestData.Draft("浜区の福島", new(TargetKind.District, "浜区"), new(TargetKind.Prefecture, "7")));
        await CreateAsync(AnnouncementTestData.Draft("要配慮") with { ForVulnerable = true, Priority = AnnouncementPriority.Normal });
        await CreateAsync(AnnouncementTestData.Draft("来月") with { ValidFrom = new DateOnly(2026, 4, 1), ValidTo = null });
        var withdrawn = await CreateAsync(AnnouncementTestData.Draft("取り下げ"));
        Assert.Null(await Board.WithdrawAsync(withdrawn, 0, supervisor, TownScope.All));

        // KH01 has a member in 東京 (借上げ) and one in 仮設 (福島): kinds are checked one by one over the living members.
        Assert.Equal(["浜区の福島", "東京の仮設", "浜区と川区", "全員へ", "要配慮"], (await TitlesForAsync("KH01")).OrderBy(TitleOrder).ToList());
        Assert.Equal(["東京の仮設", "全員へ", "要配慮"], (await TitlesForAsync("KH02")).OrderBy(TitleOrder).ToList());
        Assert.Equal(["浜区の福島", "浜区と川区", "全員へ"], (await TitlesForAsync("KH03")).OrderBy(TitleOrder).ToList());
        // KH04's only member died: nobody there to tell.
        Assert.Empty(await TitlesForAsync("KH04"));
        // 重要 first (then the newest start); 要配慮 is 通常, so last.
        Assert.Equal("要配慮", (await TitlesForAsync("KH01"))[^1]);
    }

    private static int TitleOrder(string title) => Array.IndexOf(["浜区の福島", "東京の仮設", "浜区と川区", "全員へ", "要配慮"], title);

    public static TheoryData<string, string> BadDrafts => new()
    {
        { "title:", "件名を入力してください。" },
        { "title:" + new string('あ', 101), "件名は100文字以内にしてください。" },
        { "body:" + new string('あ', 4001), "本文は4000文字以内にしてください。" },
        { "validTo:2026-02-28", "掲示終了日は掲示開始日以降の日にしてください。" },
        { "district:海区", "対象の行政区「海区」はありません。選び直してください。" },
        { "prefecture:48", "対象の都道府県「48」はありません。選び直してください。" },
        { "whereabouts:11", "対象の居場所の種類「11」はありません。選び直してください。" },
    };

    [SkippableTheory]
    [MemberData(nameof(BadDrafts))]
    public async Task Save_RefusesABadDraft_InJapanese_AndWritesNothing(string change, string message)
    {
        var (field, value) = (change[..change.IndexOf(':')], change[(change.IndexOf(':') + 1)..]);
        var draft = field switch
        {
            "title" => AnnouncementTestData.Draft(value),
            "body" => AnnouncementTestData.Draft() with { Body = value },
            "validTo" => AnnouncementTestData.Draft() with { ValidTo = DateOnly.Parse(value, System.Globalization.CultureInfo.InvariantCulture) },
            "district" => AnnouncementTestData.Draft("t", new AnnouncementTarget(TargetKind.District, value)),
            "prefecture" => AnnouncementTestData.Draft("t", new AnnouncementTarget(TargetKind.Prefecture, value)),
            _ => AnnouncementTestData.Draft("t", new AnnouncementTarget(TargetKind.Whereabouts, value)),
        };

        var (id, _, errors) = await Board.SaveAsync(null, 0, draft, supervisor, TownScope.All);

        Assert.Null(id);
        Assert.Equal(message, Assert.Single(errors).Message);
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM Announcements"));
    }

    [SkippableFact]
    public async Task Edit_IsOptimistic_AndEveryChangeIsAudited()
    {
        var id = await CreateAsync(AnnouncementTestData.Draft("一時帰宅の申込受付", new AnnouncementTarget(TargetKind.District, "浜区")));

        var (_, version, errors) = await Board.SaveAsync(id, 0, AnnouncementTestData.Draft("一時帰宅の申込受付（延長）") with { IsPublic = true }, supervisor, TownScope.All);
        Assert.Empty(errors);
        Assert.Equal(1, version);
        var (stale, _, conflict) = await Board.SaveAsync(id, 0, AnnouncementTestData.Draft("古い画面から"), supervisor, TownScope.All);
        Assert.Null(stale);
        Assert.Equal(AnnouncementBoard.ConflictMessage, Assert.Single(conflict).Message);
        Assert.Equal(AnnouncementBoard.ConflictMessage, await Board.WithdrawAsync(id, 0, supervisor, TownScope.All));
        Assert.Null(await Board.WithdrawAsync(id, 1, supervisor, TownScope.All));

        var stored = await Board.GetAsync(id, TownScope.All);
        Assert.Equal(("一時帰宅の申込受付（延長）", true, 2, AnnouncementState.Withdrawn), (stored!.Title, stored.IsPublic, stored.Version, stored.StateOn(Board.Today)));
        Assert.Empty(stored.Targets);
        await using var connection = await Connections.OpenAsync();
        var audit = (await connection.QueryAsync<(string Action, string Details)>(
            "SELECT Action, Details FROM AuditLog WHERE TargetType = 'announcement' ORDER BY AuditId")).ToList();
        Assert.Equal([
            (AuditActions.CreateAnnouncement, "「一時帰宅の申込受付」・2026/03/01〜2026/03/31・重要・行政区 浜区"),
            (AuditActions.EditAnnouncement, "「一時帰宅の申込受付（延長）」・2026/03/01〜2026/03/31・重要・公開・全世帯"),
            (AuditActions.WithdrawAnnouncement, "「一時帰宅の申込受付（延長）」を取り下げ"),
        ], audit);
    }

    [SkippableFact]
    public async Task Call_SavesTheDeliveries_InItsTransaction()
    {
        var id = await CreateAsync(AnnouncementTestData.Draft());
        var head = await CallTestData.ResidentAsync(Connections, "K0001");

        var result = await Calls.SaveAsync(CallTestData.Draft(CallTestData.Report(head)) with { ToldAnnouncements = [id] }, aizu);

        Assert.True(result.Saved, string.Join(" ", result.Errors.Select(e => e.Message)));
        var history = Assert.Single(await Deliveries.HistoryAsync(head.HouseholdId!.Value));
        Assert.Equal((id, "一時帰宅の申込受付", "会津 一子", result.CallId, (long?)null), (history.AnnouncementId, history.Title, history.ToldBy, history.CallId, history.AttemptId));
        Assert.NotNull((await Deliveries.ForHouseholdAsync(head.HouseholdId.Value, TownScope.All)).Single().LastToldAt);
        Assert.Equal(1, await CountAsync("SELECT COUNT(*) FROM AuditLog WHERE Action = @a", new { a = AuditActions.TellAnnouncement }));
    }

    [SkippableFact]
    public async Task Call_IsRefusedWhole_When_AnAnnouncementWasWithdrawnMeanwhile()
    {
        var id = await CreateAsync(AnnouncementTestData.Draft());
        var head = await CallTestData.ResidentAsync(Connections, "K0001");
        Assert.Null(await Board.WithdrawAsync(id, 0, supervisor, TownScope.All));

        var result = await Calls.SaveAsync(CallTestData.Draft(CallTestData.Report(head)) with { ToldAnnouncements = [id] }, aizu);

        Assert.False(result.Saved);
        var error = Assert.Single(result.Errors);
        Assert.Equal(("announcements", "お知らせ「一時帰宅の申込受付」は取り下げられました。「伝えること」の印を外してから保存してください。"), (error.Field, error.Message));
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM Calls"));
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM SafetyReports"));
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM AnnouncementDeliveries"));
    }

    [SkippableFact]
    public async Task Attempt_SavesTheDeliveries_WithItsAttemptId()
    {
        var id = await CreateAsync(AnnouncementTestData.Draft());
        var household = await AnnouncementTestData.HouseholdIdAsync(Connections, "KH02");
        var attempts = new OutboundAttempts(Connections, new SettingsRepository(Connections), clock);

        var saved = await attempts.RecordAttemptAsync(household, "0240-22-3344", OutboundOutcome.Connected, null, null, aizu, default, [id]);

        Assert.True(saved.Saved, saved.Error);
        var delivery = Assert.Single(await Deliveries.HistoryAsync(household));
        Assert.Equal(await CountAsync("SELECT MAX(AttemptId) FROM OutboundAttempts"), (int)delivery.AttemptId!.Value);
        Assert.Null(delivery.CallId);

        Assert.Null(await Board.WithdrawAsync(id, 0, supervisor, TownScope.All));
        var refused = await attempts.RecordAttemptAsync(household, "0240-22-3344", OutboundOutcome.Connected, null, null, aizu, default, [id]);
        Assert.False(refused.Saved);
        Assert.Equal(1, await CountAsync("SELECT COUNT(*) FROM OutboundAttempts"));
    }

    [SkippableFact]
    public async Task Coverage_EqualsAFreshCount_AfterRandomChanges()
    {
        // A bigger town: 60 more households in three districts.
        var lines = new List<string> { "住民番号,世帯番号,続柄,氏名,氏名カナ,生年月日,性別,行政区,住所,電話番号" };
        for (var h = 0; h < 60; h++)
        {
            for (var m = 0; m < 1 + h % 3; m++)
            {
                lines.Add($"R{h:000}{m},RH{h:000},{(m == 0 ? "世帯主" : "子")},山田 太郎{h}{m},ヤマダ タロウ,1970-01-01,男,{new[] { "浜区", "山区", "川区" }[h % 3]},汐見町{h},");
            }
        }
        await CallTestData.ImportAsync(Connections, string.Join("\n", lines));
        var random = new Random(18);
        var announcements = new List<int>
        {
            await CreateAsync(AnnouncementTestData.Draft("全員")),
            await CreateAsync(AnnouncementTestData.Draft("浜区", new AnnouncementTarget(TargetKind.District, "浜区"))),
            await CreateAsync(AnnouncementTestData.Draft("福島か宮城の仮設", new(TargetKind.Prefecture, "7"), new(TargetKind.Prefecture, "4"), new(TargetKind.Whereabouts, "4"))),
            await CreateAsync(AnnouncementTestData.Draft("要配慮・山区", new AnnouncementTarget(TargetKind.District, "山区")) with { ForVulnerable = true }),
        };
        await using var connection = await Connections.OpenAsync();
        var residents = (await connection.QueryAsync<long>("SELECT ResidentId FROM Residents")).ToList();
        var households = (await connection.QueryAsync<long>("SELECT HouseholdId FROM Households")).ToList();
        for (var round = 0; round < 4; round++)
        {
            foreach (var r in residents.Where(_ => random.Next(3) == 0))
            {
                await connection.ExecuteAsync("UPDATE Residents SET PrefectureCode = @p, WhereaboutsType = @w, IsVulnerable = @v, Status = @s WHERE ResidentId = @r",
                    new { r, p = new byte?[] { 4, 7, 13, null }[random.Next(4)], w = new byte?[] { 1, 4, 5, null }[random.Next(4)], v = random.Next(4) == 0,
                        s = random.Next(10) == 0 ? 5 : 1 });
            }
            foreach (var h in households.Where(_ => random.Next(4) == 0))
            {
                await connection.ExecuteAsync(
                    "INSERT INTO AnnouncementDeliveries (AnnouncementId, HouseholdId, ToldAt, ToldBy) VALUES (@a, @h, @t, NULL)",
                    new { a = announcements[random.Next(announcements.Count)], h, t = clock.GetUtcNow().UtcDateTime.AddDays(-random.Next(5)) });
            }
            var edited = announcements[random.Next(announcements.Count)];
            var current = await Board.GetAsync(edited, TownScope.All);
            var targets = new[] { new AnnouncementTarget(TargetKind.District, "川区"), new(TargetKind.Prefecture, "13"), new(TargetKind.Whereabouts, "5") }
                .Where(_ => random.Next(2) == 0).ToArray();
            Assert.Empty((await Board.SaveAsync(edited, current!.Version, current.ToDraft() with { Targets = targets }, supervisor, TownScope.All)).Errors);

            foreach (var id in announcements)
            {
                var (targeted, told) = await AnnouncementTestData.FreshCountAsync(Connections, id);
                var figures = await Coverage.FiguresAsync(id, TownScope.All);
                Assert.Equal((targeted.Count, told.Count, targeted.Count - told.Count), (figures.Targeted, figures.Told, figures.NotYetTold));
                Assert.Equal(told.Count, figures.Trend.Sum(t => t.Households));
            }
        }
    }

    [SkippableFact]
    public async Task Campaign_QueuesTheNotYetTold_AndAHouseholdLeavesOnceTold()
    {
        foreach (var no in new[] { "K0001", "K0002", "K0003", "K0004", "K0005", "K0101", "K0201", "K0202", "K0301" })
        {
            await AnnouncementTestData.PlaceAsync(Connections, no, 7, (byte)WhereaboutsType.TemporaryHousing);
            await AnnouncementTestData.ExecuteAsync(Connections, "UPDATE Residents SET StatusReportedAt = @at WHERE ResidentNo = @no",
                new { no, at = clock.GetUtcNow().UtcDateTime });
        }
        var id = await CreateAsync(AnnouncementTestData.Draft("浜区へ", new AnnouncementTarget(TargetKind.District, "浜区")));
        var kh01 = await AnnouncementTestData.HouseholdIdAsync(Connections, "KH01");
        var kh03 = await AnnouncementTestData.HouseholdIdAsync(Connections, "KH03");
        var head = await CallTestData.ResidentAsync(Connections, "K0201");
        Assert.True((await Calls.SaveAsync(CallTestData.Draft(CallTestData.Report(head)) with { ToldAnnouncements = [id] }, aizu)).Saved);

        var started = await Coverage.StartCampaignAsync(id, supervisor, TownScope.All);

        Assert.Null(started.Error);
        Assert.Equal(("お知らせ伝達 浜区へ", 1), (started.Name, started.Households));
        Assert.Equal(1, await CountAsync("SELECT COUNT(*) FROM OutboundQueue WHERE HouseholdId = @kh01", new { kh01 }));
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM OutboundQueue WHERE HouseholdId = @kh03", new { kh03 }));
        var campaigns = new OutboundCampaigns(Connections, new SettingsRepository(Connections), clock);
        var listed = Assert.Single(await campaigns.ListAsync(TownScope.All));
        Assert.Equal((CampaignKind.Announcement, 1, 1), (listed.Kind, listed.Households, listed.Remaining));
        Assert.Equal("このお知らせのキャンペーン「お知らせ伝達 浜区へ」が実施中です。", (await Coverage.StartCampaignAsync(id, supervisor, TownScope.All)).Error);

        // Told in a call: the household leaves the campaign (the worklist's need is read live).
        var other = await CallTestData.ResidentAsync(Connections, "K0001");
        Assert.True((await Calls.SaveAsync(CallTestData.Draft(CallTestData.Report(other)) with { ToldAnnouncements = [id] }, aizu)).Saved);
        Assert.Equal((1, 0), ((await campaigns.ListAsync(TownScope.All))[0].Households, (await campaigns.ListAsync(TownScope.All))[0].Remaining));
        Assert.Empty((await new OutboundHouseholdView(Connections).GetHouseholdAsync(kh01, TownScope.All))!.Campaigns);
        Assert.Equal((2, 2, 0), ((await Coverage.FiguresAsync(id, TownScope.All)).Targeted, (await Coverage.FiguresAsync(id, TownScope.All)).Told, (await Coverage.FiguresAsync(id, TownScope.All)).NotYetTold));
        Assert.True(await campaigns.EndAsync(listed.CampaignId, TownScope.All, supervisor));
        Assert.Equal("まだ伝えていない世帯はありません。", (await Coverage.StartCampaignAsync(id, supervisor, TownScope.All)).Error);
    }

    [SkippableFact]
    public async Task Withdraw_EndsTheAnnouncementsCampaign()
    {
        var id = await CreateAsync(AnnouncementTestData.Draft("浜区へ", new AnnouncementTarget(TargetKind.District, "浜区")));
        Assert.Null((await Coverage.StartCampaignAsync(id, supervisor, TownScope.All)).Error);

        Assert.Null(await Board.WithdrawAsync(id, 0, supervisor, TownScope.All));

        var campaigns = new OutboundCampaigns(Connections, new SettingsRepository(Connections), clock);
        Assert.NotNull(Assert.Single(await campaigns.ListAsync(TownScope.All)).EndedAt);
        Assert.Equal("掲示中のお知らせだけを発信リストへ渡せます。", (await Coverage.StartCampaignAsync(id, supervisor, TownScope.All)).Error);
    }
}

public sealed class AnnouncementTestsOnSqlite : AnnouncementTests<OnSqlite>;

public sealed class AnnouncementTestsOnSqlServer : AnnouncementTests<OnSqlServer>;
