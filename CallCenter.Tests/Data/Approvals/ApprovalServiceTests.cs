using CallCenter.Data.Towns;
using CallCenter.Data.Accounts;
using CallCenter.Data.Approvals;
using CallCenter.Data.Audit;
using CallCenter.Data.Calls;
using CallCenter.Data.Dashboard;
using CallCenter.Data.Reports;
using CallCenter.Data.Residents;
using CallCenter.Data.Settings;
using CallCenter.Tests.Data.Calls;
using Dapper;
using CallCenter.Data.Provisional;

namespace CallCenter.Tests.Data.Approvals;

public abstract class ApprovalServiceTests<TDb> : DatabaseTests<TDb> where TDb : IDatabaseKind
{
    private readonly TestClock clock = new(new DateTimeOffset(2026, 3, 14, 1, 30, 0, TimeSpan.Zero));
    private OperatorContext operatorAizu = null!;
    private OperatorContext supervisor = null!;

    private CallRecordingService Calls(ApprovalPolicy? policy = null) => new(Connections, clock, policy);

    private ApprovalService Approvals => new(Connections, clock);

    private DashboardRepository Dashboard => new(Connections, new SettingsRepository(Connections), clock);

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await CallTestData.ImportAsync(Connections, CallTestData.FiveMemberRegister);
        operatorAizu = await CallTestData.StaffAsync(Connections, clock, "op-aizu", "会津 一子", UserRole.Operator, "会津若松");
        supervisor = await CallTestData.StaffAsync(Connections, clock, "sv-aizu", "責任者 三郎", UserRole.Supervisor, "会津若松");
    }

    private Task<ResidentSummary> ResidentAsync(string no) => CallTestData.ResidentAsync(Connections, no);

    /// <summary>Records a call about one resident with the given status, dated now, and returns the report id.</summary>
    private async Task<long> RecordAsync(string no, SafetyStatus status, ApprovalPolicy? policy = null, string note = "消防団が確認")
    {
        var resident = await ResidentAsync(no);
        var draft = CallTestData.Draft(CallTestData.Report(resident, status, status is SafetyStatus.Missing or SafetyStatus.Deceased ? null : WhereaboutsType.Shelter)
            with { Note = note, Source = ReportSource.Agency });
        var result = await Calls(policy).SaveAsync(draft, operatorAizu);
        Assert.True(result.Saved, string.Join(" ", result.Errors.Select(e => e.Message)));
        await using var connection = await Connections.OpenAsync();
        return await connection.ExecuteScalarAsync<long>("SELECT ReportId FROM SafetyReports WHERE CallId = @CallId", new { result.CallId });
    }

    private async Task<int> CountAsync(string sql, object? parameters = null)
    {
        await using var connection = await Connections.OpenAsync();
        return await connection.ExecuteScalarAsync<int>(sql, parameters);
    }

    [SkippableFact]
    public async Task Deceased_WaitsForApproval_And_CountsApartOnTheDashboard()
    {
        await RecordAsync("K0002", SafetyStatus.Safe);
        clock.Advance(TimeSpan.FromMinutes(5));
        var reportId = await RecordAsync("K0001", SafetyStatus.Deceased);

        var head = await ResidentAsync("K0001");
        Assert.Equal((SafetyStatus.Unconfirmed, SafetyStatus.Deceased), (head.Status, head.PendingStatus));
        var pending = Assert.Single(await Approvals.PendingAsync(TownScope.All));
        Assert.Equal((reportId, "K0001", "佐藤　正男", SafetyStatus.Deceased, ReportSource.Agency, "佐藤 浩二", "子", "会津 一子", "消防団が確認"),
            (pending.ReportId, pending.ResidentNo, pending.Name, pending.Status, pending.Source, pending.ReporterName, pending.ReporterRelation,
             pending.OperatorName, pending.Note));
        Assert.Equal(1, await Approvals.PendingCountAsync(TownScope.All));
        var h = (await Dashboard.LoadAsync(new DashboardFilter())).Headline;
        Assert.Equal((0, 1, 0, 1, 1), (h.Deceased, h.PendingDeceased, h.PendingMissing, h.Safe, h.Confirmed));
        var history = await new ReportRepository(Connections, clock).HistoryAsync(head.ResidentId);
        Assert.Equal(ApprovalState.Pending, history.Single(r => r.ReportId == reportId).Approval);
    }

    [SkippableFact]
    public async Task Approve_MakesReportCurrent_InOneStep_WithAudit()
    {
        var reportId = await RecordAsync("K0001", SafetyStatus.Deceased);
        var before = await ResidentAsync("K0001");
        clock.Advance(TimeSpan.FromMinutes(30));

        var result = await Approvals.ApproveAsync(reportId, "警察署から死亡の連絡を受け、家族にも確認", supervisor);

        Assert.True(result.Done, result.Problem);
        Assert.True(result.BecameCurrent);
        var head = await ResidentAsync("K0001");
        Assert.Equal((SafetyStatus.Deceased, (SafetyStatus?)null), (head.Status, head.PendingStatus));
        Assert.True(head.Version > before.Version);
        Assert.Empty(await Approvals.PendingAsync(TownScope.All));
        var h = (await Dashboard.LoadAsync(new DashboardFilter())).Headline;
        Assert.Equal((1, 0, 1), (h.Deceased, h.PendingApproval, h.Confirmed));
        var report = (await new ReportRepository(Connections, clock).HistoryAsync(head.ResidentId)).Single();
        Assert.Equal((ApprovalState.Approved, "責任者 三郎", "警察署から死亡の連絡を受け、家族にも確認"),
            (report.Approval, report.ApprovalDecidedBy, report.ApprovalEvidence));
        Assert.Equal(1, await CountAsync("SELECT COUNT(*) FROM AuditLog WHERE Action = @Action AND UserName = 'sv-aizu' AND ResidentId = @ResidentId",
            new { Action = AuditActions.ApproveReport, head.ResidentId }));
    }

    [SkippableFact]
    public async Task Reject_KeepsReportInHistoryWithReason_And_StatusUnchanged()
    {
        await RecordAsync("K0003", SafetyStatus.Safe);
        clock.Advance(TimeSpan.FromHours(1));
        var reportId = await RecordAsync("K0003", SafetyStatus.Deceased);

        var empty = await Approvals.RejectAsync(reportId, "  ", supervisor);
        Assert.Equal("却下の理由を入力してください。", empty.Problem);
        var result = await Approvals.RejectAsync(reportId, "同姓同名の別人の情報でした（本人と電話で話せた）", supervisor);

        Assert.True(result.Done, result.Problem);
        var son = await ResidentAsync("K0003");
        Assert.Equal((SafetyStatus.Safe, (SafetyStatus?)null), (son.Status, son.PendingStatus));
        var history = await new ReportRepository(Connections, clock).HistoryAsync(son.ResidentId);
        Assert.Equal(2, history.Count);
        var rejected = history.Single(r => r.ReportId == reportId);
        Assert.Equal((SafetyStatus.Deceased, ApprovalState.Rejected, "同姓同名の別人の情報でした（本人と電話で話せた）"),
            (rejected.Status, rejected.Approval, rejected.RejectionReason));
        var h = (await Dashboard.LoadAsync(new DashboardFilter())).Headline;
        Assert.Equal((0, 0, 1), (h.Deceased, h.PendingApproval, h.Safe));
        Assert.Equal(1, await CountAsync("SELECT COUNT(*) FROM AuditLog WHERE Action = @Action", new { Action = AuditActions.RejectReport }));
        var again = await Approvals.ApproveAsync(reportId, "警察に確認", supervisor);
        Assert.Equal("この報告はすでに却下です。画面を開き直してください。", again.Problem);
    }

    [SkippableFact]
    public async Task Approve_KeepsNewerReportCurrent_When_SafeWasReportedAfterTheGraveReport()
    {
        var missing = await RecordAsync("K0004", SafetyStatus.Missing);
        clock.Advance(TimeSpan.FromHours(2));
        var safeId = await RecordAsync("K0004", SafetyStatus.Safe);
        var wife = await ResidentAsync("K0004");
        // The newer report is current at once; the older grave report still waits for a decision.
        Assert.Equal((SafetyStatus.Safe, SafetyStatus.Missing), (wife.Status, wife.PendingStatus));
        Assert.True(Assert.Single(await Approvals.PendingAsync(TownScope.All)).NewerReportIsCurrent);

        var result = await Approvals.ApproveAsync(missing, "家族から行方不明者届を出したと連絡", supervisor);

        Assert.True(result.Done, result.Problem);
        Assert.False(result.BecameCurrent);
        wife = await ResidentAsync("K0004");
        Assert.Equal((SafetyStatus.Safe, (SafetyStatus?)null), (wife.Status, wife.PendingStatus));
        Assert.Equal(safeId, await CountAsync("SELECT StatusReportId FROM Residents WHERE ResidentId = @ResidentId", new { wife.ResidentId }));
    }

    [SkippableFact]
    public async Task PendingMarker_NamesNewestWaitingReport_When_TwoWait()
    {
        var missing = await RecordAsync("K0005", SafetyStatus.Missing);
        clock.Advance(TimeSpan.FromDays(1));
        var deceased = await RecordAsync("K0005", SafetyStatus.Deceased);
        Assert.Equal(SafetyStatus.Deceased, (await ResidentAsync("K0005")).PendingStatus);
        Assert.Equal(2, await Approvals.PendingCountAsync(TownScope.All));
        Assert.Equal(1, (await Dashboard.LoadAsync(new DashboardFilter())).Headline.PendingApproval);

        Assert.True((await Approvals.RejectAsync(deceased, "行方不明のまま。遺体の身元は別人と判明", supervisor)).Done);
        var child = await ResidentAsync("K0005");
        Assert.Equal((SafetyStatus.Unconfirmed, SafetyStatus.Missing), (child.Status, child.PendingStatus));
        var h = (await Dashboard.LoadAsync(new DashboardFilter())).Headline;
        Assert.Equal((0, 1), (h.PendingDeceased, h.PendingMissing));

        Assert.True((await Approvals.ApproveAsync(missing, "警察に行方不明者届", supervisor)).Done);
        child = await ResidentAsync("K0005");
        Assert.Equal((SafetyStatus.Missing, (SafetyStatus?)null), (child.Status, child.PendingStatus));
    }

    [SkippableFact]
    public async Task ProvisionalPersonsPendingReport_WaitsForTheResident_AfterMerge_And_ApprovalMovesTheResident()
    {
        var provisionals = new ProvisionalPersonService(Connections, clock);
        var (no, errors) = await provisionals.CreateAsync(new ProvisionalPersonDraft("佐藤", "正男", "サトウ", "マサオ", "昭和22年5月3日",
            CallCenter.Data.Common.Sex.Male, null, "遺体安置所の名簿から"), operatorAizu);
        Assert.Empty(errors);
        var reportId = await RecordAsync(no!, SafetyStatus.Deceased);
        var head = await ResidentAsync("K0001");
        Assert.Null(await provisionals.MergeAsync((await ResidentAsync(no!)).ResidentId, head.ResidentId, supervisor));
        Assert.Equal((SafetyStatus.Unconfirmed, SafetyStatus.Deceased), ((await ResidentAsync("K0001")).Status, (await ResidentAsync("K0001")).PendingStatus));

        Assert.True((await Approvals.ApproveAsync(reportId, "警察の身元確認書で確認", supervisor)).Done);

        head = await ResidentAsync("K0001");
        Assert.Equal((SafetyStatus.Deceased, (SafetyStatus?)null), (head.Status, head.PendingStatus));
        Assert.Equal(1, (await Dashboard.LoadAsync(new DashboardFilter())).Headline.Deceased);
    }

    [SkippableFact]
    public async Task Approve_NeedsTheEvidence()
    {
        var reportId = await RecordAsync("K0001", SafetyStatus.Deceased);

        var result = await Approvals.ApproveAsync(reportId, "  ", supervisor);

        Assert.Equal("確認の根拠（誰に、どう確かめたか）を入力してください。", result.Problem);
        Assert.Equal((SafetyStatus.Unconfirmed, SafetyStatus.Deceased), ((await ResidentAsync("K0001")).Status, (await ResidentAsync("K0001")).PendingStatus));
    }

    [SkippableFact]
    public async Task Approve_IsRefused_When_TheApproverRecordedTheReport()
    {
        var reportId = await RecordAsync("K0001", SafetyStatus.Deceased);

        var result = await Approvals.ApproveAsync(reportId, "自分で確認した", operatorAizu);

        Assert.Equal("自分で記録した報告は承認・却下できません。別の責任者に依頼してください。", result.Problem);
        Assert.Equal(SafetyStatus.Deceased, (await ResidentAsync("K0001")).PendingStatus);
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM AuditLog WHERE Action = @Action", new { Action = AuditActions.ApproveReport }));
    }

    [SkippableFact]
    public async Task Missing_IsCurrentAtOnce_When_ConfigurationSaysSo()
    {
        await RecordAsync("K0101", SafetyStatus.Missing, new ApprovalPolicy(RequireForMissing: false));

        var neighbour = await ResidentAsync("K0101");
        Assert.Equal((SafetyStatus.Missing, (SafetyStatus?)null), (neighbour.Status, neighbour.PendingStatus));
        Assert.Equal(0, await Approvals.PendingCountAsync(TownScope.All));
        await RecordAsync("K0001", SafetyStatus.Deceased, new ApprovalPolicy(RequireForMissing: false));
        Assert.Equal(SafetyStatus.Deceased, (await ResidentAsync("K0001")).PendingStatus);
    }
}

public sealed class ApprovalServiceTestsOnSqlite : ApprovalServiceTests<OnSqlite>;

public sealed class ApprovalServiceTestsOnSqlServer : ApprovalServiceTests<OnSqlServer>;
