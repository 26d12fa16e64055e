using System.Globalization;
using System.Security.Claims;
using Bunit;
using Bunit.TestDoubles;
using CallCenter.Data;
using CallCenter.Data.Accounts;
using CallCenter.Data.Approvals;
using CallCenter.Data.Audit;
using CallCenter.Data.Calls;
using CallCenter.Data.Reports;
using CallCenter.Tests.Data;
using CallCenter.Tests.Data.Calls;
using CallCenter.Web.Components.Pages.Approvals;
using CallCenter.Web.Security;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace CallCenter.Tests.Web.Approvals;

/// <summary>
/// The approvals page over a real SQLite file: a death reported by an operator waits for a supervisor, who approves
/// it with the evidence or rejects it with a reason; both are audited, and the navigation's count follows.
/// </summary>
public sealed class ApprovalsPageTests : MudTestContext
{
    private readonly TestDatabase.SqliteTestDatabase db = TestDatabase.CreateSqlite();
    private readonly BunitAuthorizationContext auth;
    private readonly TestClock clock = new(DateTimeOffset.UtcNow);
    private OperatorContext operatorAizu = null!;
    private OperatorContext supervisor = null!;

    public ApprovalsPageTests()
    {
        db.Migrate();
        // The one override: a clock the test moves, so that one report is surely newer than another.
        Services.AddSingleton<TimeProvider>(clock);
        Services.AddCallCenterData(db.Configuration);
        Services.AddScoped<PendingApprovalCount>();
        Services.AddSingleton<CallCenter.Web.Security.TownAccess>();
        Services.AddSingleton<AuditTrail>();
        auth = AddAuthorization();
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    public override async Task InitializeAsync()
    {
        await CallTestData.ImportAsync(db.Connections, CallTestData.FiveMemberRegister);
        var users = Services.GetRequiredService<UserRepository>();
        operatorAizu = new OperatorContext(await users.CreateAsync("op-aizu", "会津 一子", UserRole.Operator, "会津若松", "x"), "op-aizu", "会津若松");
        supervisor = new OperatorContext(await users.CreateAsync("sv-aizu", "責任者 三郎", UserRole.Supervisor, "会津若松", "x"), "sv-aizu", "会津若松");
        auth.SetAuthorized("sv-aizu");
        auth.SetRoles(nameof(UserRole.Supervisor));
        auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, supervisor.UserId!.Value.ToString(CultureInfo.InvariantCulture)),
            new Claim(CallCenterClaims.Site, "会津若松"));
    }

    protected override ValueTask DisposeTestResourcesAsync() => db.DisposeAsync();

    /// <summary>Records a call reporting K0001 with the given status, as the given operator.</summary>
    private async Task RecordAsync(SafetyStatus status, OperatorContext by)
    {
        var resident = await CallTestData.ResidentAsync(db.Connections, "K0001");
        var draft = CallTestData.Draft(CallTestData.Report(resident, status, status is SafetyStatus.Deceased ? null : WhereaboutsType.Shelter)
            with { Note = "消防団が確認", Source = ReportSource.Agency });
        var result = await Services.GetRequiredService<CallRecordingService>().SaveAsync(draft, by);
        Assert.True(result.Saved, string.Join(" ", result.Errors.Select(e => e.Message)));
    }

    private IRenderedComponent<ApprovalsPage> RenderPage()
    {
        var cut = Render<ApprovalsPage>();
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll(".mud-progress-linear")));
        return cut;
    }

    private async Task<IReadOnlyList<AuditEntry>> AuditAsync(string action) =>
        [.. (await Services.GetRequiredService<AuditRepository>().RecentAsync(500)).Where(e => e.Action == action)];

    private static AngleSharp.Dom.IElement Button(IRenderedComponent<MudDialogProvider> dialogs, string text) =>
        dialogs.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == text);

    [Fact]
    public async Task ShowsThePendingReport_WithItsEvidence_Counts_And_AuditsTheView()
    {
        await RecordAsync(SafetyStatus.Deceased, operatorAizu);

        var cut = RenderPage();

        var report = Assert.Single(cut.FindAll("[data-testid=pending-report]"));
        Assert.Equal("K0001", report.GetAttribute("data-resident-no"));
        Assert.Contains("佐藤　正男", report.TextContent, StringComparison.Ordinal);
        Assert.Equal(ReportSource.Agency.Label(), cut.Find("[data-testid=evidence-source]").TextContent.Trim());
        Assert.Equal("佐藤 浩二（子） ☎ 090-2222-3333", cut.Find("[data-testid=evidence-reporter]").TextContent.Trim());
        Assert.Equal("会津 一子（会津若松）", cut.Find("[data-testid=evidence-operator]").TextContent.Trim());
        Assert.Equal("消防団が確認", cut.Find("[data-testid=evidence-note]").TextContent.Trim());
        Assert.Empty(cut.FindAll("[data-testid=newer-report]"));
        // Neither decision can be sent without its note.
        Assert.True(cut.Find("button[data-testid=approve]").HasAttribute("disabled"));
        Assert.True(cut.Find("button[data-testid=reject]").HasAttribute("disabled"));
        Assert.Equal(1, Services.GetRequiredService<PendingApprovalCount>().Value);
        var view = Assert.Single(await AuditAsync(AuditActions.ViewList));
        Assert.Equal(("approvals", "承認待ち 1件を表示", "sv-aizu"), (view.TargetType, view.Details, view.UserName));
    }

    [Fact]
    public void SaysThereIsNothingToApprove_When_NoReportWaits()
    {
        var cut = RenderPage();

        Assert.Equal("承認待ちの報告はありません。", cut.Find("[data-testid=no-pending]").TextContent.Trim());
        Assert.Equal(0, Services.GetRequiredService<PendingApprovalCount>().Value);
    }

    [Fact]
    public async Task Approve_AsksFirst_Then_MakesTheReportCurrent_WithTheEvidence_And_Audits()
    {
        await RecordAsync(SafetyStatus.Deceased, operatorAizu);
        var dialogs = Render<MudDialogProvider>();
        var cut = RenderPage();
        cut.Find("input[data-testid=approve-evidence]").Input("いわき中央署 刑事課に電話で確認");

        var cancelled = cut.Find("button[data-testid=approve]").ClickAsync(new());
        dialogs.WaitForAssertion(() => Assert.Contains("佐藤　正男（K0001）の「死亡」の報告を承認します。現在の安否が「死亡」になります。",
            dialogs.Find(".mud-dialog").TextContent, StringComparison.Ordinal));
        await Button(dialogs, "やめる").ClickAsync(new());
        await cancelled;
        Assert.Single(cut.FindAll("[data-testid=pending-report]"));
        Assert.Equal(SafetyStatus.Unconfirmed, (await CallTestData.ResidentAsync(db.Connections, "K0001")).Status);

        var confirmed = cut.Find("button[data-testid=approve]").ClickAsync(new());
        dialogs.WaitForAssertion(() => Assert.NotNull(Button(dialogs, "承認する")));
        await Button(dialogs, "承認する").ClickAsync(new());
        await confirmed;

        cut.WaitForAssertion(() => Assert.Equal("佐藤　正男（K0001）の「死亡」の報告を承認しました。現在の安否は「死亡」です。",
            cut.Find("[data-testid=approval-result]").TextContent.Trim()));
        Assert.NotNull(cut.Find("[data-testid=no-pending]"));
        Assert.Equal(0, Services.GetRequiredService<PendingApprovalCount>().Value);
        var resident = await CallTestData.ResidentAsync(db.Connections, "K0001");
        Assert.Equal((SafetyStatus.Deceased, (SafetyStatus?)null), (resident.Status, resident.PendingStatus));
        var audit = Assert.Single(await AuditAsync(AuditActions.ApproveReport));
        Assert.Equal(("sv-aizu", supervisor.UserId, "安否 死亡・現在の安否に反映・根拠「いわき中央署 刑事課に電話で確認」"), (audit.UserName, audit.UserId, audit.Details));
    }

    [Fact]
    public async Task Reject_WithAReason_LeavesTheStatus_And_Audits()
    {
        await RecordAsync(SafetyStatus.Deceased, operatorAizu);
        var cut = RenderPage();

        cut.Find("input[data-testid=reject-reason]").Input("本人から無事と電話があった");
        cut.Find("button[data-testid=reject]").Click();

        cut.WaitForAssertion(() => Assert.Equal("佐藤　正男（K0001）の「死亡」の報告を却下しました。",
            cut.Find("[data-testid=approval-result]").TextContent.Trim()));
        Assert.NotNull(cut.Find("[data-testid=no-pending]"));
        var resident = await CallTestData.ResidentAsync(db.Connections, "K0001");
        Assert.Equal((SafetyStatus.Unconfirmed, (SafetyStatus?)null), (resident.Status, resident.PendingStatus));
        var audit = Assert.Single(await AuditAsync(AuditActions.RejectReport));
        Assert.Equal("安否 死亡・却下の理由「本人から無事と電話があった」", audit.Details);
    }

    [Fact]
    public async Task Reject_OfTheSupervisorsOwnReport_IsRefused_InJapanese_And_TheReportStillWaits()
    {
        await RecordAsync(SafetyStatus.Deceased, supervisor);
        var cut = RenderPage();

        cut.Find("input[data-testid=reject-reason]").Input("誤報");
        cut.Find("button[data-testid=reject]").Click();

        cut.WaitForAssertion(() => Assert.Equal("自分で記録した報告は承認・却下できません。別の責任者に依頼してください。",
            cut.Find("[data-testid=approval-result]").TextContent.Trim()));
        Assert.Single(cut.FindAll("[data-testid=pending-report]"));
        Assert.Equal(1, await Services.GetRequiredService<ApprovalService>().PendingCountAsync(CallCenter.Data.Towns.TownScope.All));
        Assert.Empty(await AuditAsync(AuditActions.RejectReport));
    }

    [Fact]
    public async Task WarnsThatANewerReportStaysCurrent_When_OneWasRecordedAfter()
    {
        await RecordAsync(SafetyStatus.Deceased, operatorAizu);
        clock.Advance(TimeSpan.FromMinutes(5));
        await RecordAsync(SafetyStatus.Safe, operatorAizu);

        var cut = RenderPage();

        Assert.Contains("承認しても現在の安否は変わらず", cut.Find("[data-testid=newer-report]").TextContent, StringComparison.Ordinal);
    }
}
