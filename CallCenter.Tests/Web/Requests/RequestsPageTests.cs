using Bunit;
using CallCenter.Data.Accounts;
using CallCenter.Data.Audit;
using CallCenter.Web.Components.Pages.Requests;
using Microsoft.Extensions.DependencyInjection;

namespace CallCenter.Tests.Web.Requests;

public sealed class RequestsPageTests : RequestPagesTestContext
{
    private IRenderedComponent<RequestsPage> RenderAt(string uri)
    {
        Navigation.NavigateTo(uri);
        var cut = Render<RequestsPage>();
        cut.WaitForAssertion(() => Assert.True(cut.FindAll("[data-testid=request-total], [data-testid=no-requests], [data-testid=no-department]").Count > 0));
        return cut;
    }

    private static List<string> Ids(IRenderedComponent<RequestsPage> cut) =>
        [.. cut.FindAll("[data-testid=request-row]").Select(r => r.GetAttribute("data-request-id")!)];

    [Fact]
    public void AClerk_SeesTheirDepartmentsOpenRequests_OldestFirst_WithTheOverdueOneMarked()
    {
        SignInAs(Clerk, UserRole.Operator);

        var cut = RenderAt("/requests");

        Assert.Contains("健康介護課", cut.Find("[data-testid=request-department]").TextContent, StringComparison.Ordinal);
        Assert.Equal([UrgentBed.ToString(), Housing.ToString()], Ids(cut));
        Assert.Single(cut.FindAll("[data-testid=overdue]")); // the urgent one, 3 days old (至急: 2 days)
        Assert.Empty(cut.FindAll("[data-testid=filter-department]")); // a clerk does not choose the department
    }

    [Fact]
    public void AnOperatorWithoutADepartment_IsToldSo_AndSeesNoRequest()
    {
        SignInAs(Plain, UserRole.Operator);

        var cut = RenderAt("/requests");

        Assert.Contains("担当課が設定されていない", cut.Find("[data-testid=no-department]").TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=request-row]"));
    }

    [Fact]
    public void ASupervisor_SeesAll_AndEachFilterChangesTheAddress_WhichNarrowsTheList()
    {
        SignInAs(Supervisor, UserRole.Supervisor);
        var cut = RenderAt("/requests");
        Assert.Equal(4, Ids(cut).Count); // every open request, of every department
        cut.Find("[data-testid=filter-category]").Change("介護・福祉");
        Assert.EndsWith("/requests?category=5", Navigation.Uri, StringComparison.Ordinal);

        var filtered = RenderAt(Navigation.Uri);
        Assert.Equal([UrgentBed.ToString()], Ids(filtered));

        filtered.Find("[data-testid=filter-department]").Change("税務課");
        Assert.Contains("department=3", Navigation.Uri, StringComparison.Ordinal);
        Assert.Equal([Tax.ToString()], Ids(RenderAt("/requests?department=3")));
        Assert.Equal([UrgentBed.ToString()], Ids(RenderAt("/requests?urgent=1")));
        Assert.Equal([Tax.ToString()], Ids(RenderAt("/requests?district=山区")));
    }

    [Fact]
    public async Task EachPageShown_IsAuditedWithItsFilterInJapanese()
    {
        SignInAs(Supervisor, UserRole.Supervisor);

        RenderAt("/requests?urgent=1&age=4");

        var rows = await Services.GetRequiredService<AuditRepository>().RecentAsync(10);
        Assert.Contains(rows, r => r.Action == AuditActions.ViewList && r.Details == "要望一覧・未完了・至急のみ・年代 70代・1〜1件目／全1件");
    }
}
