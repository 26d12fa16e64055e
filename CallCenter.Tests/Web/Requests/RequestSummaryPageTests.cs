using Bunit;
using CallCenter.Data.Accounts;
using CallCenter.Web.Components.Pages.Requests;

namespace CallCenter.Tests.Web.Requests;

public sealed class RequestSummaryPageTests : RequestPagesTestContext
{
    [Fact]
    public void TheSummary_ShowsEachDimension_And_EveryFigureOpensTheRequestsBehindIt()
    {
        SignInAs(Supervisor, UserRole.Supervisor);

        var cut = Render<RequestSummaryPage>();
        cut.WaitForAssertion(() => cut.Find("[data-testid=request-summary-totals]"));

        Assert.Contains("要望 4 件", cut.Find("[data-testid=request-summary-totals]").TextContent, StringComparison.Ordinal);
        var categories = cut.Find("[data-testid=tally-category]");
        Assert.Equal(["住まい・住宅", "教育・子育て", "介護・福祉", "賠償・補償"], categories.QuerySelectorAll("th a").Select(a => a.TextContent));
        var care = categories.QuerySelectorAll("[data-testid=tally-row]").Single(r => r.GetAttribute("data-value") == "5");
        Assert.Equal("/requests?category=5", care.QuerySelector("[data-testid=tally-open]")!.GetAttribute("href"));
        Assert.Equal("/requests?state=all&category=5", care.QuerySelector("th a")!.GetAttribute("href"));
        var ages = cut.Find("[data-testid=tally-ageband]").QuerySelectorAll("th a").Select(a => a.TextContent).ToList();
        Assert.Equal(["〜39", "60代", "70代"], ages);
        var districts = cut.Find("[data-testid=tally-district]").QuerySelectorAll("[data-testid=tally-row]");
        Assert.Equal([("浜区", "3"), ("山区", "1")], districts.Select(r => (r.QuerySelector("th")!.TextContent, r.QuerySelector("[data-testid=tally-open]")!.TextContent)));
        Assert.StartsWith("/requests?state=all&from=", cut.Find("[data-testid=tally-month] th a").GetAttribute("href"), StringComparison.Ordinal);
    }

    [Fact]
    public void TheFilters_LiveInTheAddress_AndEveryFigureUnderThemOpensTheQueueFilteredToIt()
    {
        SignInAs(Supervisor, UserRole.Supervisor);
        var cut = RenderAt("/requests/summary");

        cut.Find("[data-testid=summary-district]").Change("浜区");
        Assert.EndsWith("/requests/summary?district=" + Uri.EscapeDataString("浜区"), Navigation.Uri, StringComparison.Ordinal);

        var filtered = RenderAt(Navigation.Uri);
        Assert.Contains("要望 3 件", filtered.Find("[data-testid=request-summary-totals]").TextContent, StringComparison.Ordinal);
        Assert.Equal("/requests?state=all&district=浜区", Decoded(filtered.Find("[data-testid=summary-total]")));
        Assert.Equal(["浜区"], filtered.Find("[data-testid=tally-district]").QuerySelectorAll("th a").Select(a => a.TextContent));
        var care = filtered.Find("[data-testid=tally-category]").QuerySelectorAll("[data-testid=tally-row]").Single(r => r.GetAttribute("data-value") == "5");
        Assert.Equal("/requests?category=5&district=浜区", Decoded(care.QuerySelector("[data-testid=tally-open]")!));
        Assert.Equal("浜区", filtered.Find("[data-testid=summary-district]").GetAttribute("value"));

        filtered.Find("[data-testid=summary-state]").Change("未完了");
        Assert.Contains("state=open", Navigation.Uri, StringComparison.Ordinal);
        Assert.Contains("district=", Navigation.Uri, StringComparison.Ordinal);
        filtered.Find("[data-testid=summary-clear]").Click();
        Assert.EndsWith("/requests/summary", Navigation.Uri, StringComparison.Ordinal);
    }

    [Fact]
    public void TheCrossTable_OfTheChosenDimensions_HasBothMargins_AndEveryCellOpensItsRequests()
    {
        SignInAs(Supervisor, UserRole.Supervisor);
        var cut = RenderAt("/requests/summary?from=2020-01&rows=age&cols=district");

        var table = cut.Find("[data-testid=cross-table]");
        Assert.Equal(["0", "3", "4"], table.QuerySelectorAll("[data-testid=cross-row]").Select(r => r.GetAttribute("data-value")));
        Assert.Equal(["浜区", "山区"], table.QuerySelectorAll("[data-testid=cross-column]").Select(c => c.TextContent));
        var seventies = table.QuerySelectorAll("[data-testid=cross-row]").Single(r => r.GetAttribute("data-value") == "4");
        var cell = seventies.QuerySelectorAll("[data-testid=cross-cell]").Single();
        Assert.Equal(("2", "/requests?state=all&district=浜区&age=4&from=2020-01-01"), (cell.TextContent, Decoded(cell)));
        Assert.Equal("/requests?state=all&age=4&from=2020-01-01", Decoded(seventies.QuerySelector("[data-testid=cross-row-total]")!));
        Assert.Equal(["3", "1"], table.QuerySelectorAll("[data-testid=cross-column-total]").Select(c => c.TextContent));
        Assert.Equal("4", table.QuerySelector("[data-testid=cross-total]")!.TextContent);

        cut.Find("[data-testid=cross-columns]").Change("受付月");
        Assert.EndsWith("/requests/summary?from=2020-01&rows=age&cols=month", Navigation.Uri, StringComparison.Ordinal);
        // Picking the rows' dimension for the columns swaps the two.
        RenderAt(Navigation.Uri).Find("[data-testid=cross-columns]").Change("年代");
        Assert.EndsWith("rows=month&cols=age", Navigation.Uri, StringComparison.Ordinal);
    }

    private IRenderedComponent<RequestSummaryPage> RenderAt(string uri)
    {
        Navigation.NavigateTo(uri);
        var cut = Render<RequestSummaryPage>();
        cut.WaitForAssertion(() => cut.Find("[data-testid=request-summary-totals]"));
        return cut;
    }

    private static string Decoded(AngleSharp.Dom.IElement link) => Uri.UnescapeDataString(link.GetAttribute("href")!);
}
