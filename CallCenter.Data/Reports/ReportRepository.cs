using System.Data.Common;
using CallCenter.Data.Common;
using CallCenter.Data.Database;
using Dapper;

namespace CallCenter.Data.Reports;

/// <summary>
/// Appends safety reports and keeps each resident's current status (the copy on <c>Residents</c>) equal to
/// the newest report, in the same transaction.
/// </summary>
public sealed class ReportRepository(ConnectionFactory connections, TimeProvider time)
{
    /// <summary>Appends one report in its own transaction and returns its id.</summary>
    public async Task<long> AppendAsync(NewSafetyReport report, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var transaction = await connections.BeginWriteAsync(connection, cancellationToken);
        var id = await AppendAsync(connection, transaction, connections.Dialect, report, time.GetUtcNow().UtcDateTime, cancellationToken);
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
    // not replace what is known now; on equal times the later-recorded report wins.
    private const string UpdateCurrentSql = """
        UPDATE Residents
           SET Status = @Status, StatusReportId = @ReportId, StatusReportedAt = @ReportedAt, StatusSource = @Source,
               WhereaboutsType = @WhereaboutsType, PrefectureCode = @PrefectureCode, Municipality = @Municipality,
               Place = @Place, ContactPhone = @ContactPhone, ContactPhoneKey = @ContactPhoneKey,
               Version = Version + 1, UpdatedAt = @RecordedAt
         WHERE ResidentId = @ResidentId
           AND (StatusReportedAt IS NULL OR StatusReportedAt <= @ReportedAt)
        """;

    // The first confirmation is the earliest confirming report, whatever order reports arrive in (a shelter
    // list dated last week may be entered after today's call).
    private const string FirstConfirmedSql = """
        UPDATE Residents
           SET FirstConfirmedAt = @ReportedAt
         WHERE ResidentId = @ResidentId
           AND (FirstConfirmedAt IS NULL OR FirstConfirmedAt > @ReportedAt)
        """;

    /// <summary>
    /// Appends a report inside the caller's transaction (for saving a call with several reports at once)
    /// and moves the resident's current status to it when it is the newest.
    /// </summary>
    public static async Task<long> AppendAsync(DbConnection connection, DbTransaction transaction, SqlDialect dialect,
        NewSafetyReport report, DateTime recordedAt, CancellationToken cancellationToken)
    {
        var w = report.Whereabouts;
        var parameters = new
        {
            report.ResidentId,
            report.CallId,
            Status = (byte)report.Status,
            Source = (byte)report.Source,
            WhereaboutsType = w is null ? (byte?)null : (byte)w.Type,
            PrefectureCode = w?.PrefectureCode,
            Municipality = w?.Municipality,
            Place = w?.Place,
            ContactPhone = w?.ContactPhone,
            ContactPhoneKey = PhoneNumbers.Key(w?.ContactPhone),
            ConsentRelatives = report.Consent.Relatives,
            ConsentAcquaintances = report.Consent.Acquaintances,
            ConsentPublic = report.Consent.Public,
            report.ReporterName,
            report.ReporterRelation,
            report.OperatorUserId,
            ReportedAt = report.ReportedAt,
            RecordedAt = recordedAt,
            report.Note,
        };
        var reportId = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            dialect.Render(InsertSql), parameters, transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(UpdateCurrentSql, new
        {
            ReportId = reportId,
            parameters.ResidentId,
            parameters.Status,
            parameters.Source,
            parameters.WhereaboutsType,
            parameters.PrefectureCode,
            parameters.Municipality,
            parameters.Place,
            parameters.ContactPhone,
            parameters.ContactPhoneKey,
            parameters.ReportedAt,
            parameters.RecordedAt,
        }, transaction, cancellationToken: cancellationToken));
        if (report.Status != SafetyStatus.Unconfirmed)
        {
            await connection.ExecuteAsync(new CommandDefinition(FirstConfirmedSql,
                new { parameters.ResidentId, parameters.ReportedAt }, transaction, cancellationToken: cancellationToken));
        }
        return reportId;
    }

    private const string HistorySql = """
          SELECT ReportId, ResidentId, CallId, Status, Source, WhereaboutsType, PrefectureCode, Municipality, Place,
                 ContactPhone, ConsentRelatives, ConsentAcquaintances, ConsentPublic, ReporterName, ReporterRelation,
                 OperatorUserId, ReportedAt, RecordedAt, Note
            FROM SafetyReports
           WHERE ResidentId = @ResidentId
              OR ResidentId IN (SELECT m.ResidentId FROM Residents m WHERE m.MergedIntoResidentId = @ResidentId)
        ORDER BY ReportedAt DESC, ReportId DESC
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
