using Bunit;
using CallCenter.Data.Accounts;
using CallCenter.Web.Components.Pages.Requests;

namespace CallCenter.Tests.Web.Requests;

public sealed class RequestPageTests : RequestPagesTestContext
{
    private IRenderedComponent<RequestPage> RenderRequest(long id)
    {
        var cut = Render<RequestPage>(p => p.Add(x => x.RequestId, id));
        cut.WaitForAssertion(() => Assert.True(cut.FindAll("[data-testid=request-facts], [data-testid=request-not-found]").Count > 0));
        return cut;
    }

    [Fact]
    public void AClerk_MovesTheirRequest_InProgressThenDone_AndTheHistoryGrows()
    {
        SignInAs(Clerk, UserRole.Operator);
        var cut = RenderRequest(UrgentBed);
        Assert.Equal("/residents/K0001", cut.Find("[data-testid=request-person] a").GetAttribute("href"));

        cut.Find("[data-testid=move-2]").Click();
        cut.WaitForAssertion(() => Assert.Equal("対応中", cut.Find("[data-testid=request-status]").TextContent.Trim()));
        cut.Find("[data-testid=request-note]").Change("ベッドを手配した");
        cut.Find("[data-testid=move-3]").Click();

        cut.WaitForAssertion(() => Assert.Contains("完了", cut.Find("[data-testid=request-status]").TextContent, StringComparison.Ordinal));
        Assert.Equal(3, cut.FindAll("[data-testid=request-step]").Count);
        Assert.Contains("ベッドを手配した", cut.Find("[data-testid=request-steps]").TextContent, StringComparison.Ordinal);
        Assert.NotNull(cut.Find("[data-testid=request-closed]"));
    }

    [Fact]
    public void DecliningWithoutANote_IsRefusedWithAMessage()
    {
        SignInAs(Supervisor, UserRole.Supervisor);
        var cut = RenderRequest(Tax);
        cut.Find("[data-testid=move-2]").Click();
        cut.WaitForAssertion(() => Assert.True(cut.FindAll("[data-testid=move-4]").Count > 0, cut.Find("[data-testid=request-moves]").TextContent));

        cut.Find("[data-testid=move-4]").Click();

        cut.WaitForAssertion(() => Assert.Contains("対応不可にするときはメモに理由を入力してください。", cut.Find("[data-testid=request-error]").TextContent, StringComparison.Ordinal));
        Assert.Equal("対応中", cut.Find("[data-testid=request-status]").TextContent.Trim());
    }

    [Fact]
    public void AnotherDepartmentsRequest_IsNotShownToAClerk()
    {
        SignInAs(Clerk, UserRole.Operator);

        var cut = RenderRequest(Tax);

        Assert.NotNull(cut.Find("[data-testid=request-not-found]"));
        Assert.DoesNotContain("固定資産税", cut.Markup, StringComparison.Ordinal);
    }
}
