using CallCenter.Data.Towns;
using CallCenter.Data.Approvals;
using CallCenter.Data.Accounts;
using CallCenter.Data.Calls;
using CallCenter.Data.Common;
using CallCenter.Data.Dashboard;
using CallCenter.Data.Demo;
using CallCenter.Data.Imports;
using CallCenter.Data.Inquiries;
using CallCenter.Data.Reports;
using CallCenter.Data.Residents;
using CallCenter.Data.Settings;
using CallCenter.Tests.Data.Calls;
using Dapper;
using CallCenter.Data.Provisional;

namespace CallCenter.Tests.Data.Dashboard;

/// <summary>
/// Dashboard aggregates against counts worked out by hand on a fixed town: two districts, vulnerable people,
/// several reports for one person on one day, a provisional person reported and then merged.
/// </summary>
public abstract class DashboardRepositoryTests<TDb> : DatabaseTests<TDb> where TDb : IDatabaseKind
{
    private const string Register = """
        住民番号,世帯番号,続柄,氏名,氏名カナ,生年月日,性別,行政区,住所,電話番号,要支援者,要支援理由
        A,H1,世帯主,浜田 一郎,ハマダ イチロウ,1940/1/1,男,浜区,,,1,要介護2
        B,H1,妻,浜田 花子,ハマダ ハナコ,1942/2/2,女,浜区,,,0,
        C,H2,世帯主,山田 進,ヤマダ ススム,1950/3/3,男,浜区,,,0,
        D,H3,世帯主,川村 キヨ,カワムラ キヨ,1930/4/4,女,山区,,,1,一人暮らし
        E,H4,世帯主,森 健,モリ ケン,1980/5/5,男,山区,,,0,
        F,H4,子,森 陽菜,モリ ヒナ,2024/6/6,女,山区,,,1,乳児
        G,H5,世帯主,林 正,ハヤシ タダシ,1960/7/7,男,山区,,,0,
        H,H6,世帯主,杉 明,スギ アキラ,1970/8/8,男,浜区,,,0,
        """;

    // Disaster on 3/11 (Japan time). "Today" is 3/14 10:30 JST.
    private static readonly DateOnly Disaster = new(2026, 3, 11);
    private static readonly TestClock Clock = new(new DateTimeOffset(2026, 3, 14, 1, 30, 0, TimeSpan.Zero));

    private static DateTime Jst(int day, int hour) => JapanTime.ToUtc(new DateTime(2026, 3, day, hour, 0, 0));

    private DashboardRepository Dashboard => new(Connections, new SettingsRepository(Connections), Clock);

    private async Task<int> IdAsync(string no) => (await new ResidentRepository(Connections).FindIdByNumberAsync(no))!.Value;

    private async Task ReportAsync(string no, SafetyStatus status, DateTime reportedAt, WhereaboutsType? type = null, byte? prefecture = null, int? operatorId = null)
    {
        await new ReportRepository(Connections, Clock, ApprovalPolicy.None).AppendAsync(new NewSafetyReport(await IdAsync(no), status, ReportSource.Family,
            type is null ? null : new Whereabouts(type.Value, prefecture, null, null, null), Consent.NotAsked, null, null, operatorId, reportedAt, null));
    }

    private async Task BuildTownAsync()
    {
        await CallTestData.ImportAsync(Connections, Register);
        await new SettingsRepository(Connections).SetAsync(SettingsRepository.DisasterDate, "2026-03-11");
        // A: safe, then injured, twice on 3/12: confirmed once, on 3/12, now 負傷.
        await ReportAsync("A", SafetyStatus.Safe, Jst(12, 9), WhereaboutsType.Shelter, 7);
        await ReportAsync("A", SafetyStatus.Injured, Jst(12, 15), WhereaboutsType.Hospital, 7);
        // B safe in 東京 on 3/13; C missing on 3/13; D deceased on 3/14.
        await ReportAsync("B", SafetyStatus.Safe, Jst(13, 10), WhereaboutsType.RelativeHome, 13);
        await ReportAsync("C", SafetyStatus.Missing, Jst(13, 11));
        await ReportAsync("D", SafetyStatus.Deceased, Jst(14, 8));
        // An older shelter list entered late for H (dated 3/12): H is confirmed on 3/12.
        await ReportAsync("H", SafetyStatus.Safe, Jst(13, 20), WhereaboutsType.Shelter, 6);
        await ReportAsync("H", SafetyStatus.Safe, Jst(12, 8), WhereaboutsType.Shelter, 7);
        // A provisional person (E's misspelt entry) reported safe on 3/12, then merged into E.
        var service = new ProvisionalPersonService(Connections, Clock);
        var (number, errors) = await service.CreateAsync(new ProvisionalPersonDraft("森", "建", "モリ", "ケン", null, Sex.Male, null, null),
            new OperatorContext(null, "op", "会津若松"));
        Assert.Empty(errors);
        await ReportAsync(number!, SafetyStatus.Safe, Jst(12, 12), WhereaboutsType.Hotel, 7);
        Assert.Equal(1, (await Dashboard.LoadAsync(new DashboardFilter())).Headline.ProvisionalAwaitingReview);
        Assert.Null(await service.MergeAsync(await IdAsync(number!), await IdAsync("E"), new OperatorContext(null, "sv", "いわき")));
    }

    [SkippableFact]
    public async Task Headline_CountsEachResidentOnce_AgainstTheWholeRegister()
    {
        await BuildTownAsync();

        var h = (await Dashboard.LoadAsync(new DashboardFilter())).Headline;

        // Confirmed: A B C D E H = 6 of 8. Safe: B E H. F (vulnerable) and G are unconfirmed.
        Assert.Equal((8, 6, 3, 1, 0, 1, 1), (h.Residents, h.Confirmed, h.Safe, h.Injured, h.Hospitalized, h.Missing, h.Deceased));
        Assert.Equal(1, h.UnconfirmedVulnerable);
        Assert.Equal(0, h.ProvisionalAwaitingReview);
        Assert.Equal(75.0, h.ConfirmedPercent);
    }

    [SkippableFact]
    public async Task Cumulative_CountsFirstConfirmations_PerJapanDay()
    {
        await BuildTownAsync();

        var days = (await Dashboard.LoadAsync(new DashboardFilter())).Cumulative;

        // 3/11: none. 3/12: A, H (older list), E (via the merged provisional person). 3/13: B, C. 3/14: D.
        Assert.Equal([Disaster, Disaster.AddDays(1), Disaster.AddDays(2), Disaster.AddDays(3)], days.Select(d => d.Day));
        Assert.Equal([0, 3, 2, 1], days.Select(d => d.Confirmed));
        Assert.Equal([0, 3, 5, 6], days.Select(d => d.Cumulative));
        Assert.Equal(75.0, days[^1].CumulativePercent);
    }

    [SkippableFact]
    public async Task Filters_NarrowToDistrictAndVulnerable()
    {
        await BuildTownAsync();

        var mountain = await Dashboard.LoadAsync(new DashboardFilter(District: "山区"));
        var vulnerable = await Dashboard.LoadAsync(new DashboardFilter(VulnerableOnly: true));

        // 山区: D (deceased) E (safe) F G (unconfirmed).
        Assert.Equal((4, 2, 1, 1), (mountain.Headline.Residents, mountain.Headline.Confirmed, mountain.Headline.Safe, mountain.Headline.Deceased));
        Assert.Equal(["山区", "浜区"], mountain.Districts);
        // Vulnerable: A (injured), D (deceased), F (unconfirmed).
        Assert.Equal((3, 2, 1), (vulnerable.Headline.Residents, vulnerable.Headline.Confirmed, vulnerable.Headline.UnconfirmedVulnerable));
    }

    [SkippableFact]
    public async Task Breakdowns_ByDistrictPrefectureAndWhereabouts()
    {
        await BuildTownAsync();

        var s = await Dashboard.LoadAsync(new DashboardFilter());

        Assert.Equal(2, s.StatusByDistrict.Single(d => d.District == "浜区" && d.Status == SafetyStatus.Safe).Residents);
        Assert.Equal(1, s.StatusByDistrict.Single(d => d.District == "浜区" && d.Status == SafetyStatus.Missing).Residents);
        Assert.Equal(2, s.StatusByDistrict.Single(d => d.District == "山区" && d.Status == SafetyStatus.Unconfirmed).Residents);
        // Current whereabouts: A 福島 (hospital), B 東京, E 福島 (hotel, from the merged person), H 山形 (the later report).
        Assert.Equal(2, s.ByPrefecture.Single(p => p.PrefectureCode == 7).Residents);
        Assert.Equal(1, s.ByPrefecture.Single(p => p.PrefectureCode == 13).Residents);
        Assert.Equal(1, s.ByPrefecture.Single(p => p.PrefectureCode == 6).Residents);
        Assert.Equal(4, s.ByPrefecture.Single(p => p.PrefectureCode is null).Residents);
        Assert.Equal(1, s.ByWhereaboutsType.Single(t => t.Type == WhereaboutsType.Hotel).Residents);
        Assert.Equal(1, s.ByWhereaboutsType.Single(t => t.Type == WhereaboutsType.Shelter).Residents);
        Assert.Equal(8, s.ByPrefecture.Sum(p => p.Residents));
    }

    [SkippableFact]
    public async Task Calls_PerHourToday_AndPerOperatorInThePeriod()
    {
        await CallTestData.ImportAsync(Connections, Register);
        var users = new UserRepository(Connections, Clock);
        var yamada = (await users.CreateAsync("yamada", "山田 花子", UserRole.Operator, "会津若松", "x"))!.Value;
        var ito = (await users.CreateAsync("ito", "伊藤 進", UserRole.Operator, "いわき", "x"))!.Value;
        var service = new CallRecordingService(Connections, Clock);
        async Task CallAsync(int userId, string site, string no, SafetyStatus status, DateTimeOffset at)
        {
            Clock.Now = at;
            var r = await CallTestData.ResidentAsync(Connections, no);
            var result = await service.SaveAsync(CallTestData.Draft(CallTestData.Report(r, status)), new OperatorContext(userId, "u", site));
            Assert.True(result.Saved, string.Join("; ", result.Errors.Select(e => e.Message)));
        }
        await CallAsync(yamada, "会津若松", "A", SafetyStatus.Safe, new DateTimeOffset(2026, 3, 13, 23, 10, 0, TimeSpan.Zero)); // 3/14 08:10 JST
        await CallAsync(yamada, "会津若松", "B", SafetyStatus.Safe, new DateTimeOffset(2026, 3, 13, 23, 50, 0, TimeSpan.Zero)); // 08:50
        await CallAsync(ito, "いわき", "C", SafetyStatus.Unconfirmed, new DateTimeOffset(2026, 3, 14, 0, 20, 0, TimeSpan.Zero)); // 09:20
        await CallAsync(ito, "いわき", "D", SafetyStatus.Safe, new DateTimeOffset(2026, 3, 12, 2, 0, 0, TimeSpan.Zero)); // 3/12
        Clock.Now = new DateTimeOffset(2026, 3, 14, 1, 30, 0, TimeSpan.Zero);
        await new SettingsRepository(Connections).SetAsync(SettingsRepository.DisasterDate, "2026-03-11");

        var all = await Dashboard.LoadAsync(new DashboardFilter());
        var iwaki = await Dashboard.LoadAsync(new DashboardFilter(Site: "いわき"));
        var today = await Dashboard.LoadAsync(new DashboardFilter(From: new DateOnly(2026, 3, 14)));

        Assert.Equal(3, all.Headline.CallsToday);
        Assert.Equal(2, all.CallsPerHourToday.Single(h => h.Hour == 8).Calls);
        Assert.Equal(1, all.CallsPerHourToday.Single(h => h.Hour == 9).Calls);
        Assert.Equal(24, all.CallsPerHourToday.Count);
        Assert.Equal(1, iwaki.Headline.CallsToday);
        var operators = all.PerOperator.ToDictionary(o => o.Operator);
        Assert.Equal((2, 2), (operators["山田 花子"].Calls, operators["山田 花子"].Confirmations));
        Assert.Equal((2, 1), (operators["伊藤 進"].Calls, operators["伊藤 進"].Confirmations));
        Assert.Equal(["伊藤 進"], iwaki.PerOperator.Select(o => o.Operator));
        Assert.Equal((1, 0), (today.PerOperator.Single(o => o.Operator == "伊藤 進").Calls, today.PerOperator.Single(o => o.Operator == "伊藤 進").Confirmations));
    }

    [SkippableFact]
    public async Task InquiryCalls_CountAsCallsPerOperator_NotAsConfirmations()
    {
        await CallTestData.ImportAsync(Connections, Register);
        var users = new UserRepository(Connections, Clock);
        var sato = (await users.CreateAsync("sato", "佐藤 恵", UserRole.Operator, "いわき", "x"))!.Value;
        Clock.Now = new DateTimeOffset(2026, 3, 14, 0, 40, 0, TimeSpan.Zero); // 3/14 09:40 JST
        var a = await CallTestData.ResidentAsync(Connections, "A");
        var inquiry = await new InquiryRepository(Connections, Clock).RecordAsync(new InquiryDraft(a.ResidentId,
            InquirerType.Acquaintance, "近藤 隆", "元同僚", "090-2222-3333", null, DisclosureItems.None, null, null),
            new OperatorContext(sato, "sato", "いわき"));
        Assert.True(inquiry.Saved, string.Join(" ", inquiry.Errors));
        Clock.Now = new DateTimeOffset(2026, 3, 14, 1, 30, 0, TimeSpan.Zero);
        await new SettingsRepository(Connections).SetAsync(SettingsRepository.DisasterDate, "2026-03-11");

        var all = await Dashboard.LoadAsync(new DashboardFilter());

        Assert.Equal(1, all.Headline.CallsToday);
        Assert.Equal(1, all.CallsPerHourToday.Single(h => h.Hour == 9).Calls);
        var sat = Assert.Single(all.PerOperator);
        Assert.Equal(("佐藤 恵", 1, 0), (sat.Operator, sat.Calls, sat.Confirmations));
    }

    [SkippableFact]
    public async Task List_ShowsTheResidentsBehindEachFigure_SortedAndPaged()
    {
        await BuildTownAsync();
        async Task<List<string>> Numbers(ResidentListFilter filter, ResidentListSort sort = ResidentListSort.ResidentNo, bool descending = false, int skip = 0, int take = 50)
            => (await Dashboard.ListAsync(filter, TownScope.All, sort, descending, skip, take)).Residents.Select(r => r.ResidentNo).ToList();

        Assert.Equal(["A", "B", "C", "D", "E", "F", "G", "H"], await Numbers(new ResidentListFilter()));
        Assert.Equal(["F", "G"], await Numbers(new ResidentListFilter(Unconfirmed: true)));
        Assert.Equal(["D", "E", "F", "G"], await Numbers(new ResidentListFilter(District: "山区")));
        Assert.Equal(["B", "E", "H"], await Numbers(new ResidentListFilter(Status: SafetyStatus.Safe)));
        Assert.Equal(["A", "E"], await Numbers(new ResidentListFilter(PrefectureCode: 7)));
        Assert.Equal(["C", "D", "F", "G"], await Numbers(new ResidentListFilter(PrefectureCode: ResidentList.UnknownPrefecture)));
        Assert.Equal(["E"], await Numbers(new ResidentListFilter(WhereaboutsType: WhereaboutsType.Hotel)));
        Assert.Equal(["A", "D", "F"], await Numbers(new ResidentListFilter(Vulnerable: true)));
        Assert.Equal(["F"], await Numbers(new ResidentListFilter(Vulnerable: true, Unconfirmed: true)));
        Assert.Equal(["A", "B", "C", "D", "E", "H"], await Numbers(new ResidentListFilter(Confirmed: true)));
        // The merged provisional person is listed nowhere; an unmerged one only among provisional persons.
        Assert.Empty(await Numbers(new ResidentListFilter(Provisional: true)));

        var page = await Dashboard.ListAsync(new ResidentListFilter(), TownScope.All, ResidentListSort.ResidentNo, descending: true, skip: 2, take: 3);
        Assert.Equal(8, page.Total);
        Assert.Equal(["F", "E", "D"], page.Residents.Select(r => r.ResidentNo));
        // By status: 無事 (スギ, ハマダ, モリ by reading), 負傷 (A), 行方不明 (C), 死亡 (D).
        Assert.Equal(["H", "B", "E", "A", "C", "D"], await Numbers(new ResidentListFilter(Confirmed: true), ResidentListSort.Status));
    }

    [SkippableFact]
    public async Task ChangeStamp_Moves_When_AReportIsSaved()
    {
        await CallTestData.ImportAsync(Connections, Register);
        var before = await Dashboard.ChangeStampAsync();

        await ReportAsync("G", SafetyStatus.Safe, Jst(13, 9));

        Assert.NotEqual(before, await Dashboard.ChangeStampAsync());
    }

    [SkippableFact]
    public async Task Summaries_EqualTheRegister_AfterSeedingAndReimporting()
    {
        var time = new TestClock(new DateTimeOffset(2026, 4, 1, 3, 0, 0, TimeSpan.Zero));
        var seeded = await new DemoTownSeeder(Connections, new ResidentImportService(Connections, time), time)
            .SeedAsync(new DemoSeedOptions(Residents: 2000, DisasterDate: new DateOnly(2026, 3, 11)));
        Assert.True(seeded.Seeded);
        // Move some residents to another district and drop a vulnerable flag through a re-import.
        await using (var connection = await Connections.OpenAsync())
        {
            await connection.ExecuteAsync("UPDATE Residents SET District = '新しい区', IsVulnerable = 0 WHERE ResidentId % 7 = 0");
        }

        await using var check = await Connections.OpenAsync();
        var summary = (await check.QueryAsync<(string, long, long, long, long, long)>(
            "SELECT District, Status, IsVulnerable, WhereaboutsType, PrefectureCode, Residents FROM ResidentCounts WHERE Residents <> 0")).ToHashSet();
        var direct = (await check.QueryAsync<(string, long, long, long, long, long)>("""
            SELECT COALESCE(District, ''), Status, IsVulnerable, COALESCE(WhereaboutsType, -1), COALESCE(PrefectureCode, -1), COUNT(*)
              FROM Residents WHERE IsProvisional = 0 AND MergedIntoResidentId IS NULL
             GROUP BY COALESCE(District, ''), Status, IsVulnerable, COALESCE(WhereaboutsType, -1), COALESCE(PrefectureCode, -1)
            """)).ToHashSet();
        Assert.Equal(direct, summary);
        var daily = await check.ExecuteScalarAsync<long>("SELECT SUM(Residents) FROM DailyConfirmations");
        Assert.Equal(await check.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM Residents WHERE Status <> 0 AND IsProvisional = 0"), daily);
    }
}

public sealed class DashboardRepositoryTestsOnSqlite : DashboardRepositoryTests<OnSqlite>;

public sealed class DashboardRepositoryTestsOnSqlServer : DashboardRepositoryTests<OnSqlServer>;
