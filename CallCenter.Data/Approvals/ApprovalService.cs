using System.Data.Common;
using System.Globalization;
using CallCenter.Data.Audit;
using CallCenter.Data.Calls;
using CallCenter.Data.Common;
using CallCenter.Data.Database;
using CallCenter.Data.Reports;
using CallCenter.Data.Towns;
using Dapper;

namespace CallCenter.Data.Approvals;

/// <summary>
/// A supervisor's decision on a report held back by the <see cref="ApprovalPolicy"/>. Approving makes the report
/// the resident's current status, unless a newer report is current by then (the approved report then only
/// stands approved in history); rejecting keeps it in history with the reason. Each decision is one
/// transaction with its audit row; the resident's pending marker then names the newest report still waiting.
/// </summary>
public sealed class ApprovalService(ConnectionFactory connections, TimeProvider time)
{
    /// <summary>The longest evidence note or rejection reason.</summary>
    public const int MaxTextLength = 500;

    private const string NewestPendingSql = """
          SELECT a.ReportId, s.Status
            FROM ReportApprovals a
            JOIN SafetyReports s ON s.ReportId = a.ReportId
           WHERE (a.ResidentId = @ResidentId
                  OR a.ResidentId IN (SELECT m.ResidentId FROM Residents m WHERE m.MergedIntoResidentId = @ResidentId))
             AND a.State = 0
        ORDER BY s.ReportedAt DESC, s.ReportId DESC
        {page}
        """;

    private const string SetPendingSql = """
        UPDATE Residents
           SET PendingReportId = @ReportId, PendingStatus = @Status, Version = Version + 1, UpdatedAt = @Now
         WHERE ResidentId = @ResidentId
        """;

    /// <summary>
    /// Points the resident's pending marker at the newest report still waiting (or clears it), counting the reports
    /// of provisional persons merged into the resident.
    /// </summary>
    internal static async Task RefreshPendingAsync(DbConnection connection, DbTransaction transaction, SqlDialect dialect,
        int residentId, DateTime now, CancellationToken cancellationToken)
    {
        var pending = await connection.QueryFirstOrDefaultAsync<PendingRow>(new CommandDefinition(dialect.Render(NewestPendingSql),
            new { ResidentId = residentId, Skip = 0, Take = 1 }, transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(SetPendingSql,
            new { ResidentId = residentId, pending?.ReportId, pending?.Status, Now = now }, transaction, cancellationToken: cancellationToken));
    }

    private sealed class PendingRow
    {
        public long ReportId { get; init; }
        public byte Status { get; init; }
    }

    private const string PendingSql = """
          SELECT a.ReportId, a.ResidentId, r.ResidentNo, r.FamilyName, r.GivenName, r.FamilyNameKana, r.GivenNameKana,
                 r.BirthDate, r.District, s.Status, s.Source, s.ReporterName, s.ReporterRelation, c.CallerPhone,
                 s.OperatorUserId, u.DisplayName AS OperatorName, c.Site, s.Note, s.CallId, s.ReportedAt, a.RequestedAt,
                 r.Status AS CurrentStatus, r.StatusReportedAt AS CurrentReportedAt, r.TownId
            FROM ReportApprovals a
            JOIN SafetyReports s ON s.ReportId = a.ReportId
            JOIN Residents r ON r.ResidentId = a.ResidentId
            LEFT JOIN Calls c ON c.CallId = s.CallId
            LEFT JOIN Users u ON u.UserId = s.OperatorUserId
           WHERE a.State = 0/*town*/
        ORDER BY a.RequestedAt, a.ReportId
        """;

    /// <summary>Every report waiting for approval about a resident of <paramref name="scope"/>, oldest request first.</summary>
    public async Task<IReadOnlyList<PendingApproval>> PendingAsync(TownScope scope, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<PendingApproval>(new CommandDefinition(PendingSqlFor(scope),
            ScopeParameters(scope), cancellationToken: cancellationToken))).AsList();
    }

    // All towns: the approvals alone; a limited scope: their residents' towns.
    private const string PendingCountSql = """
        SELECT COUNT(*)
          FROM ReportApprovals
         WHERE State = 0
        """;

    private const string PendingCountInTownsSql = """
        SELECT COUNT(*)
          FROM ReportApprovals a
          JOIN Residents r ON r.ResidentId = a.ResidentId
         WHERE a.State = 0/*town*/
        """;

    /// <summary>How many reports about residents of <paramref name="scope"/> wait for approval (the supervisors' navigation shows it).</summary>
    public async Task<int> PendingCountAsync(TownScope scope, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition(scope.IsAll ? PendingCountSql : PendingCountInTownsSql.Replace("/*town*/", scope.Filter("r.TownId"), StringComparison.Ordinal),
            ScopeParameters(scope), cancellationToken: cancellationToken));
    }

    private static string PendingSqlFor(TownScope scope) => PendingSql.Replace("/*town*/", scope.Filter("r.TownId"), StringComparison.Ordinal);

    /// <summary>The statements a limited scope sends (the SQL Server checks parse and bind each).</summary>
    public static IEnumerable<(string Name, string Sql)> TownStatements() =>
    [
        ("Pending.towns", TownSql.Expanded(PendingSqlFor(TownScope.Only([1, 2])))),
        ("PendingCount.towns", TownSql.Expanded(PendingCountInTownsSql.Replace("/*town*/", TownScope.Only([1, 2]).Filter("r.TownId"), StringComparison.Ordinal))),
    ];

    private static object? ScopeParameters(TownScope scope) => scope.IsAll ? null : new { scope.TownIds };

    /// <summary>
    /// Approves a pending report with the supervisor's note on how it was confirmed (required: who confirmed it,
    /// and how). The person who recorded the report cannot approve it: the point is a second pair of eyes.
    /// A report about a resident outside <paramref name="scope"/> (all towns when null) is not found.
    /// </summary>
    public Task<ApprovalResult> ApproveAsync(long reportId, string? evidence, OperatorContext by, TownScope? scope = null,
        CancellationToken cancellationToken = default) =>
        DecideAsync(reportId, ApprovalState.Approved, evidence, by, scope ?? TownScope.All, cancellationToken);

    /// <summary>
    /// Rejects a pending report; the reason is required and stays with the report in history. A report about a resident
    /// outside <paramref name="scope"/> (all towns when null) is not found.
    /// </summary>
    public Task<ApprovalResult> RejectAsync(long reportId, string? reason, OperatorContext by, TownScope? scope = null,
        CancellationToken cancellationToken = default) =>
        DecideAsync(reportId, ApprovalState.Rejected, reason, by, scope ?? TownScope.All, cancellationToken);

    private const string ReportToDecideSql = """
        SELECT a.State AS ApprovalState, s.OperatorUserId, s.ReportId, s.ResidentId, s.Status, s.Source, s.WhereaboutsType,
               s.PrefectureCode, s.Municipality, s.Place, s.ContactPhone, s.ContactPhoneKey, s.ReportedAt, r.TownId
          FROM ReportApprovals a
          JOIN SafetyReports s ON s.ReportId = a.ReportId
          JOIN Residents r ON r.ResidentId = a.ResidentId
         WHERE a.ReportId = @ReportId
        """;

    private const string MergedIntoSql = """
        SELECT MergedIntoResidentId
          FROM Residents
         WHERE ResidentId = @ResidentId
        """;

    // The two decisions: one statement each, run by DecideAsync (a pending report is decided once).
    private const string ApproveSql = """
        UPDATE ReportApprovals
           SET State = 1, DecidedByUserId = @UserId, DecidedAt = @Now, Evidence = @Evidence
         WHERE ReportId = @ReportId
           AND State = 0
        """;

    private const string RejectSql = """
        UPDATE ReportApprovals
           SET State = 2, DecidedByUserId = @UserId, DecidedAt = @Now, RejectionReason = @Reason
         WHERE ReportId = @ReportId
           AND State = 0
        """;

    private async Task<ApprovalResult> DecideAsync(long reportId, ApprovalState decision, string? text, OperatorContext by, TownScope scope,
        CancellationToken cancellationToken)
    {
        text = string.IsNullOrWhiteSpace(text) ? null : text.Trim();
        if (text is null)
        {
            return new ApprovalResult(decision == ApprovalState.Rejected
                ? "却下の理由を入力してください。"
                : "確認の根拠（誰に、どう確かめたか）を入力してください。");
        }
        if (text is { Length: > MaxTextLength })
        {
            return new ApprovalResult(decision == ApprovalState.Rejected
                ? $"却下の理由は{MaxTextLength}文字以内にしてください。"
                : $"確認の根拠は{MaxTextLength}文字以内にしてください。");
        }
        if (TextSafety.FieldProblem(decision == ApprovalState.Rejected ? "却下の理由" : "確認の根拠", text) is { } problem)
        {
            return new ApprovalResult(problem);
        }
        await using var write = await AuditedWrite.BeginAsync(connections, time, by, cancellationToken);
        var (connection, transaction, now) = (write.Connection, write.Transaction, write.Now);
        var report = await connection.QuerySingleOrDefaultAsync<ReportToDecide>(new CommandDefinition(ReportToDecideSql,
            new { ReportId = reportId }, transaction, cancellationToken: cancellationToken));
        if (report is null || !scope.Includes(report.TownId))
        {
            // Another town's report is not found, as an unknown one is (never "forbidden").
            return new ApprovalResult("この報告は承認の対象ではありません。");
        }
        if (report.ApprovalState != (byte)ApprovalState.Pending)
        {
            return new ApprovalResult($"この報告はすでに{((ApprovalState)report.ApprovalState).Label()}です。画面を開き直してください。");
        }
        if (by.UserId is { } userId && report.OperatorUserId == userId)
        {
            return new ApprovalResult("自分で記録した報告は承認・却下できません。別の責任者に依頼してください。");
        }
        var decided = await connection.ExecuteAsync(new CommandDefinition(decision == ApprovalState.Approved ? ApproveSql : RejectSql,
            new { ReportId = reportId, by.UserId, Now = now, Evidence = text, Reason = text }, transaction, cancellationToken: cancellationToken));
        if (decided != 1)
        {
            return new ApprovalResult("この報告は他の人が先に処理しました。画面を開き直してください。");
        }
        // A provisional person's report speaks for the resident they were merged into, as their history shows.
        var mergedInto = await connection.ExecuteScalarAsync<int?>(new CommandDefinition(MergedIntoSql,
            new { report.ResidentId }, transaction, cancellationToken: cancellationToken));
        var becameCurrent = false;
        if (decision == ApprovalState.Approved)
        {
            becameCurrent = await ReportRepository.MakeCurrentAsync(connection, transaction, connections.Dialect, report, now, cancellationToken);
            if (mergedInto is { } target)
            {
                becameCurrent = await ReportRepository.MakeCurrentAsync(connection, transaction, connections.Dialect, report.For(target), now, cancellationToken);
            }
        }
        await RefreshPendingAsync(connection, transaction, connections.Dialect, report.ResidentId, now, cancellationToken);
        if (mergedInto is { } merged)
        {
            await RefreshPendingAsync(connection, transaction, connections.Dialect, merged, now, cancellationToken);
        }
        var status = ((SafetyStatus)report.Status).Label();
        await write.AuditAsync(decision == ApprovalState.Approved ? AuditActions.ApproveReport : AuditActions.RejectReport,
            "report", reportId.ToString(CultureInfo.InvariantCulture), report.ResidentId,
            decision == ApprovalState.Approved
                ? AuditDetails.Join($"安否 {status}", becameCurrent ? "現在の安否に反映" : "より新しい報告があるため現在の安否は変えず", $"根拠「{text}」")
                : AuditDetails.Join($"安否 {status}", $"却下の理由「{text}」"));
        await write.CommitAsync();
        return new ApprovalResult(null, becameCurrent);
    }

    private sealed class ReportToDecide : CurrentStatusRow
    {
        public byte ApprovalState { get; init; }
        public int? OperatorUserId { get; init; }
        public int TownId { get; init; }
    }
}
