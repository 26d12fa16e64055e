using System.Text;
using Bunit;
using Bunit.TestDoubles;
using CallCenter.Data;
using CallCenter.Data.Accounts;
using CallCenter.Data.Calls;
using CallCenter.Data.Imports;
using CallCenter.Data.Reports;
using CallCenter.Tests.Data;
using CallCenter.Tests.Data.Calls;
using CallCenter.Tests.Data.Imports;
using CallCenter.Web.Components.Layout;
using CallCenter.Web.Components.Pages.Approvals;
using CallCenter.Web.Security;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace CallCenter.Tests.Web.Layout;

/// <summary>
/// The navigation over a real SQLite file: which pages each role is offered, the supervisors' count of reports
/// waiting for approval, and the review queue's count of unresolved status-list lines.
/// </summary>
public sealed class NavMenuTests : MudTestContext
{
    private static readonly string[] OperatorLinks = ["", "outbound", "calls/new", "imports/review", "requests", "mailing/returned"];

    private static readonly string[] SupervisorLinks =
        [.. OperatorLinks, "dashboard", "residents/list", "provisional", "outbound/campaign", "approvals", "calls", "inquiries", "requests/summary", "announcements", "intentions/summary", "intentions/rounds", "intentions/import", "mailing/import", "exports", "imports/status", "calls/codes", "scripts"];

    private static readonly string[] AdminLinks = [.. SupervisorLinks, "admin/users", "admin/api-keys", "admin/audit", "admin/register", "admin/request-lists", "admin/towns"];

    private readonly TestDatabase.SqliteTestDatabase db = TestDatabase.CreateSqlite();
    private readonly BunitAuthorizationContext auth;
    private OperatorContext recorder = null!;
    // The menu's shared counts age on this clock.
    private readonly TestClock clock = new(DateTimeOffset.UtcNow);

    public NavMenuTests()
    {
        db.Migrate();
        Services.AddSingleton<TimeProvider>(clock);
        Services.AddCallCenterData(db.Configuration);
        Services.AddScoped<PendingApprovalCount>();
        Services.AddScoped<CallCenter.Web.Components.Pages.Requests.RequestDesk>();
        Services.AddSingleton<CallCenter.Web.Security.TownAccess>();
        auth = AddAuthorization();
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    public override async Task InitializeAsync()
    {
        await CallTestData.ImportAsync(db.Connections, StatusImportTestData.Register);
        var userId = await Services.GetRequiredService<UserRepository>().CreateAsync("op-aizu", "会津 一子", UserRole.Operator, "会津若松", "x");
        recorder = new OperatorContext(userId, "op-aizu", "会津若松");
    }

    protected override ValueTask DisposeTestResourcesAsync() => db.DisposeAsync();

    private NavigationManager Navigation => Services.GetRequiredService<NavigationManager>();

    private PendingApprovalCount PendingCount => Services.GetRequiredService<PendingApprovalCount>();

    /// <summary>Signs in with a role and the policies the app grants that role (<see cref="Policies.RolesFor"/>).</summary>
    private void SignInAs(UserRole role)
    {
        auth.SetAuthorized($"user-{role}");
        auth.SetRoles(role.ToString());
        auth.SetPolicies([.. new[] { Policies.Operator, Policies.Supervisor, Policies.Admin }
            .Where(policy => Policies.RolesFor(Enum.Parse<UserRole>(policy)).Contains(role.ToString()))]);
        // An account without towns of its own sees every town (the approval count is of the account's towns).
        auth.SetClaims(new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.NameIdentifier, "1"));
    }

    private static IReadOnlyList<string> Links(IRenderedComponent<NavMenu> cut) =>
        [.. cut.FindAll("a[href]").Select(a => a.GetAttribute("href")!)];

    /// <summary>Records a death for S0001, which waits for a supervisor's approval.</summary>
    private async Task RecordDeathAsync()
    {
        var resident = await CallTestData.ResidentAsync(db.Connections, "S0001");
        var result = await Services.GetRequiredService<CallRecordingService>().SaveAsync(
            CallTestData.Draft(CallTestData.Report(resident, SafetyStatus.Deceased, null)), recorder);
        Assert.True(result.Saved, string.Join(" ", result.Errors.Select(e => e.Message)));
    }

    private async Task QueueStatusListAsync()
    {
        var result = await Services.GetRequiredService<StatusListImportService>().CommitAsync(
            new MemoryStream(Encoding.UTF8.GetBytes(StatusImportTestData.MixedList)), "list.csv", ReportSource.ShelterList, recorder);
        Assert.Equal(4, result.Queued);
    }

    [Theory]
    [InlineData(UserRole.Operator)]
    [InlineData(UserRole.Supervisor)]
    [InlineData(UserRole.Admin)]
    public void OffersEachRole_ItsPages_AndNoMore(UserRole role)
    {
        SignInAs(role);

        var cut = Render<NavMenu>();

        var expected = role switch
        {
            UserRole.Operator => OperatorLinks,
            UserRole.Supervisor => SupervisorLinks,
            _ => AdminLinks,
        };
        cut.WaitForAssertion(() => Assert.Equal(expected.Order(), Links(cut).Order()));
    }

    [Fact]
    public async Task ShowsSupervisors_HowManyReportsWaitForApproval()
    {
        await RecordDeathAsync();
        SignInAs(UserRole.Supervisor);

        var cut = Render<NavMenu>();

        cut.WaitForAssertion(() => Assert.Equal("1", cut.Find("[data-testid=nav-approvals-count]").TextContent.Trim()));
    }

    [Fact]
    public async Task DoesNotReadTheApprovalCount_ForOperators()
    {
        await RecordDeathAsync();
        SignInAs(UserRole.Operator);

        var cut = Render<NavMenu>();

        cut.WaitForAssertion(() => Assert.Contains("outbound", Links(cut)));
        Assert.Empty(cut.FindAll("[data-testid=nav-approvals]"));
        Assert.Null(PendingCount.Value);
    }

    [Fact]
    public async Task ApprovalCount_IsReadAgainOnEachPageChange_And_FollowsTheApprovalsPage()
    {
        SignInAs(UserRole.Supervisor);
        var cut = Render<NavMenu>();
        cut.WaitForAssertion(() => Assert.Equal(0, PendingCount.Value));
        Assert.Empty(cut.FindAll("[data-testid=nav-approvals-count]"));

        await RecordDeathAsync();
        Navigation.NavigateTo("/dashboard");
        cut.WaitForAssertion(() => Assert.Equal("1", cut.Find("[data-testid=nav-approvals-count]").TextContent.Trim()));

        // The approvals page sets the count after a decision; the menu follows without a page change.
        await cut.InvokeAsync(() => PendingCount.Set(0));
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=nav-approvals-count]")));
    }

    [Fact]
    public async Task ReviewQueueLink_CountsTheLinesWaiting_AndIsReadAgainOnAPageChange_OnceTheSharedCountIsOld()
    {
        SignInAs(UserRole.Operator);
        var cut = Render<NavMenu>();
        cut.WaitForAssertion(() => Assert.Equal("名簿照合", cut.Find("[data-testid=nav-review]").TextContent.Trim()));

        // Within MenuCounts.MaxAge every operator's menu shows the count read last (one query for all of them) ...
        await QueueStatusListAsync();
        Navigation.NavigateTo("/outbound");
        await Task.Delay(200);
        Assert.Equal("名簿照合", cut.Find("[data-testid=nav-review]").TextContent.Trim());

        // ... and the next page change after it reads the count again.
        clock.Advance(CallCenter.Web.Components.Shared.MenuCounts.MaxAge);
        Navigation.NavigateTo("/");
        cut.WaitForAssertion(() => Assert.Equal("名簿照合（4）", cut.Find("[data-testid=nav-review]").TextContent.Trim()));
    }
}
