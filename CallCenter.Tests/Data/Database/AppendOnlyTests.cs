using System.Data.Common;
using CallCenter.Data.Accounts;
using CallCenter.Data.Approvals;
using CallCenter.Data.Audit;
using CallCenter.Data.Calls;
using CallCenter.Data.Common;
using CallCenter.Data.Reports;
using CallCenter.Data.Residents;
using CallCenter.Tests.Data.Calls;
using Dapper;
using CallCenter.Data.Provisional;

namespace CallCenter.Tests.Data.Database;

/// <summary>
/// Safety reports and the audit trail are append-only in the database itself (db/*/0008 triggers): an UPDATE or a
/// DELETE from any connection is refused and changes nothing, while the code paths that write them (calls, merges,
/// approvals) keep working. A supervisor's approval decision is made once.
/// </summary>
public abstract class AppendOnlyTests<TDb> : DatabaseTests<TDb> where TDb : IDatabaseKind
{
    private readonly TestClock clock = new(new DateTimeOffset(2026, 3, 14, 1, 30, 0, TimeSpan.Zero));
    private OperatorContext op = null!;
    private OperatorContext supervisor = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await CallTestData.ImportAsync(Connections, CallTestData.FiveMemberRegister);
        op = await CallTestData.StaffAsync(Connections, clock, "op", "オペレーター", UserRole.Operator, "会津若松");
        supervisor = await CallTestData.StaffAsync(Connections, clock, "sv", "責任者", UserRole.Supervisor, "会津若松");
    }

    [SkippableTheory]
    [InlineData("UPDATE SafetyReports SET Status = 5, Note = @Text WHERE ReportId = @Id")]
    [InlineData("UPDATE SafetyReports SET ResidentId = ResidentId WHERE ReportId = @Id")]
    [InlineData("DELETE FROM SafetyReports WHERE ReportId = @Id")]
    [InlineData("DELETE FROM SafetyReports")]
    public async Task SafetyReport_CannotBeChangedOrDeleted(string sql)
    {
        var reportId = await RecordAsync("K0001", SafetyStatus.Safe);
        var before = await ReportAsync(reportId);

        var refused = await ExecuteAsync(sql, reportId);

        Assert.Contains("append-only", refused.Message, StringComparison.Ordinal);
        Assert.Equal(before, await ReportAsync(reportId));
    }

    [SkippableTheory]
    [InlineData("UPDATE AuditLog SET Details = @Text, UserName = NULL WHERE AuditId = @Id")]
    [InlineData("DELETE FROM AuditLog WHERE AuditId = @Id")]
    [InlineData("DELETE FROM AuditLog")]
    public async Task AuditRow_CannotBeChangedOrDeleted(string sql)
    {
        await new AuditRepository(Connections, clock).WriteAsync(new AuditEntry
        {
            OccurredAt = clock.GetUtcNow().UtcDateTime, UserId = op.UserId, UserName = op.UserName, Site = op.Site,
            Action = AuditActions.ViewResident, TargetType = "resident", TargetId = "K0001", Details = "閲覧",
        });
        await using var connection = await Connections.OpenAsync();
        var auditId = await connection.ExecuteScalarAsync<long>("SELECT MAX(AuditId) FROM AuditLog");
        var rows = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM AuditLog");

        var refused = await ExecuteAsync(sql, auditId);

        Assert.Contains("append-only", refused.Message, StringComparison.Ordinal);
        Assert.Equal(rows, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM AuditLog"));
        Assert.Equal("閲覧", await connection.ExecuteScalarAsync<string>("SELECT Details FROM AuditLog WHERE AuditId = @Id", new { Id = auditId }));
    }

    [SkippableFact]
    public async Task RefusedUpdate_RollsBackItsTransaction()
    {
        var reportId = await RecordAsync("K0001", SafetyStatus.Safe);
        await using var connection = await Connections.OpenAsync();
        await using var transaction = await Connections.BeginWriteAsync(connection);
        await connection.ExecuteAsync("UPDATE Residents SET Phone = '000' WHERE ResidentNo = 'K0002'", transaction: transaction);

        await Assert.ThrowsAnyAsync<DbException>(() =>
            connection.ExecuteAsync("DELETE FROM SafetyReports WHERE ReportId = @Id", new { Id = reportId }, transaction));
        await transaction.RollbackAsync();

        Assert.NotNull(await ReportAsync(reportId));
        Assert.NotEqual("000", await connection.ExecuteScalarAsync<string>("SELECT Phone FROM Residents WHERE ResidentNo = 'K0002'"));
    }

    [SkippableFact]
    public async Task Approval_IsDecidedOnce_And_NeverDeleted()
    {
        var reportId = await RecordAsync("K0001", SafetyStatus.Deceased);
        var approvals = new ApprovalService(Connections, clock);

        var approved = await approvals.ApproveAsync(reportId, "警察署で確認（担当 佐々木）", supervisor);

        Assert.True(approved.Done, approved.Problem);
        var change = await ExecuteAsync("UPDATE ReportApprovals SET State = 2, RejectionReason = @Text WHERE ReportId = @Id", reportId);
        Assert.Contains("decided", change.Message, StringComparison.Ordinal);
        var delete = await ExecuteAsync("DELETE FROM ReportApprovals WHERE ReportId = @Id", reportId);
        Assert.Contains("cannot be deleted", delete.Message, StringComparison.Ordinal);
        await using var connection = await Connections.OpenAsync();
        Assert.Equal(1, await connection.ExecuteScalarAsync<int>("SELECT State FROM ReportApprovals WHERE ReportId = @Id", new { Id = reportId }));
    }

    [SkippableFact]
    public async Task Merge_StillWorks_And_LeavesTheReportsAsWritten()
    {
        var service = new ProvisionalPersonService(Connections, clock);
        var (no, errors) = await service.CreateAsync(new ProvisionalPersonDraft("佐藤", "はな", "サトウ", "ハナ", null, Sex.Female, null, null), op);
        Assert.Empty(errors);
        var provisional = await CallTestData.ResidentAsync(Connections, no!);
        var reportId = await RecordAsync(no!, SafetyStatus.Safe);
        var before = await ReportAsync(reportId);
        var target = await CallTestData.ResidentAsync(Connections, "K0005");

        Assert.Null(await service.MergeAsync(provisional.ResidentId, target.ResidentId, supervisor));

        // The report stays on the provisional person, which now points at the resident: nothing in it moved.
        Assert.Equal(before, await ReportAsync(reportId));
        Assert.Equal(SafetyStatus.Safe, (await CallTestData.ResidentAsync(Connections, "K0005")).Status);
    }

    [SkippableFact]
    public async Task RegisterVersion_CountsRegisterChanges_NotStatusUpdates()
    {
        var version = await RegisterVersionAsync();

        await RecordAsync("K0001", SafetyStatus.Safe);
        Assert.Equal(version, await RegisterVersionAsync());

        await using (var connection = await Connections.OpenAsync())
        {
            await connection.ExecuteAsync("UPDATE Residents SET FamilyName = @Name WHERE ResidentNo = 'K0002'", new { Name = "佐々木" });
        }
        // Every trigger that watches the name moves it on (the register's and the search index's stamp): a change is
        // a higher version, never the same one.
        Assert.True(await RegisterVersionAsync() > version);
    }

    private async Task<long> RegisterVersionAsync()
    {
        await using var connection = await Connections.OpenAsync();
        return await connection.ExecuteScalarAsync<long>("SELECT Version FROM RegisterVersion WHERE RegisterVersionId = 1");
    }

    /// <summary>Records a call about one resident and returns the report's id.</summary>
    private async Task<long> RecordAsync(string no, SafetyStatus status)
    {
        var resident = await CallTestData.ResidentAsync(Connections, no);
        var report = CallTestData.Report(resident, status, status == SafetyStatus.Deceased ? null : WhereaboutsType.Shelter);
        var result = await new CallRecordingService(Connections, clock).SaveAsync(CallTestData.Draft(report), op);
        Assert.True(result.Saved, string.Join(" ", result.Errors.Select(e => e.Message)));
        await using var connection = await Connections.OpenAsync();
        return await connection.ExecuteScalarAsync<long>("SELECT ReportId FROM SafetyReports WHERE CallId = @CallId", new { result.CallId });
    }

    private async Task<string?> ReportAsync(long reportId)
    {
        await using var connection = await Connections.OpenAsync();
        var row = await connection.QuerySingleOrDefaultAsync<(long ResidentId, int Status, string? Note)>(
            "SELECT ResidentId, Status, Note FROM SafetyReports WHERE ReportId = @Id", new { Id = reportId });
        return row == default ? null : $"{row.ResidentId}/{row.Status}/{row.Note}";
    }

    private async Task<DbException> ExecuteAsync(string sql, long id)
    {
        await using var connection = await Connections.OpenAsync();
        return await Assert.ThrowsAnyAsync<DbException>(() => connection.ExecuteAsync(sql, new { Id = id, Text = "書き換え" }));
    }
}

public sealed class AppendOnlyTestsOnSqlite : AppendOnlyTests<OnSqlite>;

public sealed class AppendOnlyTestsOnSqlServer : AppendOnlyTests<OnSqlServer>;
