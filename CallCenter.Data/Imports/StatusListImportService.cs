using System.Data.Common;
using System.Globalization;
using CallCenter.Data.Audit;
using CallCenter.Data.Calls;
using CallCenter.Data.Common;
using CallCenter.Data.Database;
using CallCenter.Data.Reports;
using CallCenter.Data.Towns;
using Dapper;

namespace CallCenter.Data.Imports;

/// <summary>
/// Imports status lists from shelters and other offices (避難所名簿, 行政・他機関): a preview shows how each line would
/// be applied, a commit writes it. Each line is matched to a resident (<see cref="StatusListMatching"/>) and becomes a
/// safety report; lines that match no one or several go to the review queue (<see cref="StatusReviewQueue"/>).
/// </summary>
/// <remarks>
/// Idempotent: every line is stored with a key of its normalized content and source, unique in the database, so the
/// same line imported again (the same file twice, or an overlapping list) is counted as "already imported" and
/// writes nothing.
/// </remarks>
public sealed class StatusListImportService(ConnectionFactory connections, TimeProvider time, Approvals.ApprovalPolicy? approval = null)
{
    /// <summary>The largest file accepted (50 MB).</summary>
    public const long MaxFileBytes = 50L * 1024 * 1024;

    /// <summary>
    /// Reads the file and shows how it would be applied. Writes nothing. <paramref name="townId"/>: the town whose
    /// residents the list is matched against (null: the only town; refused with a Japanese error when several exist).
    /// </summary>
    public async Task<StatusImportPreview> PreviewAsync(Stream stream, string fileName, ReportSource source, CancellationToken cancellationToken = default,
        int? townId = null)
    {
        CheckSource(source);
        var file = await StatusListFile.ReadAsync(stream, MaxFileBytes, JapanTime.Today(time), cancellationToken);
        if (file.Errors.Count > 0)
        {
            return new StatusImportPreview(fileName, source, file.Encoding, file.Sha256, [], file.Errors, null);
        }
        // One read snapshot, never the write lock: a preview of a big list blocks no operator's save.
        await using var connection = await connections.OpenAsync(cancellationToken);
        var (town, _, townProblem) = await TownRepository.ImportTownAsync(connection, null, townId, cancellationToken);
        if (town is null)
        {
            return new StatusImportPreview(fileName, source, file.Encoding, file.Sha256, [], [new ImportError(0, "町", townProblem!)], null);
        }
        await using var snapshot = await connections.BeginReadAsync(connection, cancellationToken);
        var rows = await StatusListMatching.MatchAllAsync(connection, snapshot, file.Rows, source, town.TownId, Matched, cancellationToken);
        var importedAt = await connection.ExecuteScalarAsync<DateTime?>(new CommandDefinition(
            FileImportedAtSql, new { Sha256 = file.Sha256, town.TownId }, snapshot, cancellationToken: cancellationToken));
        await snapshot.RollbackAsync(cancellationToken);
        return new StatusImportPreview(fileName, source, file.Encoding, file.Sha256, rows, [], importedAt);
    }

    // Per town: the same shelter list imported into another town is that town's first import of it.
    private const string FileImportedAtSql = """
        SELECT MAX(CommittedAt)
          FROM StatusImports
         WHERE FileSha256 = @Sha256
           AND TownId = @TownId
        """;

    /// <summary>
    /// Imports the file in one transaction: matched lines become reports, the others wait for review. A file
    /// with any error is refused and nothing is written; lines imported before are counted and skipped. A commit
    /// that writes nothing (refused, or every line already imported) is audited too, as register imports are.
    /// The file is parsed and matched under a read snapshot first; the write lock is held for the writes only, and
    /// if the register or the imported lines changed in between (<see cref="RegisterStamp"/>) the lines are matched
    /// again under it. (A call saved in between changes no match; only the count of lines older than a resident's
    /// current status is then as of matching, while the current status itself is decided inside the write.)
    /// </summary>
    /// <remarks><paramref name="townId"/>: as for <see cref="PreviewAsync"/>; the audit details name the town when several exist.</remarks>
    public async Task<StatusImportResult> CommitAsync(Stream stream, string fileName, ReportSource source, OperatorContext by,
        CancellationToken cancellationToken = default, int? townId = null)
    {
        string? townPhrase;
        StatusImportResult result;
        // The town is resolved on the connection the import matches and writes on (no connection of its own).
        await using (var connection = await connections.OpenAsync(cancellationToken))
        {
            var (town, joint, townProblem) = await TownRepository.ImportTownAsync(connection, null, townId, cancellationToken);
            townPhrase = town?.AuditPhrase(joint);
            result = town is null
                ? new StatusImportResult(null, 0, 0, 0, 0, [new ImportError(0, "町", townProblem!)], "")
                : await CommitFileAsync(stream, connection, fileName, source, by, town, joint, cancellationToken);
        }
        if (result.StatusImportId is null)
        {
            await new AuditRepository(connections, time).WriteAsync(by, AuditActions.ImportStatus, "file", Truncate(Path.GetFileName(fileName), 50),
                details: AuditDetails.Join(AuditDetails.Labelled("ファイル", Path.GetFileName(fileName)), townPhrase, source.Label(), $"文字コード {result.Encoding}",
                    AuditDetails.StatusImport(result), result.Errors.Count > 0 ? "エラーのため何も書き込んでいません" : "新しい行がないため何も書き込んでいません"),
                cancellationToken: cancellationToken);
        }
        return result;
    }

    private async Task<StatusImportResult> CommitFileAsync(Stream stream, DbConnection connection, string fileName, ReportSource source,
        OperatorContext by, Town town, bool joint, CancellationToken cancellationToken)
    {
        CheckSource(source);
        var file = await StatusListFile.ReadAsync(stream, MaxFileBytes, JapanTime.Today(time), cancellationToken);
        if (file.Errors.Count > 0)
        {
            return new StatusImportResult(null, 0, 0, 0, 0, file.Errors, file.Encoding);
        }
        var now = time.GetUtcNow().UtcDateTime;
        List<StatusImportPreviewRow> rows;
        RegisterStamp stamp;
        await using (var snapshot = await connections.BeginReadAsync(connection, cancellationToken))
        {
            stamp = await RegisterStamp.ReadAsync(connection, snapshot, cancellationToken);
            rows = await StatusListMatching.MatchAllAsync(connection, snapshot, file.Rows, source, town.TownId, Matched, cancellationToken);
            await snapshot.RollbackAsync(cancellationToken);
        }
        if (BeforeWrite is { } beforeWrite)
        {
            await beforeWrite();
        }
        await using var transaction = await connections.BeginWriteAsync(connection, cancellationToken);
        if (await RegisterStamp.ReadAsync(connection, transaction, cancellationToken) != stamp)
        {
            // Another import, a merge or a new provisional person since matching: match again, under the lock (rare).
            rows = await StatusListMatching.MatchAllAsync(connection, transaction, file.Rows, source, town.TownId, Matched, cancellationToken);
        }
        var fresh = rows.Where(r => !r.AlreadyImported).ToList();
        var already = rows.Count - fresh.Count;
        if (fresh.Count == 0)
        {
            await transaction.RollbackAsync(cancellationToken);
            return new StatusImportResult(null, 0, 0, already, 0, [], file.Encoding);
        }
        var matched = fresh.Count(r => r.State == StatusImportMatchState.Matched);
        var older = fresh.Count(r => r.OlderThanCurrent);
        var batchId = (int)await connection.ExecuteScalarAsync<long>(new CommandDefinition(connections.Dialect.Render(InsertBatchSql), new
        {
            FileName = Truncate(Path.GetFileName(fileName), 260),
            Sha256 = file.Sha256,
            Source = (byte)source,
            file.Encoding,
            TotalRows = rows.Count,
            MatchedRows = matched,
            QueuedRows = fresh.Count - matched,
            AlreadyImportedRows = already,
            UploadedByUserId = by.UserId,
            UploadedByName = by.UserName,
            Now = now,
            town.TownId,
        }, transaction, cancellationToken: cancellationToken));
        // The same commands for every line (reports, current statuses, queue rows): building and parsing a
        // 24-column INSERT per line would cost more than the insert itself.
        var policy = approval ?? Approvals.ApprovalPolicy.Default;
        var pendingApproval = 0;
        await using (var appender = new ReportRepository.Appender(connection, transaction, connections.Dialect, approval))
        await using (var insertRow = new PreparedCommand(connection, transaction, InsertRowSql, RowParameterNames))
        {
            foreach (var row in fresh)
            {
                long? reportId = null;
                if (row.Resident is { } resident)
                {
                    reportId = await appender.AppendAsync(Report(row.Row, resident.ResidentId, source, fileName, by), now, cancellationToken);
                    if (policy.Requires(row.Row.Status))
                    {
                        pendingApproval++;
                    }
                }
                await insertRow.Set(RowValues(batchId, row, reportId)).ExecuteAsync(cancellationToken);
            }
        }
        var result = new StatusImportResult(batchId, matched, fresh.Count - matched, already, older, [], file.Encoding)
        {
            PendingApproval = pendingApproval,
        };
        await AuditedWrite.AuditAsync(connection, transaction, by, now, AuditActions.ImportStatus, "status-import",
            batchId.ToString(CultureInfo.InvariantCulture), details: AuditDetails.Join(AuditDetails.Labelled("ファイル", Path.GetFileName(fileName)), town.AuditPhrase(joint), source.Label(), $"文字コード {file.Encoding}", AuditDetails.StatusImport(result)),
            cancellationToken: cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    /// <summary>Called after each line is matched with the number matched so far (tests observe what is locked meanwhile).</summary>
    internal Func<int, Task>? Matched { get; set; }

    /// <summary>Called after the file is matched, just before the write lock is taken (tests observe the order).</summary>
    internal Func<Task>? BeforeWrite { get; set; }

    private const string InsertBatchSql = """
        INSERT INTO StatusImports (FileName, FileSha256, Source, Encoding, TotalRows, MatchedRows, QueuedRows,
                                   AlreadyImportedRows, UploadedByUserId, UploadedByName, CommittedAt, TownId)
             VALUES (@FileName, @Sha256, @Source, @Encoding, @TotalRows, @MatchedRows, @QueuedRows,
                     @AlreadyImportedRows, @UploadedByUserId, @UploadedByName, @Now, @TownId);
        {last_id}
        """;

    private const string InsertRowSql = """
        INSERT INTO StatusImportRows (StatusImportId, Line, ImportKey, ResidentNo, FamilyName, GivenName, FamilyNameKana,
                                      GivenNameKana, BirthDate, Sex, District, Address, Status, WhereaboutsType,
                                      PrefectureCode, Municipality, Place, ContactPhone, ReportedAt, MatchState, Reason,
                                      CandidateIds, ResidentId, ReportId)
             VALUES (@StatusImportId, @Line, @ImportKey, @ResidentNo, @FamilyName, @GivenName, @FamilyNameKana,
                     @GivenNameKana, @BirthDate, @Sex, @District, @Address, @Status, @WhereaboutsType,
                     @PrefectureCode, @Municipality, @Place, @ContactPhone, @ReportedAt, @MatchState, @Reason,
                     @CandidateIds, @ResidentId, @ReportId)
        """;

    private static readonly string[] RowParameterNames =
    [
        "StatusImportId", "Line", "ImportKey", "ResidentNo", "FamilyName", "GivenName", "FamilyNameKana", "GivenNameKana",
        "BirthDate", "Sex", "District", "Address", "Status", "WhereaboutsType", "PrefectureCode", "Municipality", "Place",
        "ContactPhone", "ReportedAt", "MatchState", "Reason", "CandidateIds", "ResidentId", "ReportId",
    ];

    private static object?[] RowValues(int batchId, StatusImportPreviewRow row, long? reportId)
    {
        var r = row.Row;
        var w = r.Whereabouts;
        return
        [
            batchId, r.Line, row.ImportKey, r.ResidentNo, r.FamilyName, r.GivenName, r.FamilyNameKana, r.GivenNameKana,
            r.BirthDate, (byte)r.Sex, r.District, r.Address, (byte)r.Status, w is null ? null : (byte)w.Type, w?.PrefectureCode,
            w?.Municipality, w?.Place, w?.ContactPhone, r.ReportedAt, (byte)row.State, Truncate(row.Reason, 200),
            row.Candidates.Count == 0 ? null
                : string.Join(",", row.Candidates.Take(StatusListMatching.MaxCandidates).Select(c => c.ResidentId.ToString(CultureInfo.InvariantCulture))),
            row.Resident?.ResidentId, reportId,
        ];
    }

    private static NewSafetyReport Report(StatusListRow row, int residentId, ReportSource source, string fileName, OperatorContext by) =>
        new(residentId, row.Status, source, row.Whereabouts, Consent.NotAsked, null, null, by.UserId, row.ReportedAt,
            Truncate($"名簿取り込み: {Path.GetFileName(fileName)} {row.Line}行目", 2000));

    private static void CheckSource(ReportSource source)
    {
        if (source is not (ReportSource.ShelterList or ReportSource.Agency))
        {
            throw new ArgumentOutOfRangeException(nameof(source), source, "A status list comes from a shelter list or an agency.");
        }
    }

    private static string? Truncate(string? text, int max) => text is null || text.Length <= max ? text : text[..max];
}
