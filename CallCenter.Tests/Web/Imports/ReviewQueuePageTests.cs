using System.Security.Claims;
using System.Text;
using Bunit;
using Bunit.TestDoubles;
using CallCenter.Data;
using CallCenter.Data.Accounts;
using CallCenter.Data.Audit;
using CallCenter.Data.Calls;
using CallCenter.Data.Imports;
using CallCenter.Data.Reports;
using CallCenter.Data.Residents;
using CallCenter.Tests.Data;
using CallCenter.Tests.Data.Calls;
using CallCenter.Tests.Data.Imports;
using CallCenter.Web.Components.Pages.Imports;
using CallCenter.Web.Security;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace CallCenter.Tests.Web.Imports;

/// <summary>The review queue over a real SQLite file holding the mixed test list's four unresolved lines.</summary>
public sealed class ReviewQueuePageTests : MudTestContext
{
    private readonly TestDatabase.SqliteTestDatabase db = TestDatabase.CreateSqlite();
    private readonly BunitAuthorizationContext auth;

    public ReviewQueuePageTests()
    {
        db.Migrate();
        Services.AddCallCenterData(db.Configuration);
        Services.AddSingleton<AuditTrail>();
        Services.AddSingleton<TownAccess>();
        auth = AddAuthorization();
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    private StatusListImportService Imports => Services.GetRequiredService<StatusListImportService>();

    public override async Task InitializeAsync()
    {
        await CallTestData.ImportAsync(db.Connections, StatusImportTestData.Register);
        var supervisorId = await new UserRepository(db.Connections, TimeProvider.System).CreateAsync("sv-aizu", "会津 監督", UserRole.Supervisor, "会津若松", "x");
        var operatorId = await new UserRepository(db.Connections, TimeProvider.System).CreateAsync("op-iwaki", "いわき 二郎", UserRole.Operator, "いわき", "x");
        var result = await Imports.CommitAsync(new MemoryStream(Encoding.UTF8.GetBytes(StatusImportTestData.MixedList)), "list.csv",
            ReportSource.ShelterList, new OperatorContext(supervisorId, "sv-aizu", "会津若松"));
        Assert.Equal(4, result.Queued);
        auth.SetAuthorized("op-iwaki");
        auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, operatorId!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new Claim(CallCenterClaims.Site, "いわき"));
    }

    protected override ValueTask DisposeTestResourcesAsync() => db.DisposeAsync();

    private IRenderedComponent<ReviewQueuePage> RenderPage()
    {
        var cut = Render<ReviewQueuePage>();
        cut.WaitForAssertion(() => Assert.Equal(4, cut.FindComponents<ReviewItemCard>().Count));
        return cut;
    }

    private static IRenderedComponent<ReviewItemCard> Card(IRenderedComponent<ReviewQueuePage> cut, int line) =>
        cut.FindComponents<ReviewItemCard>().Single(c => c.Instance.Item.Line == line);

    [Fact]
    public void Page_ShowsEachWaitingLine_WithItsReasonAndCandidates()
    {
        var cut = RenderPage();

        Assert.Contains("照合待ち 4 行", cut.Find("[data-testid=review-count]").TextContent, StringComparison.Ordinal);
        var ambiguous = Card(cut, 4);
        Assert.Equal(2, ambiguous.FindAll("[data-testid=candidate-S0201], [data-testid=candidate-S0301]").Count);
        Assert.Contains("候補が2人います", ambiguous.Find("[data-testid=review-reason]").TextContent, StringComparison.Ordinal);
        Assert.Equal("住民番号と氏名が一致しない", Card(cut, 6).Find("[data-testid=review-reason]").TextContent);
        Assert.Empty(Card(cut, 5).FindAll("[data-testid=review-candidates]"));
        // One town: no town beside the lines, as before towns.
        Assert.Empty(cut.FindAll("[data-testid=review-town]"));
    }

    [Fact]
    public async Task Skip_TakesTheLineOutOfTheQueue_WithTheReason()
    {
        var cut = RenderPage();
        var card = Card(cut, 6);
        card.Find("input[data-testid=skip-reason]").Change("住民番号の記入誤り");

        await card.Find("button[data-testid=skip]").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.Equal(3, cut.FindComponents<ReviewItemCard>().Count));
        Assert.Contains("対象外にしました", cut.Find("[data-testid=review-result]").TextContent, StringComparison.Ordinal);
        Assert.Equal(3, await Services.GetRequiredService<StatusReviewQueue>().CountPendingAsync(CallCenter.Data.Towns.TownScope.All));
        var audit = await Services.GetRequiredService<AuditRepository>().RecentAsync(50);
        Assert.Contains(audit, e => e.Action == AuditActions.SkipStatusImport && e.UserName == "op-iwaki" && e.Details!.Contains("住民番号の記入誤り", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Search_AddsPeopleFoundByTheOperator_AsCandidates()
    {
        var cut = RenderPage();
        var card = Card(cut, 5);
        card.Find("input[data-testid=review-query]").Input("すずき いちろう");

        await card.Find("button[data-testid=review-search]").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.NotNull(Card(cut, 5).Find("[data-testid=candidate-S0101]")));
        Assert.Empty(Card(cut, 4).FindAll("[data-testid=candidate-S0101]"));
    }

    [Fact]
    public async Task Choose_AsksFirst_Then_RecordsOnThePersonChosen()
    {
        var dialogs = Render<MudDialogProvider>();
        var cut = RenderPage();

        // The click's handler waits for the dialog's answer, so it is awaited after answering.
        var click = Card(cut, 4).Find("[data-testid=candidate-S0301] button[data-testid=choose]").ClickAsync(new());
        dialogs.WaitForAssertion(() => Assert.Contains("S0301", dialogs.Find(".mud-dialog").TextContent, StringComparison.Ordinal));
        var yes = dialogs.FindAll(".mud-dialog button").Single(b => b.TextContent.Contains("記録する", StringComparison.Ordinal));
        await yes.ClickAsync(new());
        await click;

        cut.WaitForAssertion(() => Assert.Equal(3, cut.FindComponents<ReviewItemCard>().Count));
        var hanako = await CallTestData.ResidentAsync(db.Connections, "S0301");
        Assert.Equal((SafetyStatus.Safe, "いわき市総合体育館"), (hanako.Status, hanako.Place));
    }
}
