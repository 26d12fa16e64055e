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
}
