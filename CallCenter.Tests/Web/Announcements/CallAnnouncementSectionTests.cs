using CallCenter.Data.Towns;
using Bunit;
using Bunit.TestDoubles;
using CallCenter.Data;
using CallCenter.Data.Announcements;
using CallCenter.Data.Calls;
using CallCenter.Data.Reports;
using CallCenter.Tests.Data;
using CallCenter.Tests.Web.Calls;
using CallCenter.Web.Components.Pages.Calls;
using CallCenter.Web.Components.Shared;
using Dapper;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace CallCenter.Tests.Web.Announcements;

/// <summary>The call form's 「伝えること」 on the real page over a real SQLite file (the five-member household KH01 in 浜区).</summary>
public sealed class CallAnnouncementSectionTests : MudTestContext
{
    private readonly TestDatabase.SqliteTestDatabase db = TestDatabase.CreateSqlite();
    private readonly BunitAuthorizationContext auth;
    private readonly OperatorContext supervisor = new(null, "sv", null);

    public CallAnnouncementSectionTests()
    {
        db.Migrate();
        Services.AddCallCenterData(db.Configuration);
        Services.AddCallFormServices();
        auth = AddAuthorization();
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    public override async Task InitializeAsync() => await CallFormTestSetup.SignInOperatorAsync(db.Connections, auth);

    protected override ValueTask DisposeTestResourcesAsync() => db.DisposeAsync();

    private AnnouncementBoard Board => new(db.Connections, TimeProvider.System);

    private async Task<int> PostAsync(string title, AnnouncementPriority priority = AnnouncementPriority.Normal, string? district = null)
    {
        var today = Board.Today;
        var (id, _, errors) = await Board.SaveAsync(null, 0, new AnnouncementDraft(title, $"{title}の本文です。\n2行目", today.AddDays(-1), today.AddDays(10),
            priority, false, false, district is null ? [] : [new AnnouncementTarget(TargetKind.District, district)]), supervisor, TownScope.All);
        Assert.Empty(errors);
        return id!.Value;
    }

    private IRenderedComponent<RecordCallPage> RenderPage()
    {
        var cut = Render<RecordCallPage>(p => p.Add(x => x.ResidentNo, "K0003"));
        cut.WaitForAssertion(() => cut.Find("[data-testid=member-K0001]"));
        return cut;
    }

    private static async Task FillCallAsync(IRenderedComponent<RecordCallPage> cut)
    {
        var card = cut.FindComponents<MemberReportCard>().Single(c => c.Instance.Member.Resident.ResidentNo == "K0003");
        var status = card.FindComponents<FieldSelect<SafetyStatus?>>()[0];
        await status.Find("select").ChangeAsync(new ChangeEventArgs { Value = status.Instance.ToText(SafetyStatus.Safe) });
        var type = card.FindComponents<FieldSelect<WhereaboutsType?>>()[0];
        await type.Find("select").ChangeAsync(new ChangeEventArgs { Value = type.Instance.ToText(WhereaboutsType.Shelter) });
        await cut.InvokeAsync(() => card.FindComponent<MudAutocomplete<byte?>>().Instance.ValueChanged.InvokeAsync((byte)7));
        cut.Find("input[data-testid=caller-name]").Change("佐藤 浩二");
        cut.ChooseWrapUp();
    }

    private async Task<int> CountAsync(string sql)
    {
        await using var connection = await db.Connections.OpenAsync();
        return await connection.ExecuteScalarAsync<int>(sql);
    }

    [Fact]
    public async Task TheSection_ListsTheAnnouncementsForTheHousehold_ImportantFirst_BodyOnRequest()
    {
        await PostAsync("健康診断のご案内");
        await PostAsync("一時帰宅の申込受付", AnnouncementPriority.Important);
        await PostAsync("浜区の集会所", district: "浜区");
        await PostAsync("山区の集会所", district: "山区");

        var cut = RenderPage();

        var titles = cut.FindAll("[data-testid=announcement-title]").Select(t => t.TextContent.Trim()).ToList();
        Assert.Equal(3, titles.Count);
        Assert.Equal("▸ 一時帰宅の申込受付", titles[0]);
        Assert.DoesNotContain(titles, t => t.Contains("山区", StringComparison.Ordinal));
        Assert.Empty(cut.FindAll("[data-testid=announcement-body]"));
        cut.FindAll("[data-testid=announcement-title]")[0].Click();
        Assert.Equal("一時帰宅の申込受付の本文です。\n2行目", cut.Find("[data-testid=announcement-body]").TextContent);
        Assert.Equal("t", cut.Find("[data-testid=announcements-jump]").GetAttribute("accesskey"));
        Assert.Contains("Alt+T 伝えること", cut.Find("[data-testid=shortcut-help]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void WithoutAnnouncements_TheSectionSaysSo()
    {
        var cut = RenderPage();

        Assert.Equal("この世帯に伝えるお知らせはありません。", cut.Find("[data-testid=announcements-none]").TextContent.Trim());
    }

    [Fact]
    public async Task ATick_IsSavedWithTheCall()
    {
        var id = await PostAsync("一時帰宅の申込受付", AnnouncementPriority.Important);
        await PostAsync("健康診断のご案内");
        var cut = RenderPage();
        await FillCallAsync(cut);
        cut.FindAll("[data-testid=announcement-told]")[0].Change(true);

        cut.Find("button[data-testid=save]").Click();

        cut.WaitForAssertion(() => Assert.Equal(1, CountAsync("SELECT COUNT(*) FROM Calls").GetAwaiter().GetResult()));
        await using var connection = await db.Connections.OpenAsync();
        var delivery = await connection.QuerySingleAsync<(long AnnouncementId, long? CallId)>("SELECT AnnouncementId, CallId FROM AnnouncementDeliveries");
        Assert.Equal(id, (int)delivery.AnnouncementId);
        Assert.NotNull(delivery.CallId);
    }

    [Fact]
    public async Task AWithdrawnAnnouncement_RefusesTheWholeCall_AndKeepsTheForm()
    {
        var id = await PostAsync("一時帰宅の申込受付", AnnouncementPriority.Important);
        var cut = RenderPage();
        await FillCallAsync(cut);
        cut.Find("[data-testid=announcement-told]").Change(true);
        Assert.Null(await Board.WithdrawAsync(id, 0, supervisor, TownScope.All));

        cut.Find("button[data-testid=save]").Click();

        cut.WaitForAssertion(() => Assert.Equal("お知らせ「一時帰宅の申込受付」は取り下げられました。「伝えること」の印を外してから保存してください。",
            cut.Find("[data-testid=announcements-error]").TextContent.Trim()));
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM Calls"));
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM AnnouncementDeliveries"));
        Assert.True(cut.Find("[data-testid=announcement-told]").HasAttribute("checked"));
        Assert.Equal("佐藤 浩二", cut.Find("input[data-testid=caller-name]").GetAttribute("value"));
    }
}
