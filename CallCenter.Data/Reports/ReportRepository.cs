using System.Data.Common;
using CallCenter.Data.Approvals;
using CallCenter.Data.Common;
using CallCenter.Data.Database;
using Dapper;

namespace CallCenter.Data.Reports;

/// <summary>
/// Appends safety reports and keeps each resident's current status (the copy on <c>Residents</c>) equal to
/// the newest report, in the same transaction. A report the <see cref="ApprovalPolicy"/> holds back (死亡,
/// 行方不明) joins the history at once but moves the current status only when a supervisor approves it
/// (<see cref="ApprovalService"/>); until then the resident carries it as <c>PendingStatus</c>.
/// </summary>
public sealed class ReportRepository(ConnectionFactory connections, TimeProvider time, ApprovalPolicy? approval = null)
{
    /// <summary>Appends one report in its own transaction and returns its id.</summary>
    public async Task<long> AppendAsync(NewSafetyReport report, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var transaction = await connections.BeginWriteAsync(connection, cancellationToken);
        var id = await AppendAsync(connection, transaction, connections.Dialect, report, time.GetUtcNow().UtcDateTime, cancellationToken, approval);
        await transaction.CommitAsync(cancellationToken);
        return id;
    }

    private const string InsertSql = """
        INSERT INTO SafetyReports (ResidentId, CallId, Status, Source, WhereaboutsType, PrefectureCode, Municipality,
                                   Place, ContactPhone, ContactPhoneKey, ConsentRelatives, ConsentAcquaintances,
                                   ConsentPublic, ReporterName, ReporterRelation, OperatorUserId, ReportedAt,
                                   RecordedAt, Note)
             VALUES (@ResidentId, @CallId, @Status, @Source, @WhereaboutsType, @PrefectureCode, @Municipality,
                     @Place, @ContactPhone, @ContactPhoneKey, @ConsentRelatives, @ConsentAcquaintances,
                     @ConsentPublic, @ReporterName, @ReporterRelation, @OperatorUserId, @ReportedAt,
                     @RecordedAt, @Note);
        {last_id}
        """;

    // A report dated earlier than the current one (a shelter list from last week) joins the history but does
    // not replace what is known now; on equal times the later-recorded report wins. The first confirmation
    // (see FirstConfirmedSql) moves in the same statement: a second UPDATE of the row would run the dashboard
    // triggers a second time, which cost as much as the status update itself.
    private const string UpdateCurrentSql = """
        UPDATE Residents
           SET Status = @Status, StatusReportId = @ReportId, StatusReportedAt = @ReportedAt, StatusSource = @Source,
               WhereaboutsType = @WhereaboutsType, PrefectureCode = @PrefectureCode, Municipality = @Municipality,
               Place = @Place, ContactPhone = @ContactPhone, ContactPhoneKey = @ContactPhoneKey,
               FirstConfirmedAt = CASE WHEN @Status <> 0 AND (FirstConfirmedAt IS NULL OR FirstConfirmedAt > @ReportedAt)
                                       THEN @ReportedAt
                                       ELSE FirstConfirmedAt
                                   END,
               Version = Version + 1, UpdatedAt = @UpdatedAt
         WHERE ResidentId = @ResidentId
           AND (StatusReportedAt IS NULL OR StatusReportedAt <= @ReportedAt)
        """;

    // The first confirmation is the earliest confirming report, whatever order reports arrive in (a shelter
    // list dated last week may be entered after today's call); UpdateCurrentSql moves it with the status, this
    // moves it for a report that is not current.
    private const string FirstConfirmedSql = """
        UPDATE Residents
           SET FirstConfirmedAt = @ReportedAt
         WHERE ResidentId = @ResidentId
           AND (FirstConfirmedAt IS NULL OR FirstConfirmedAt > @ReportedAt)
        """;

    private const string RequestApprovalSql = """
        INSERT INTO ReportApprovals (ReportId, ResidentId, State, RequestedAt)
             VALUES (@ReportId, @ResidentId, 0, @RequestedAt)
        """;

    /// <summary>
    /// Appends a report inside the caller's transaction (for saving a call with several reports at once)
    /// and moves the resident's current status to it when it is the newest, unless <paramref name="approval"/>
    /// (default: <see cref="ApprovalPolicy.Default"/>) makes it wait for a supervisor.
    /// </summary>
    public static async Task<long> AppendAsync(DbConnection connection, DbTransaction transaction, SqlDialect dialect,
        NewSafetyReport report, DateTime recordedAt, CancellationToken cancellationToken, ApprovalPolicy? approval = null)
    {
        await using var appender = new Appender(connection, transaction, dialect, approval);
        return await appender.AppendAsync(report, recordedAt, cancellationToken);
    }

    /// <summary>
    /// Makes a stored report the resident's current status when nothing newer is current, and moves the first
    /// confirmation earlier when it confirms (whether or not it becomes current); returns whether the status moved.
    /// </summary>
    internal static async Task<bool> MakeCurrentAsync(DbConnection connection, DbTransaction transaction, SqlDialect dialect,
        CurrentStatusRow report, DateTime updatedAt, CancellationToken cancellationToken)
    {
        await using var appender = new Appender(connection, transaction, dialect, approval: null);
        return await appender.MakeCurrentAsync(report, updatedAt, cancellationToken);
    }

    /// <summary>
    /// Appends reports one after another inside the caller's transaction, reusing its commands: a status list of a
    /// thousand lines would otherwise build and parse three commands per report, which cost more than the writes.
    /// Every report goes through here, so a call's reports and a list's are written alike.
    /// </summary>
    internal sealed class Appender(DbConnection connection, DbTransaction transaction, SqlDialect dialect, ApprovalPolicy? approval)
        : IAsyncDisposable
    {
        private static readonly string[] InsertParameters =
        [
            "ResidentId", "CallId", "Status", "Source", "WhereaboutsType", "PrefectureCode", "Municipality", "Place",
            "ContactPhone", "ContactPhoneKey", "ConsentRelatives", "ConsentAcquaintances", "ConsentPublic", "ReporterName",
            "ReporterRelation", "OperatorUserId", "ReportedAt", "RecordedAt", "Note",
        ];

        private static readonly string[] UpdateCurrentParameters =
        [
            "Status", "ReportId", "ReportedAt", "Source", "WhereaboutsType", "PrefectureCode", "Municipality", "Place",
            "ContactPhone", "ContactPhoneKey", "UpdatedAt", "ResidentId",
        ];

        private PreparedCommand? insert;
        private PreparedCommand? updateCurrent;
        private PreparedCommand? firstConfirmed;

        /// <summary>Appends one report; see <see cref="ReportRepository.AppendAsync(DbConnection, DbTransaction, SqlDialect, NewSafetyReport, DateTime, CancellationToken, ApprovalPolicy?)"/>.</summary>
        public async Task<long> AppendAsync(NewSafetyReport report, DateTime recordedAt, CancellationToken cancellationToken)
        {
            var w = report.Whereabouts;
            TextSafety.Ensure(("市区町村", w?.Municipality), ("避難先・住所", w?.Place), ("連絡先", w?.ContactPhone),
                ("報告者", report.ReporterName), ("報告者の続柄・関係", report.ReporterRelation), ("メモ", report.Note));
            var status = (byte)report.Status;
            var source = (byte)report.Source;
            var whereaboutsType = w is null ? (byte?)null : (byte)w.Type;
            var contactPhoneKey = PhoneNumbers.Key(w?.ContactPhone);
            insert ??= new PreparedCommand(connection, transaction, dialect.Render(InsertSql), InsertParameters);
            var reportId = await insert.Set(
                report.ResidentId, report.CallId, status, source, whereaboutsType, w?.PrefectureCode, w?.Municipality, w?.Place,
                w?.ContactPhone, contactPhoneKey, report.Consent.Relatives, report.Consent.Acquaintances, report.Consent.Public,
                report.ReporterName, report.ReporterRelation, report.OperatorUserId, report.ReportedAt, recordedAt, report.Note)
                .ExecuteScalarInt64Async(cancellationToken);
            if ((approval ?? ApprovalPolicy.Default).Requires(report.Status))
            {
                await connection.ExecuteAsync(new CommandDefinition(RequestApprovalSql,
                    new { ReportId = reportId, report.ResidentId, RequestedAt = recordedAt }, transaction, cancellationToken: cancellationToken));
                await ApprovalService.RefreshPendingAsync(connection, transaction, dialect, report.ResidentId, recordedAt, cancellationToken);
                return reportId;
            }
            await MakeCurrentAsync(new CurrentStatusRow
            {
                ReportId = reportId,
                ResidentId = report.ResidentId,
                Status = status,
                Source = source,
                WhereaboutsType = whereaboutsType,
                PrefectureCode = w?.PrefectureCode,
                Municipality = w?.Municipality,
                Place = w?.Place,
                ContactPhone = w?.ContactPhone,
                ContactPhoneKey = contactPhoneKey,
                ReportedAt = report.ReportedAt,
            }, recordedAt, cancellationToken);
            return reportId;
        }

        /// <summary>See <see cref="ReportRepository.MakeCurrentAsync"/>.</summary>
        public async Task<bool> MakeCurrentAsync(CurrentStatusRow report, DateTime updatedAt, CancellationToken cancellationToken)
        {
            updateCurrent ??= new PreparedCommand(connection, transaction, UpdateCurrentSql, UpdateCurrentParameters);
            var moved = await updateCurrent.Set(
                report.Status, report.ReportId, report.ReportedAt, report.Source, report.WhereaboutsType, report.PrefectureCode,
                report.Municipality, report.Place, report.ContactPhone, report.ContactPhoneKey, updatedAt, report.ResidentId)
                .ExecuteAsync(cancellationToken);
            if (moved == 0 && report.Status != (byte)SafetyStatus.Unconfirmed)
            {
                firstConfirmed ??= new PreparedCommand(connection, transaction, FirstConfirmedSql, "ResidentId", "ReportedAt");
                await firstConfirmed.Set(report.ResidentId, report.ReportedAt).ExecuteAsync(cancellationToken);
            }
            return moved == 1;
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var command in new[] { insert, updateCurrent, firstConfirmed })
            {
                if (command is not null)
                {
                    await command.DisposeAsync();
                }
            }
        }
    }

    private const string HistorySql = """
          SELECT s.ReportId, s.ResidentId, s.CallId, s.Status, s.Source, s.WhereaboutsType, s.PrefectureCode, s.Municipality,
                 s.Place, s.ContactPhone, s.ConsentRelatives, s.ConsentAcquaintances, s.ConsentPublic, s.ReporterName,
                 s.ReporterRelation, s.OperatorUserId, s.ReportedAt, s.RecordedAt, s.Note,
                 a.State AS Approval, a.DecidedAt AS ApprovalDecidedAt, u.DisplayName AS ApprovalDecidedBy,
                 a.Evidence AS ApprovalEvidence, a.RejectionReason
            FROM SafetyReports s
            LEFT JOIN ReportApprovals a ON a.ReportId = s.ReportId
            LEFT JOIN Users u ON u.UserId = a.DecidedByUserId
           WHERE s.ResidentId = @ResidentId
              OR s.ResidentId IN (SELECT m.ResidentId FROM Residents m WHERE m.MergedIntoResidentId = @ResidentId)
        ORDER BY s.ReportedAt DESC, s.ReportId DESC
        """;

    /// <summary>Every report about a resident (and any provisional person merged into them), newest first.</summary>
    public async Task<IReadOnlyList<SafetyReport>> HistoryAsync(int residentId, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<SafetyReport>(new CommandDefinition(
            HistorySql, new { ResidentId = residentId }, cancellationToken: cancellationToken));
        return rows.AsList();
    }
}

/// <summary>The columns of a report that the current status copies (numbers as stored).</summary>
internal class CurrentStatusRow
{
    public long ReportId { get; init; }
    public int ResidentId { get; init; }
    public byte Status { get; init; }
    public byte Source { get; init; }
    public byte? WhereaboutsType { get; init; }
    public byte? PrefectureCode { get; init; }
    public string? Municipality { get; init; }
    public string? Place { get; init; }
    public string? ContactPhone { get; init; }
    public string? ContactPhoneKey { get; init; }
    public DateTime ReportedAt { get; init; }

    /// <summary>The same report, copied to another resident's current status (a merged provisional person's target).</summary>
    public CurrentStatusRow For(int residentId) => new()
    {
        ReportId = ReportId, ResidentId = residentId, Status = Status, Source = Source, WhereaboutsType = WhereaboutsType,
        PrefectureCode = PrefectureCode, Municipality = Municipality, Place = Place, ContactPhone = ContactPhone,
        ContactPhoneKey = ContactPhoneKey, ReportedAt = ReportedAt,
    };
}
