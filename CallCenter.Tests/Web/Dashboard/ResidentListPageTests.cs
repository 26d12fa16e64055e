using Bunit;
using CallCenter.Data.Dashboard;
using CallCenter.Data.Reports;
using CallCenter.Data.Residents;
using CallCenter.Web.Components.Pages.Dashboard;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using ListPage = CallCenter.Web.Components.Pages.Dashboard.ResidentListPage;

namespace CallCenter.Tests.Web.Dashboard;

public sealed class ResidentListPageTests : DashboardTestContext
{
    public ResidentListPageTests()
    {
        Source.ListRows =
        [
            new ResidentSummary
            {
                ResidentNo = "A/0001", FamilyName = "髙橋", GivenName = "一郎", FamilyNameKana = "タカハシ", GivenNameKana = "イチロウ",
                BirthDate = new DateOnly(1951, 4, 2), District = "浜区", Status = SafetyStatus.Missing, IsVulnerable = true,
            },
        ];
        Source.ListTotal = 120;
    }

    private IRenderedComponent<ListPage> Open(string query)
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo("/residents/list" + query);
        var cut = Render<ListPage>();
        cut.WaitForAssertion(() => Assert.Equal("120人", cut.Find("[data-testid=list-total]").TextContent.Trim()));
        return cut;
    }

    [Fact]
    public void FilterAndSort_FromTheQuery_ArePassedToListAsync_And_RowsLinkToTheResident()
    {
        var cut = Open("?status=Missing&district=%E6%B5%9C%E5%8C%BA&pref=6&type=Shelter&vulnerable=true&provisional=all&unconfirmed=true&sort=BirthDate&desc=true");

        var call = Source.ListCalls.Last();
        Assert.Equal(new ResidentListFilter(SafetyStatus.Missing, "浜区", 6, WhereaboutsType.Shelter, true, null, Unconfirmed: true), call.Filter);
        Assert.Equal(ResidentListSort.BirthDate, call.Sort);
        Assert.True(call.Descending);
        Assert.Equal((0, 50), (call.Skip, call.Take));
        Assert.Equal("/residents/A%2F0001", cut.Find("[data-testid=row-link]").GetAttribute("href"));
        Assert.Equal("行方不明", cut.Find("[data-testid=status-chip]").TextContent);
        // Provisional persons included: no export holds exactly this list.
        Assert.True(cut.Find("button[data-testid=list-export]").HasAttribute("disabled"));
        Assert.Empty(cut.FindAll("[data-testid=filter-problem]"));
    }

    [Fact]
    public async Task Paging_And_Sorting_ReachListAsync_And_SortIsKeptInTheUrl()
    {
        var cut = Open("");
        var table = cut.FindComponent<MudTable<ResidentSummary>>();

        await cut.InvokeAsync(() => table.Instance.NavigateTo(2));
        cut.WaitForAssertion(() => Assert.Equal(100, Source.ListCalls.Last().Skip));

        cut.FindAll("th .mud-table-sort-label").First(l => l.TextContent.Contains("行政区", StringComparison.Ordinal)).Click();

        cut.WaitForAssertion(() => Assert.Equal(ResidentListSort.District, Source.ListCalls.Last().Sort));
        Assert.False(Source.ListCalls.Last().Descending);
        var navigation = Services.GetRequiredService<NavigationManager>();
        Assert.EndsWith("/residents/list?sort=District", navigation.Uri, StringComparison.Ordinal);
    }

    [Fact]
    public void ChangingAFilter_ReloadsFromTheFirstPage_And_UpdatesTheUrl()
    {
        var cut = Open("?status=Safe");

        cut.FindComponents<MudSwitch<bool>>()[0].Find("input").Change(true);

        cut.WaitForAssertion(() => Assert.True(Source.ListCalls.Last().Filter.Unconfirmed));
        Assert.Equal(0, Source.ListCalls.Last().Skip);
        var navigation = Services.GetRequiredService<NavigationManager>();
        Assert.EndsWith("/residents/list?status=Safe&unconfirmed=true", navigation.Uri, StringComparison.Ordinal);
    }

    [Fact]
    public void BadQueryValues_ShowAMessage_And_AreLeftOut()
    {
        var cut = Open("?status=alive&pref=48&unconfirmed=true&confirmed=true");

        var problems = cut.FindAll("[data-testid=filter-problem]").Select(p => p.TextContent).ToList();
        Assert.Contains(problems, p => p.Contains("安否の指定「alive」", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("都道府県「48」", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("同時に選べません", StringComparison.Ordinal));
        Assert.Equal(new ResidentListFilter(), Source.ListCalls.Last().Filter);
    }

    [Fact]
    public void DashboardLinks_RoundTripThroughTheListQuery()
    {
        var filter = new ResidentListFilter(SafetyStatus.Injured, "山区", 99, WhereaboutsType.Hotel, false, true, Unconfirmed: false, Confirmed: true);
        var href = new ResidentListQuery(filter, ResidentListSort.StatusReportedAt, true).Href;
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(new Uri("http://x" + href).Query);
        var problems = new List<string>();

        string? Q(string name) => query.TryGetValue(name, out var value) ? value.ToString() : null;

        var parsed = ResidentListQuery.Parse(Q("status"), Q("district"), Q("pref"), Q("type"), Q("vulnerable"),
            Q("provisional"), Q("unconfirmed"), Q("confirmed"), Q("sort"), Q("desc"), problems);

        Assert.Empty(problems);
        Assert.Equal(new ResidentListQuery(filter, ResidentListSort.StatusReportedAt, true), parsed);
    }

    [Fact]
    public void ExportHref_CarriesTheListFilter_Or_IsNull_When_NoExportHoldsIt()
    {
        Assert.Equal("/exports/residents.csv?status=Missing&district=%E6%B5%9C%E5%8C%BA&prefecture=6&type=Shelter&vulnerable=true",
            ListPage.ExportHref(new ResidentListFilter(SafetyStatus.Missing, "浜区", 6, WhereaboutsType.Shelter, true)));
        Assert.Equal("/exports/unconfirmed.csv?vulnerable=true",
            ListPage.ExportHref(new ResidentListFilter(Vulnerable: true, Unconfirmed: true)));
        Assert.Null(ListPage.ExportHref(new ResidentListFilter(Confirmed: true)));
        Assert.Null(ListPage.ExportHref(new ResidentListFilter(Provisional: true)));
        Assert.Null(ListPage.ExportHref(new ResidentListFilter(PrefectureCode: CallCenter.Data.Dashboard.ResidentList.UnknownPrefecture)));
    }
}
