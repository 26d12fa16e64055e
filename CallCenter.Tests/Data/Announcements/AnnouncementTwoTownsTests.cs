using System.Text;
using CallCenter.Data.Accounts;
using CallCenter.Data.Announcements;
using CallCenter.Data.Calls;
using CallCenter.Data.Database;
using CallCenter.Data.Imports;
using CallCenter.Data.Inquiries;
using CallCenter.Data.Settings;
using CallCenter.Data.Towns;
using CallCenter.Tests.Data.Calls;
using Dapper;

namespace CallCenter.Tests.Data.Announcements;

/// <summary>
/// Announcements in a joint call center: two towns whose resident and household numbers (0000001…, H0001…) and a
/// district name (本町) collide. A 町+行政区 announcement reaches only that town's district — in the call form's list,
/// the coverage and the campaign alike (the one targeting rule); a 行政区 without its town is refused; a supervisor of
/// one town writes only announcements limited to it and lists only those that can reach it; open messages (伝言) of
/// another town are not listed.
/// </summary>
public abstract class AnnouncementTwoTownsTests<TDb> : DatabaseTests<TDb> where TDb : IDatabaseKind
{
    private const string ShiomiRegister = """
        住民番号,世帯番号,続柄,氏名,氏名カナ,生年月日,性別,行政区,住所,電話番号
        0000001,H0001,世帯主,青木 健一,アオキ ケンイチ,1980-04-01,男,本町,汐見町本町1,0240-10-0001
        0000002,H0002,世帯主,井上 和夫,イノウエ カズオ,1981-01-10,男,浜区,汐見町浜2,0240-10-0002
        0000003,H0001,妻,青木 幸子,アオキ サチコ,1982-05-02,女,本町,汐見町本町1,
        """;

    private const string HamakazeRegister = """
        住民番号,世帯番号,続柄,氏名,氏名カナ,生年月日,性別,行政区,住所,電話番号
        0000001,H0001,世帯主,上田 トメ,ウエダ トメ,1939-07-07,女,本町,浜風町本町1,0240-20-0001
        0000002,H0002,世帯主,遠藤 誠,エンドウ マコト,1940-06-06,男,本町,浜風町本町2,0240-20-0002
        0000003,H0003,世帯主,加藤 大輔,カトウ ダイスケ,1941-01-01,男,山区,浜風町山3,0240-20-0003
        """;

    private readonly TestClock clock = new(new DateTimeOffset(2026, 3, 14, 1, 30, 0, TimeSpan.Zero));
    private OperatorContext joint = null!;
    private OperatorContext shiomiSupervisor = null!;

    private Town Shiomi { get; set; } = default!;

    private Town Hamakaze { get; set; } = default!;

    private TownScope OnlyShiomi => TownScope.Only([Shiomi.TownId]);

    private AnnouncementBoard Board => new(Connections, clock);

    private AnnouncementDeliveries Deliveries => new(Connections, clock);

    private AnnouncementCoverage Coverage => new(Connections, new SettingsRepository(Connections), clock);

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        (Shiomi, Hamakaze) = await Calls.TwoTownData.CreateAsync(Connections, ShiomiRegister, "079910", "浜風町", HamakazeRegister);
        var towns = new TownRepository(Connections, TimeProvider.System);
        joint = await CallTestData.StaffAsync(Connections, clock, "sv-joint", "合同 監督", UserRole.Supervisor, "いわき");
        shiomiSupervisor = await CallTestData.StaffAsync(Connections, clock, "sv-shiomi", "汐見 監督", UserRole.Supervisor, "いわき");
        await towns.SetUserScopeAsync(shiomiSupervisor.UserId!.Value, OnlyShiomi);
    }

    private static AnnouncementTarget TownTarget(Town town) => new(TargetKind.Town, town.Code);

    private static AnnouncementTarget District(string district) => new(TargetKind.District, district);

    private async Task<int> CreateAsync(AnnouncementDraft draft, OperatorContext by, TownScope scope)
    {
        var (id, _, errors) = await Board.SaveAsync(null, 0, draft, by, scope);
        Assert.Empty(errors);
        return id!.Value;
    }

    private async Task<int> HouseholdIdAsync(string householdNo, Town town)
    {
        await using var connection = await Connections.OpenAsync();
        return await connection.ExecuteScalarAsync<int>("SELECT HouseholdId FROM Households WHERE HouseholdNo = @householdNo AND TownId = @TownId",
            new { householdNo, town.TownId });
    }

    private async Task<IReadOnlyList<string>> TitlesForAsync(string householdNo, Town town, TownScope? scope = null) =>
        [.. (await Deliveries.ForHouseholdAsync(await HouseholdIdAsync(householdNo, town), scope ?? TownScope.All)).Select(a => a.Title)];

    private async Task<int> CountAsync(string sql, object? args = null)
    {
        await using var connection = await Connections.OpenAsync();
        return await connection.ExecuteScalarAsync<int>(sql, args);
    }

    [SkippableFact]
    public async Task TownAndDistrict_ReachesOnlyThatTownsDistrict_InTheCallForm_Coverage_AndCampaign()
    {
        var id = await CreateAsync(AnnouncementTestData.Draft("浜風町 本町の給水", TownTarget(Hamakaze), District("本町")), joint, TownScope.All);
        await CreateAsync(AnnouncementTestData.Draft("汐見町の皆さんへ", TownTarget(Shiomi)), joint, TownScope.All);

        // The call form's 伝えること: 浜風町's 本町 households, not 汐見町's 本町 household of the same number.
        Assert.Equal(["浜風町 本町の給水"], await TitlesForAsync("H0001", Hamakaze));
        Assert.Equal(["浜風町 本町の給水"], await TitlesForAsync("H0002", Hamakaze));
        Assert.Empty(await TitlesForAsync("H0003", Hamakaze));
        Assert.Equal(["汐見町の皆さんへ"], await TitlesForAsync("H0001", Shiomi));
        Assert.Equal(["汐見町の皆さんへ"], await TitlesForAsync("H0002", Shiomi));
        // A household of another town read with a one-town scope: nothing.
        Assert.Empty(await TitlesForAsync("H0001", Hamakaze, OnlyShiomi));

        // Coverage: the two 本町 households of 浜風町; none among 汐見町's.
        Assert.Equal(2, (await Coverage.FiguresAsync(id, TownScope.All)).Targeted);
        Assert.Equal(0, (await Coverage.FiguresAsync(id, OnlyShiomi)).Targeted);

        // The campaign hands over exactly those two.
        var started = await Coverage.StartCampaignAsync(id, joint, TownScope.All);
        Assert.Null(started.Error);
        Assert.Equal(2, started.Households);
        Assert.Equal(2, await CountAsync("""
            SELECT COUNT(*) FROM OutboundCampaignHouseholds c JOIN Households h ON h.HouseholdId = c.HouseholdId
             WHERE c.CampaignId = @CampaignId AND h.TownId = @TownId AND h.District = '本町'
            """, new { started.CampaignId, Hamakaze.TownId }));
        Assert.Equal(2, await CountAsync("SELECT COUNT(*) FROM OutboundCampaignHouseholds WHERE CampaignId = @CampaignId", new { started.CampaignId }));
    }

    [SkippableFact]
    public async Task DistrictTarget_IsRefused_WithoutATownThatHasIt()
    {
        var (id, _, errors) = await Board.SaveAsync(null, 0, AnnouncementTestData.Draft("本町へ", District("本町")), joint, TownScope.All);
        Assert.Null(id);
        Assert.Equal("行政区を選ぶときは、その行政区の町も選んでください（同じ名前の行政区が町ごとにあります）。", Assert.Single(errors).Message);

        (id, _, errors) = await Board.SaveAsync(null, 0, AnnouncementTestData.Draft("山区へ", TownTarget(Shiomi), District("山区")), joint, TownScope.All);
        Assert.Null(id);
        Assert.Equal("対象の行政区「山区」は選んだ町（汐見町）にありません。選び直してください。", Assert.Single(errors).Message);

        (id, _, errors) = await Board.SaveAsync(null, 0, AnnouncementTestData.Draft("どこかの町", new AnnouncementTarget(TargetKind.Town, "079901")), joint, TownScope.All);
        Assert.Null(id);
        Assert.Equal("対象の町「079901」はありません。選び直してください。", Assert.Single(errors).Message);

        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM Announcements"));
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM AnnouncementTargets"));
    }

    [SkippableFact]
    public async Task OneTownSupervisor_WritesOnlyAnnouncementsLimitedToItsTown()
    {
        var everyone = AnnouncementTestData.Draft("全町へ");
        var (id, _, errors) = await Board.SaveAsync(null, 0, everyone, shiomiSupervisor, OnlyShiomi);
        Assert.Null(id);
        Assert.Equal("対象の町を選んでください。担当の町（汐見町）の世帯に限ったお知らせだけを掲示できます。", Assert.Single(errors).Message);

        (id, _, errors) = await Board.SaveAsync(null, 0, AnnouncementTestData.Draft("浜風町へ", TownTarget(Hamakaze)), shiomiSupervisor, OnlyShiomi);
        Assert.Null(id);
        Assert.Equal("浜風町は担当の町ではありません。対象の町から外してください。", Assert.Single(errors).Message);

        (id, _, errors) = await Board.SaveAsync(null, 0, AnnouncementTestData.Draft("両町へ", TownTarget(Shiomi), TownTarget(Hamakaze)), shiomiSupervisor, OnlyShiomi);
        Assert.Null(id);
        Assert.Equal("浜風町は担当の町ではありません。対象の町から外してください。", Assert.Single(errors).Message);
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM Announcements"));

        var own = await CreateAsync(AnnouncementTestData.Draft("汐見町 本町へ", TownTarget(Shiomi), District("本町")), shiomiSupervisor, OnlyShiomi);
        Assert.Equal(["汐見町 本町へ"], await TitlesForAsync("H0001", Shiomi));
        Assert.Empty(await TitlesForAsync("H0001", Hamakaze));

        // Written by the joint center: one for every town (listed, not changeable by the one-town supervisor), one for
        // 浜風町 only (not listed, not found).
        var all = await CreateAsync(everyone, joint, TownScope.All);
        var other = await CreateAsync(AnnouncementTestData.Draft("浜風町だけ", TownTarget(Hamakaze)), joint, TownScope.All);
        Assert.Equal(["全町へ", "汐見町 本町へ"], (await Board.ListAsync(OnlyShiomi)).Select(a => a.Title).Order(StringComparer.Ordinal).ToList());
        Assert.Equal(3, (await Board.ListAsync(TownScope.All)).Count);
        Assert.Null(await Board.GetAsync(other, OnlyShiomi));
        Assert.NotNull(await Board.GetAsync(other, TownScope.All));

        var (edited, _, refused) = await Board.SaveAsync(all, 0, everyone with { Title = "全町へ（汐見町が変更）", Targets = [TownTarget(Shiomi)] }, shiomiSupervisor,
            OnlyShiomi);
        Assert.Null(edited);
        Assert.Equal("このお知らせは担当外の町の世帯にも届くため、変更・取り下げできません。全町を担当する職員に依頼してください。", Assert.Single(refused).Message);
        Assert.Equal("このお知らせは担当外の町の世帯にも届くため、変更・取り下げできません。全町を担当する職員に依頼してください。",
            await Board.WithdrawAsync(all, 0, shiomiSupervisor, OnlyShiomi));
        Assert.Equal("このお知らせは見つかりません。", await Board.WithdrawAsync(other, 0, shiomiSupervisor, OnlyShiomi));
        Assert.Equal("全町へ", (await Board.GetAsync(all, TownScope.All))!.Title);
        Assert.Null((await Board.GetAsync(other, TownScope.All))!.WithdrawnAt);

        // Its own: edited and withdrawn.
        Assert.Empty((await Board.SaveAsync(own, 0, AnnouncementTestData.Draft("汐見町 本町へ（改）", TownTarget(Shiomi)), shiomiSupervisor, OnlyShiomi)).Errors);
        Assert.Null(await Board.WithdrawAsync(own, 1, shiomiSupervisor, OnlyShiomi));
    }

    [SkippableFact]
    public async Task OpenMessages_OfAnotherTown_AreNotListed()
    {
        var by = await CallTestData.StaffAsync(Connections, clock, "op-joint", "合同 一子", UserRole.Operator, "いわき");
        var inquiries = new InquiryRepository(Connections, clock);
        foreach (var (town, message) in new[] { (Shiomi, "汐見町の青木さんへ"), (Hamakaze, "浜風町の上田さんへ") })
        {
            await using var connection = await Connections.OpenAsync();
            var residentId = await connection.ExecuteScalarAsync<int>("SELECT ResidentId FROM Residents WHERE ResidentNo = '0000001' AND TownId = @TownId",
                new { town.TownId });
            var saved = await inquiries.RecordAsync(new InquiryDraft(residentId, InquirerType.Relative, "佐藤 和子", "妹", "03-3456-7890", null,
                DisclosureItems.None, message, null), by);
            Assert.True(saved.Saved, string.Join(" ", saved.Errors));
        }

        Assert.Equal(["汐見町の青木さんへ"], (await inquiries.OpenMessagesAsync(OnlyShiomi)).Select(i => i.Message));
        Assert.Equal(["浜風町の上田さんへ"], (await inquiries.OpenMessagesAsync(TownScope.Only([Hamakaze.TownId]))).Select(i => i.Message));
        Assert.Equal(2, (await inquiries.OpenMessagesAsync(TownScope.All)).Count);
        Assert.Empty(await inquiries.OpenMessagesAsync(TownScope.Only([])));
    }
}

public sealed class AnnouncementTwoTownsTestsOnSqlite : AnnouncementTwoTownsTests<OnSqlite>;

public sealed class AnnouncementTwoTownsTestsOnSqlServer : AnnouncementTwoTownsTests<OnSqlServer>;

/// <summary>The announcement statements as a one-town supervisor's scope renders them (<see cref="AnnouncementTargeting.ReachesScope"/>) parse as T-SQL.</summary>
public sealed class AnnouncementScopeSqlServerTests
{
    [Theory]
    [InlineData("AnnouncementBoard.ListSql")]
    [InlineData("AnnouncementBoard.OneSql")]
    public void Parse_ReportsNoErrors_When_RenderedForOneTown(string statement)
    {
        var sql = CallCenter.Tests.Data.SqlServer.DataStatement.All[statement].Rendered;
        var rendered = AnnouncementTargeting.ReachesScope(sql, TownScope.Only([2]));

        Assert.Contains("tw.TownId IN @TownIds", rendered, StringComparison.Ordinal);
        // As Dapper sends a list parameter: IN @TownIds becomes IN (@TownIds1, @TownIds2).
        var (_, errors) = CallCenter.Tests.Data.SqlServer.SqlServerSources.Parse(
            rendered.Replace("IN @TownIds", "IN (@TownIds1, @TownIds2)", StringComparison.Ordinal));
        Assert.True(errors.Count == 0, string.Join("\n", errors.Select(CallCenter.Tests.Data.SqlServer.SqlServerSources.Describe)) + "\n" + rendered);
    }
}
