using Bunit;
using CallCenter.Data.Dashboard;
using CallCenter.Web.Components.Pages.Dashboard;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace CallCenter.Tests.Web.Dashboard;

public sealed class DashboardPageTests : DashboardTestContext
{
    private IRenderedComponent<DashboardPage> Open(string query = "")
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo("/dashboard" + query);
        var cut = Render<DashboardPage>();
        cut.WaitForAssertion(() => cut.Find("[data-testid=headline]"));
        return cut;
    }

    [Fact]
    public void TheConfirmationGauge_StandsAboveTheHeadlineFigures()
    {
        var cut = Open();

        Assert.Equal("4,321", cut.Find("[data-testid=gauge-confirmed]").TextContent);
        Assert.Equal("11,500", cut.Find("[data-testid=gauge-residents]").TextContent);
        Assert.True(cut.Markup.IndexOf("confirmation-gauge", StringComparison.Ordinal) < cut.Markup.IndexOf("data-testid=\"headline\"", StringComparison.Ordinal));
    }

    [Fact]
    public void PendingApprovals_AreCountedApart_And_OpenTheApprovalsPage()
    {
        var cut = Open();

        Assert.Equal("3", Value(cut, "pending-approval"));
        Assert.Equal("死亡 2・行方不明 1", cut.Find("[data-testid=figure-pending-approval] [data-testid=note]").TextContent.Trim());
        Assert.Equal("/approvals", cut.Find("[data-testid=figure-pending-approval]").GetAttribute("href"));
        Assert.Equal("11", Value(cut, "deceased"));
    }

    [Fact]
    public void HeadlineFigures_ShowSeparators_And_ConfirmedPercent()
    {
        var cut = Open();

        Assert.Equal("11,500", Value(cut, "residents"));
        Assert.Equal("4,321", Value(cut, "confirmed"));
        Assert.Equal("37.6%", cut.Find("[data-testid=figure-confirmed] [data-testid=note]").TextContent.Trim());
        Assert.Equal("7,179", Value(cut, "unconfirmed"));
        Assert.Equal("1,002", Value(cut, "unconfirmed-vulnerable"));
        Assert.Equal("1,500", Value(cut, "calls-today"));
        Assert.Equal("12", Value(cut, "operators"));
        Assert.Equal("/residents/list?status=Missing", cut.Find("[data-testid=figure-missing]").GetAttribute("href"));
        Assert.Equal("/residents/list?vulnerable=true&unconfirmed=true", cut.Find("[data-testid=figure-unconfirmed-vulnerable]").GetAttribute("href"));
        Assert.Equal("/residents/list?provisional=true", cut.Find("[data-testid=figure-provisional]").GetAttribute("href"));
        Assert.Null(cut.Find("[data-testid=figure-calls-today]").GetAttribute("href"));
        Assert.Equal("最終更新 12:04:05", cut.Find("[data-testid=as-of]").TextContent.Trim());
    }

    [Fact]
    public void TileMap_ShowsEveryPrefecture_And_Abroad_WithCountsAndLinks()
    {
        var cut = Open("?district=%E6%B5%9C%E5%8C%BA");

        var tiles = cut.FindAll("[data-testid=tile-map] a.tile");
        Assert.Equal(48, tiles.Count);
        Assert.Equal(48, tiles.Select(t => t.GetAttribute("data-testid")).Distinct().Count());
        var yamagata = cut.Find("[data-testid=tile-6]");
        Assert.Equal("山形", yamagata.QuerySelector(".tile-name")!.TextContent);
        Assert.Equal("1,234", yamagata.QuerySelector(".tile-count")!.TextContent);
        Assert.Equal("/residents/list?district=%E6%B5%9C%E5%8C%BA&pref=6", yamagata.GetAttribute("href"));
        Assert.Equal("56", cut.Find("[data-testid=tile-99] .tile-count").TextContent);
        Assert.Equal("海外", cut.Find("[data-testid=tile-99] .tile-name").TextContent);
        Assert.Equal("0", cut.Find("[data-testid=tile-1] .tile-count").TextContent);
        Assert.Contains("step-6", cut.Find("[data-testid=tile-7]").ClassList);
        Assert.Contains("step-0", cut.Find("[data-testid=tile-1]").ClassList);
        Assert.Contains("7人", cut.Find("[data-testid=tile-unknown]").TextContent);
    }

    [Fact]
    public void DistrictBars_LinkEachStatusOfEachDistrict()
    {
        var cut = Open("?vulnerable=true");

        var segment = cut.Find("[data-testid=segment-浜区-Missing]");
        Assert.Equal("/residents/list?status=Missing&district=%E6%B5%9C%E5%8C%BA&vulnerable=true", segment.GetAttribute("href"));
        Assert.Equal("/residents/list?district=%E5%B1%B1%E5%8C%BA&vulnerable=true",
            cut.Find("[data-testid=district-山区] a.district-name").GetAttribute("href"));
        Assert.Equal("/residents/list?type=Shelter&vulnerable=true", cut.Find("[data-testid=type-Shelter] a").GetAttribute("href"));
        Assert.Empty(cut.FindAll("[data-testid=type-none] a"));
    }

    [Fact]
    public void QueryString_IsReadIntoTheFilter_And_ChangesAreWrittenBack()
    {
        var cut = Open("?from=2026-03-11&to=2026-03-20&district=%E5%B1%B1%E5%8C%BA&vulnerable=true&site=%E3%81%84%E3%82%8F%E3%81%8D");

        var expected = new DashboardFilter(new DateOnly(2026, 3, 11), new DateOnly(2026, 3, 20), "山区", true, "いわき");
        Assert.Equal(expected, Source.Loaded.Last());
        Assert.Empty(cut.FindAll("[data-testid=filter-problem]"));
        Assert.Equal("2026-03-11", cut.Find("input[data-testid=filter-from]").GetAttribute("value"));

        cut.FindComponent<MudSwitch<bool>>().Find("input").Change(false);

        var navigation = Services.GetRequiredService<NavigationManager>();
        cut.WaitForAssertion(() => Assert.Equal(
            "/dashboard?from=2026-03-11&to=2026-03-20&district=%E5%B1%B1%E5%8C%BA&site=%E3%81%84%E3%82%8F%E3%81%8D",
            "/" + navigation.ToBaseRelativePath(navigation.Uri)));
        Assert.Equal(expected with { VulnerableOnly = false }, Source.Loaded.Last());
    }

    [Fact]
    public void BadQueryValues_ShowAMessage_And_FallBackToDefaults()
    {
        var cut = Open("?from=yesterday&vulnerable=maybe&site=%E6%9D%B1%E4%BA%AC&district=%E7%84%A1%E3%81%84%E5%8C%BA");

        var problems = cut.FindAll("[data-testid=filter-problem]").Select(p => p.TextContent).ToList();
        Assert.Contains(problems, p => p.Contains("開始日「yesterday」", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("要支援者のみの指定「maybe」", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("拠点「東京」", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("行政区「無い区」", StringComparison.Ordinal));
        Assert.Equal(new DashboardFilter(), Source.Loaded.Last());
        Assert.Equal("11,500", Value(cut, "residents"));
    }

    [Fact]
    public async Task ANewSnapshotFromTheFeed_IsShown()
    {
        var cut = Open();
        Source.Snapshot = f => FakeDashboardSource.SampleSnapshot(f) with
        {
            Headline = FakeDashboardSource.SampleSnapshot(f).Headline with { Confirmed = 5000 },
        };
        Source.Stamp = 2;

        await Services.GetRequiredService<CallCenter.Web.Components.Pages.Dashboard.DashboardFeed>().PollAsync();

        cut.WaitForAssertion(() => Assert.Equal("5,000", Value(cut, "confirmed")));
    }

    private static string Value(IRenderedComponent<DashboardPage> cut, string key) =>
        cut.Find($"[data-testid=figure-{key}] [data-testid=value]").TextContent.Trim();
}
