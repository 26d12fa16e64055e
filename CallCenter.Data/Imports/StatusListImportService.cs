using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CallCenter.Data.Audit;
using CallCenter.Data.Calls;
using CallCenter.Data.Common;
using CallCenter.Data.Database;
using CallCenter.Data.Reports;
using CallCenter.Data.Residents;
using Dapper;
using CallCenter.Data.Provisional;

namespace CallCenter.Data.Imports;

/// <summary>
/// Status lists from shelters and other offices (避難所名簿, 行政・他機関): each line is matched to a resident
/// and becomes a safety report; lines that match no one or several go to a review queue, where an operator
/// picks the person, creates a provisional one, or skips the line.
/// </summary>
/// <remarks>
/// <para>Matching: by 住民番号 when the line has one (and its reading agrees with the register), else the
/// register-matching patterns of Ishinomaki's evacuee tool, in order, accepting only a unique hit:
/// (1) the reading (family + given, the same loose key as search), (2) birth date + sex + area,
/// (3) reading + birth date, (4) reading + area. "Area" is the person's home in the town: the list's
/// optional 行政区 or 住所 column against the register's District or Address (normalized as names are);
/// a list's 都道府県/市区町村/避難先 say where the person is now, not who they are, and are never used to
/// match. A unique hit that contradicts the line (another birth date or sex) is not accepted.</para>
/// <para>Every look-up is an indexed equality (ResidentNo, KanaKey, BirthDate), so a 1,000-line list
/// costs a few thousand index reads whatever the size of the register.</para>
/// <para>Idempotent: every line is stored with a key of its normalized content and source, unique in the
/// database, so the same line imported again (the same file twice, or an overlapping list) is counted as
/// "already imported" and writes nothing.</para>
/// </remarks>
public sealed class StatusListImportService(ConnectionFactory connections, TimeProvider time, Approvals.ApprovalPolicy? approval = null)
{
    /// <summary>The largest file accepted (50 MB).</summary>
    public const long MaxFileBytes = 50L * 1024 * 1024;

    /// <summary>The most candidates kept for a line in the review queue.</summary>
    public const int MaxCandidates = 10;

    /// <summary>Reads the file and shows how it would be applied. Writes nothing.</summary>
    public async Task<StatusImportPreview> PreviewAsync(Stream stream, string fileName, ReportSource source, CancellationToken cancellationToken = default)
    {
        CheckSource(source);
        var file = await ParseAsync(stream, cancellationToken);
        if (file.Errors.Count > 0)
        {
            return new StatusImportPreview(fileName, source, file.Encoding, file.Sha256, [], file.Errors, null);
        }
        // One read snapshot, never the write lock: a preview of a big list blocks no operator's save.
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var snapshot = await connections.BeginReadAsync(connection, cancellationToken);
        var rows = await MatchAllAsync(connection, snapshot, file.Rows, source, cancellationToken);
        var importedAt = await connection.ExecuteScalarAsync<DateTime?>(new CommandDefinition(
            FileImportedAtSql, new { Sha256 = file.Sha256 }, snapshot, cancellationToken: cancellationToken));
        await snapshot.RollbackAsync(cancellationToken);
        return new StatusImportPreview(fileName, source, file.Encoding, file.Sha256, rows, [], importedAt);
    }

    private const string FileImportedAtSql = """
        SELECT MAX(CommittedAt)
          FROM StatusImports
         WHERE FileSha256 = @Sha256
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
    public async Task<StatusImportResult> CommitAsync(Stream stream, string fileName, ReportSource source, OperatorContext by,
        CancellationToken cancellationToken = default)
    {
        var result = await CommitFileAsync(stream, fileName, source, by, cancellationToken);
        if (result.StatusImportId is null)
        {
            await using var connection = await connections.OpenAsync(cancellationToken);
            await AuditRepository.WriteAsync(connection, null, new AuditEntry
            {
                OccurredAt = time.GetUtcNow().UtcDateTime, UserId = by.UserId, UserName = by.UserName, Site = by.Site,
                Action = AuditActions.ImportStatus, TargetType = "file", TargetId = Truncate(Path.GetFileName(fileName), 50),
                Details = $"{Path.GetFileName(fileName)}; {source.Label()}; {result.Encoding}; {result.Summary}; "
                          + (result.Errors.Count > 0 ? "refused: nothing written" : "nothing new: nothing written"),
            }, cancellationToken);
        }
        return result;
    }

    private async Task<StatusImportResult> CommitFileAsync(Stream stream, string fileName, ReportSource source, OperatorContext by,
        CancellationToken cancellationToken)
    {
        CheckSource(source);
        var file = await ParseAsync(stream, cancellationToken);
        if (file.Errors.Count > 0)
        {
            return new StatusImportResult(null, 0, 0, 0, 0, file.Errors, file.Encoding);
        }
        var now = time.GetUtcNow().UtcDateTime;
        await using var connection = await connections.OpenAsync(cancellationToken);
        List<StatusImportPreviewRow> rows;
        RegisterStamp stamp;
        await using (var snapshot = await connections.BeginReadAsync(connection, cancellationToken))
        {
            stamp = await RegisterStamp.ReadAsync(connection, snapshot, cancellationToken);
            rows = await MatchAllAsync(connection, snapshot, file.Rows, source, cancellationToken);
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
            rows = await MatchAllAsync(connection, transaction, file.Rows, source, cancellationToken);
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
        await AuditRepository.WriteAsync(connection, transaction, new AuditEntry
        {
            OccurredAt = now, UserId = by.UserId, UserName = by.UserName, Site = by.Site, Action = AuditActions.ImportStatus,
            TargetType = "status-import", TargetId = batchId.ToString(CultureInfo.InvariantCulture),
            Details = $"{Path.GetFileName(fileName)}; {source.Label()}; {file.Encoding}; {result.Summary}",
        }, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    /// <summary>Called after each line is matched with the number matched so far (tests observe what is locked meanwhile).</summary>
    internal Func<int, Task>? Matched { get; set; }

    /// <summary>Called after the file is matched, just before the write lock is taken (tests observe the order).</summary>
    internal Func<Task>? BeforeWrite { get; set; }

    private const string InsertBatchSql = """
        INSERT INTO StatusImports (FileName, FileSha256, Source, Encoding, TotalRows, MatchedRows, QueuedRows,
                                   AlreadyImportedRows, UploadedByUserId, UploadedByName, CommittedAt)
             VALUES (@FileName, @Sha256, @Source, @Encoding, @TotalRows, @MatchedRows, @QueuedRows,
                     @AlreadyImportedRows, @UploadedByUserId, @UploadedByName, @Now);
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
                : string.Join(",", row.Candidates.Take(MaxCandidates).Select(c => c.ResidentId.ToString(CultureInfo.InvariantCulture))),
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

    // ---- Parsing -------------------------------------------------------------------------------------------

    private sealed record ParsedFile(IReadOnlyList<StatusListRow> Rows, IReadOnlyList<ImportError> Errors, string Encoding, string Sha256);

    /// <summary>Reads the whole file (at most <see cref="MaxFileBytes"/>) and validates every line.</summary>
    private async Task<ParsedFile> ParseAsync(Stream stream, CancellationToken cancellationToken)
    {
        Stream seekable;
        if (stream.CanSeek)
        {
            if (stream.Length - stream.Position > MaxFileBytes)
            {
                return TooLarge();
            }
            seekable = stream;
        }
        else
        {
            // Copy at most one byte past the limit, so an endless upload is cut off, not buffered.
            var copy = new MemoryStream();
            var buffer = new byte[1 << 16];
            int read;
            while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
            {
                copy.Write(buffer, 0, read);
                if (copy.Length > MaxFileBytes)
                {
                    return TooLarge();
                }
            }
            copy.Position = 0;
            seekable = copy;
        }
        var start = seekable.Position;
        var sha = Convert.ToHexString(await SHA256.HashDataAsync(seekable, cancellationToken));
        seekable.Position = start;
        if (seekable.Length - start == 0)
        {
            return new ParsedFile([], [new ImportError(0, "ファイル", "ファイルが空です")], "", sha);
        }
        var slice = start == 0 ? seekable : new MemoryStream(ReadRest(seekable));
        if (TextEncodingDetector.Refuse(slice) is { } refusal)
        {
            return new ParsedFile([], [new ImportError(0, "文字コード", refusal.Message)], refusal.Name, sha);
        }
        var encoding = TextEncodingDetector.Detect(slice);
        var encodingName = TextEncodingDetector.Name(encoding);
        using var text = new StreamReader(slice, encoding, detectEncodingFromByteOrderMarks: false, bufferSize: 1 << 16, leaveOpen: true);
        var csv = new CsvRecordReader(text);
        var errors = new List<ImportError>();
        var rows = new List<StatusListRow>();

        List<string>? header;
        try
        {
            header = csv.Read();
        }
        catch (Exception e) when (e is CsvFormatException or DecoderFallbackException)
        {
            return new ParsedFile([], [ReadError(e, csv, encodingName)], encodingName, sha);
        }
        if (header is null || header.All(string.IsNullOrWhiteSpace))
        {
            return new ParsedFile([], [new ImportError(0, "ファイル", "見出し行がありません（ファイルが空です）")], encodingName, sha);
        }
        var parser = StatusListParser.FromHeader(header, JapanTime.Today(time), errors);
        if (parser is null)
        {
            return new ParsedFile([], errors, encodingName, sha);
        }
        while (true)
        {
            List<string>? record;
            try
            {
                record = csv.Read();
            }
            catch (Exception e) when (e is CsvFormatException or DecoderFallbackException)
            {
                errors.Add(ReadError(e, csv, encodingName));
                break;
            }
            if (record is null)
            {
                break;
            }
            if (record.All(f => f.Trim(' ', '\t', '\u3000').Length == 0))
            {
                continue; // blank line, or a row Excel left as commas only
            }
            var row = parser.Parse(record, csv.RecordLine, errors);
            if (row is not null)
            {
                rows.Add(row);
            }
        }
        if (rows.Count == 0 && errors.Count == 0)
        {
            errors.Add(new ImportError(0, "ファイル", "データ行がありません"));
        }
        return new ParsedFile(errors.Count > 0 ? [] : rows, errors, encodingName, sha);

        ParsedFile TooLarge() => new([], [new ImportError(0, "ファイル",
            $"ファイルが大きすぎます（{MaxFileBytes / 1024 / 1024} MB まで）。分けて取り込んでください")], "", "");
    }

    private static byte[] ReadRest(Stream stream)
    {
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static ImportError ReadError(Exception e, CsvRecordReader csv, string encodingName) => e switch
    {
        TextDecodingException d => new ImportError(d.Line, "文字コード", d.Reason),
        CsvFormatException f => new ImportError(f.Line, "CSV", f.Message),
        _ => new ImportError(Math.Max(csv.RecordLine, 1), "文字コード",
            $"{encodingName}として読めない文字があります（{Math.Max(csv.RecordLine, 1)}行目付近）。UTF-8 か Shift_JIS (CP932) で保存してください"),
    };

    // ---- Matching ------------------------------------------------------------------------------------------

    private const string ImportedKeySql = """
        SELECT COUNT(*)
          FROM StatusImportRows
         WHERE ImportKey = @ImportKey
        """;

    private async Task<List<StatusImportPreviewRow>> MatchAllAsync(DbConnection connection, DbTransaction? transaction,
        IReadOnlyList<StatusListRow> rows, ReportSource source, CancellationToken cancellationToken)
    {
        // The same few commands for every line: building and parsing each look-up anew cost more than the look-up.
        await using var matcher = new Matcher(connection, transaction, cancellationToken);
        await using var imported = new PreparedCommand(connection, transaction, ImportedKeySql, "ImportKey");
        var inFile = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<StatusImportPreviewRow>(rows.Count);
        foreach (var row in rows)
        {
            var key = row.ImportKey(source);
            // A line repeated in the same file, or imported before, is the same statement: it is counted, not written.
            var already = !inFile.Add(key) || await imported.Set(key).ExecuteScalarInt64Async(cancellationToken) > 0;
            var (state, reason, candidates) = await matcher.MatchAsync(row);
            result.Add(new StatusImportPreviewRow(row, state, reason, candidates, already) { ImportKey = key });
            if (Matched is { } matched)
            {
                await matched(result.Count);
            }
        }
        return result;
    }

    /// <summary>The register-matching patterns, as indexed equality look-ups.</summary>
    private sealed class Matcher(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
        : IAsyncDisposable
    {
        private readonly PreparedCommand findByNumber = new(connection, transaction, ByNumberSql, "ResidentNo");
        private readonly PreparedCommand findByKana = new(connection, transaction, ByKanaSql, "KanaKey");
        private readonly PreparedCommand findByBirthDateSex = new(connection, transaction, ByBirthDateSexSql, "BirthDate", "Sex");

        public async Task<(StatusImportMatchState, string?, IReadOnlyList<StatusImportCandidate>)> MatchAsync(StatusListRow row)
        {
            if (row.ResidentNo is { } number)
            {
                var numbered = await QueryAsync(findByNumber.Set(number));
                if (numbered.Count == 1)
                {
                    var resident = numbered[0];
                    if (resident.KanaKey != row.KanaKey)
                    {
                        return (StatusImportMatchState.Ambiguous, "住民番号と氏名が一致しない", numbered);
                    }
                    var conflict = Contradiction(row, resident);
                    return conflict is null
                        ? (StatusImportMatchState.Matched, null, numbered)
                        : (StatusImportMatchState.Ambiguous, $"住民番号と{conflict}", numbered);
                }
                // A number that is not in the register may be a typo: show who the patterns find, apply nothing.
                var (_, _, found) = await PatternsAsync(row);
                return (found.Count == 0 ? StatusImportMatchState.Unmatched : StatusImportMatchState.Ambiguous,
                    $"住民番号 {number} は住民登録にありません", found);
            }
            return await PatternsAsync(row);
        }

        private async Task<(StatusImportMatchState, string?, IReadOnlyList<StatusImportCandidate>)> PatternsAsync(StatusListRow row)
        {
            var candidates = new List<StatusImportCandidate>();
            string? reason = null;
            var kanaKey = row.KanaKey;
            var byKana = kanaKey.Length == 0 ? new List<StatusImportCandidate>() : await QueryAsync(findByKana.Set(kanaKey));
            var hasArea = row.District is not null || row.Address is not null;
            var byBirth = row.BirthDate is { } birth && row.Sex != Sex.Unknown && hasArea
                ? (await QueryAsync(findByBirthDateSex.Set(birth, (byte)row.Sex))).Where(r => AreaMatches(row, r)).ToList()
                : null;
            var patterns = new List<List<StatusImportCandidate>?>
            {
                byKana,                                                                              // (1) reading
                byBirth,                                                                             // (2) birth date + sex + area
                row.BirthDate is { } b ? byKana.Where(r => r.BirthDate == b).ToList() : null,        // (3) reading + birth date
                hasArea ? byKana.Where(r => AreaMatches(row, r)).ToList() : null,                    // (4) reading + area
            };
            foreach (var hits in patterns)
            {
                if (hits is null)
                {
                    continue;
                }
                if (hits.Count == 1)
                {
                    var hit = hits[0];
                    // A unique hit is taken only when it agrees with what earlier patterns found and with the line.
                    var agreesWithEarlier = candidates.Count == 0 || candidates.Any(c => c.ResidentId == hit.ResidentId);
                    var conflict = Contradiction(row, hit);
                    if (agreesWithEarlier && conflict is null)
                    {
                        return (StatusImportMatchState.Matched, null, hits);
                    }
                    reason ??= conflict is not null ? $"氏名は一致するが{conflict}" : null;
                }
                foreach (var hit in hits)
                {
                    if (candidates.All(c => c.ResidentId != hit.ResidentId))
                    {
                        candidates.Add(hit);
                    }
                }
            }
            if (candidates.Count == 0)
            {
                return (StatusImportMatchState.Unmatched, "該当する住民が見つかりません", []);
            }
            return (StatusImportMatchState.Ambiguous, reason ?? $"候補が{candidates.Count}人います", candidates.Take(MaxCandidates).ToList());
        }

        private static string? Contradiction(StatusListRow row, StatusImportCandidate resident)
        {
            if (row.BirthDate is { } b && resident.BirthDate is { } rb && b != rb)
            {
                return "生年月日が一致しない";
            }
            if (row.Sex != Sex.Unknown && resident.Sex != Sex.Unknown && row.Sex != resident.Sex)
            {
                return "性別が一致しない";
            }
            return null;
        }

        private static bool AreaMatches(StatusListRow row, StatusImportCandidate resident) =>
            (row.District is not null && resident.District is not null && NameKey.Kanji(row.District) == NameKey.Kanji(resident.District))
            || (row.Address is not null && resident.Address is not null && NameKey.Kanji(row.Address) == NameKey.Kanji(resident.Address));

        private async Task<List<StatusImportCandidate>> QueryAsync(PreparedCommand command)
        {
            await using var reader = await command.ReaderAsync(cancellationToken);
            var candidates = new List<StatusImportCandidate>();
            var parse = reader.GetRowParser<StatusImportCandidate>();
            while (await reader.ReadAsync(cancellationToken))
            {
                candidates.Add(parse(reader));
            }
            return candidates;
        }

        public async ValueTask DisposeAsync()
        {
            await findByNumber.DisposeAsync();
            await findByKana.DisposeAsync();
            await findByBirthDateSex.DisposeAsync();
        }
    }

    private const string CandidateColumns = """
        ResidentId, ResidentNo, FamilyName, GivenName, FamilyNameKana, GivenNameKana, BirthDate, Sex, District,
               Address, IsProvisional, Status, StatusReportedAt, KanaKey
        """;

    private const string ByNumberSql = $"""
        SELECT {CandidateColumns}
          FROM Residents
         WHERE ResidentNo = @ResidentNo
           AND MergedIntoResidentId IS NULL
        """;

    private const string ByKanaSql = $"""
        SELECT {CandidateColumns}
          FROM Residents
         WHERE KanaKey = @KanaKey
           AND MergedIntoResidentId IS NULL
        """;

    private const string ByBirthDateSexSql = $"""
        SELECT {CandidateColumns}
          FROM Residents
         WHERE BirthDate = @BirthDate
           AND Sex = @Sex
           AND MergedIntoResidentId IS NULL
        """;

    private const string ByIdSql = $"""
        SELECT {CandidateColumns}
          FROM Residents
         WHERE ResidentId = @ResidentId
        """;

    // ---- Review queue --------------------------------------------------------------------------------------

    private const string QueueColumns = """
        r.StatusImportRowId, r.StatusImportId, i.FileName, i.Source, r.Line, r.ResidentNo, r.FamilyName, r.GivenName,
               r.FamilyNameKana, r.GivenNameKana, r.BirthDate, r.Sex, r.District, r.Address, r.Status, r.WhereaboutsType,
               r.PrefectureCode, r.Municipality, r.Place, r.ContactPhone, r.ReportedAt, r.MatchState, r.Reason,
               r.CandidateIds, i.CommittedAt
        """;

    private const string PendingSql = $"""
          SELECT {QueueColumns}
            FROM StatusImportRows r
            JOIN StatusImports i ON i.StatusImportId = r.StatusImportId
           WHERE r.MatchState IN (2, 3)
        ORDER BY r.StatusImportRowId
        {"{page}"}
        """;

    /// <summary>Lines waiting for review, oldest first, with their candidates.</summary>
    public async Task<IReadOnlyList<StatusImportQueueItem>> PendingAsync(int skip = 0, int take = 50, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var items = (await connection.QueryAsync<StatusImportQueueItem>(new CommandDefinition(connections.Dialect.Render(PendingSql),
            new { Skip = Math.Max(0, skip), Take = Math.Clamp(take, 1, 500) }, cancellationToken: cancellationToken))).AsList();
        // One look-up command for the page's candidates (up to ten per line), not one built per candidate.
        await using var byId = new PreparedCommand(connection, null, ByIdSql, "ResidentId");
        var result = new List<StatusImportQueueItem>(items.Count);
        foreach (var item in items)
        {
            result.Add(item with { Candidates = await CandidatesAsync(byId, item.CandidateIds, cancellationToken) });
        }
        return result;
    }

    private const string CountPendingSql = """
        SELECT COUNT(*)
          FROM StatusImportRows
         WHERE MatchState IN (2, 3)
        """;

    /// <summary>How many lines wait for review.</summary>
    public async Task<int> CountPendingAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return (int)await connection.ExecuteScalarAsync<long>(new CommandDefinition(CountPendingSql, cancellationToken: cancellationToken));
    }

    private const string QueueItemSql = $"""
        SELECT {QueueColumns}
          FROM StatusImportRows r
          JOIN StatusImports i ON i.StatusImportId = r.StatusImportId
         WHERE r.StatusImportRowId = @RowId
        """;

    /// <summary>One queue line by id (in any state), or null.</summary>
    public async Task<StatusImportQueueItem?> GetAsync(int rowId, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var item = await connection.QuerySingleOrDefaultAsync<StatusImportQueueItem>(new CommandDefinition(
            QueueItemSql, new { RowId = rowId }, cancellationToken: cancellationToken));
        if (item is null)
        {
            return null;
        }
        await using var byId = new PreparedCommand(connection, null, ByIdSql, "ResidentId");
        return item with { Candidates = await CandidatesAsync(byId, item.CandidateIds, cancellationToken) };
    }

    private static async Task<IReadOnlyList<StatusImportCandidate>> CandidatesAsync(PreparedCommand byId, string? ids,
        CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(ids))
        {
            return [];
        }
        var list = new List<StatusImportCandidate>();
        foreach (var id in ids.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            await using var reader = await byId.Set(int.Parse(id, CultureInfo.InvariantCulture)).ReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                list.Add(reader.GetRowParser<StatusImportCandidate>()(reader));
            }
        }
        return list;
    }

    private const string CloseRowSql = """
        UPDATE StatusImportRows
           SET MatchState = @MatchState, ResidentId = @ResidentId, ResolvedByUserId = @UserId,
               ResolvedByName = @UserName, ResolvedAt = @Now, SkipReason = @SkipReason
         WHERE StatusImportRowId = @RowId
           AND MatchState IN (2, 3)
        """;

    private const string TargetSql = """
        SELECT IsProvisional, MergedIntoResidentId
          FROM Residents
         WHERE ResidentId = @ResidentId
        """;

    /// <summary>An operator chose the person a queued line is about: the report is written. Returns null or the reason it cannot.</summary>
    public async Task<string?> ResolveAsync(int rowId, int residentId, OperatorContext by, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var transaction = await connections.BeginWriteAsync(connection, cancellationToken);
        var (item, problem) = await PendingItemAsync(connection, transaction, rowId, cancellationToken);
        if (item is null)
        {
            return problem;
        }
        var target = await connection.QuerySingleOrDefaultAsync<TargetRow>(new CommandDefinition(
            TargetSql, new { ResidentId = residentId }, transaction, cancellationToken: cancellationToken));
        if (target is null)
        {
            return "選んだ人は見つかりません。画面を開き直してください。";
        }
        if (target.MergedIntoResidentId is not null)
        {
            return "選んだ仮登録者は住民に統合されています。統合先の住民を選んでください。";
        }
        if (!await WriteAndCloseAsync(connection, transaction, item, residentId, StatusImportMatchState.Resolved, by, now, cancellationToken))
        {
            return AlreadyHandled;
        }
        await transaction.CommitAsync(cancellationToken);
        return null;
    }

    /// <summary>
    /// Creates a provisional person (仮登録) from a queued line and writes the report on them. Returns the new
    /// person's number, or the reason it cannot.
    /// </summary>
    public async Task<(string? ResidentNo, string? Problem)> CreateProvisionalAsync(int rowId, OperatorContext by, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var transaction = await connections.BeginWriteAsync(connection, cancellationToken);
        var (item, problem) = await PendingItemAsync(connection, transaction, rowId, cancellationToken);
        if (item is null)
        {
            return (null, problem);
        }
        var (residentId, residentNo) = await ProvisionalPersonService.InsertAsync(connection, transaction, connections.Dialect,
            item.FamilyName, item.GivenName, item.FamilyNameKana, item.GivenNameKana, item.BirthDate, item.Sex, null, now, cancellationToken);
        await AuditRepository.WriteAsync(connection, transaction, new AuditEntry
        {
            OccurredAt = now, UserId = by.UserId, UserName = by.UserName, Site = by.Site, Action = AuditActions.CreateProvisional,
            TargetType = "resident", TargetId = residentNo, ResidentId = residentId,
            Details = $"名簿取り込み: {item.FileName} {item.Line}行目",
        }, cancellationToken);
        if (!await WriteAndCloseAsync(connection, transaction, item, residentId, StatusImportMatchState.Provisional, by, now, cancellationToken))
        {
            return (null, AlreadyHandled);
        }
        await transaction.CommitAsync(cancellationToken);
        return (residentNo, null);
    }

    /// <summary>Takes a queued line out of the queue without a report. Returns null or the reason it cannot.</summary>
    public async Task<string?> SkipAsync(int rowId, string? reason, OperatorContext by, CancellationToken cancellationToken = default)
    {
        if (TextSafety.FieldProblem("見送りの理由", reason) is { } unsafeText)
        {
            return unsafeText;
        }
        var now = time.GetUtcNow().UtcDateTime;
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var transaction = await connections.BeginWriteAsync(connection, cancellationToken);
        var (item, problem) = await PendingItemAsync(connection, transaction, rowId, cancellationToken);
        if (item is null)
        {
            return problem;
        }
        var text = Truncate(string.IsNullOrWhiteSpace(reason) ? null : reason.Trim(), 200);
        if (await connection.ExecuteAsync(new CommandDefinition(CloseRowSql, new
            {
                MatchState = (byte)StatusImportMatchState.Skipped, ResidentId = (int?)null, by.UserId, by.UserName, Now = now,
                SkipReason = text, RowId = rowId,
            }, transaction, cancellationToken: cancellationToken)) != 1)
        {
            return AlreadyHandled;
        }
        await AuditRepository.WriteAsync(connection, transaction, new AuditEntry
        {
            OccurredAt = now, UserId = by.UserId, UserName = by.UserName, Site = by.Site, Action = AuditActions.SkipStatusImport,
            TargetType = "status-import-row", TargetId = rowId.ToString(CultureInfo.InvariantCulture),
            Details = $"{item.FileName} {item.Line}行目; {text}",
        }, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return null;
    }

    private static async Task<(StatusImportQueueItem? Item, string? Problem)> PendingItemAsync(DbConnection connection, DbTransaction transaction,
        int rowId, CancellationToken cancellationToken)
    {
        var item = await connection.QuerySingleOrDefaultAsync<StatusImportQueueItem>(new CommandDefinition(
            QueueItemSql, new { RowId = rowId }, transaction, cancellationToken: cancellationToken));
        if (item is null)
        {
            return (null, "この行は見つかりません。画面を開き直してください。");
        }
        if (!item.MatchState.IsPending())
        {
            return (null, $"この行は処理済みです（{item.MatchState.Label()}）。画面を開き直してください。");
        }
        return (item, null);
    }

    private const string AlreadyHandled = "この行は他の人が処理しました。画面を開き直してください。";

    private const string SetReportSql = """
        UPDATE StatusImportRows
           SET ReportId = @ReportId
         WHERE StatusImportRowId = @RowId
        """;

    private sealed class TargetRow
    {
        public bool IsProvisional { get; init; }
        public int? MergedIntoResidentId { get; init; }
    }

    // Closes the line first (only while it is still pending, so two operators cannot both apply it), then
    // writes the report and links it.
    private async Task<bool> WriteAndCloseAsync(DbConnection connection, DbTransaction transaction, StatusImportQueueItem item, int residentId,
        StatusImportMatchState state, OperatorContext by, DateTime now, CancellationToken cancellationToken)
    {
        if (await connection.ExecuteAsync(new CommandDefinition(CloseRowSql, new
            {
                MatchState = (byte)state, ResidentId = (int?)residentId, by.UserId, by.UserName, Now = now,
                SkipReason = (string?)null, RowId = item.StatusImportRowId,
            }, transaction, cancellationToken: cancellationToken)) != 1)
        {
            return false;
        }
        var whereabouts = item.WhereaboutsType is { } type
            ? new Whereabouts(type, item.PrefectureCode, item.Municipality, item.Place, item.ContactPhone)
            : null;
        var reportId = await ReportRepository.AppendAsync(connection, transaction, connections.Dialect, new NewSafetyReport(
            residentId, item.Status, item.Source, whereabouts, Consent.NotAsked, null, null, by.UserId, item.ReportedAt,
            Truncate($"名簿取り込み: {item.FileName} {item.Line}行目", 2000)), now, cancellationToken, approval);
        await connection.ExecuteAsync(new CommandDefinition(SetReportSql, new { ReportId = reportId, RowId = item.StatusImportRowId },
            transaction, cancellationToken: cancellationToken));
        await AuditRepository.WriteAsync(connection, transaction, new AuditEntry
        {
            OccurredAt = now, UserId = by.UserId, UserName = by.UserName, Site = by.Site, Action = AuditActions.ResolveStatusImport,
            TargetType = "status-import-row", TargetId = item.StatusImportRowId.ToString(CultureInfo.InvariantCulture), ResidentId = residentId,
            Details = $"{item.FileName} {item.Line}行目; {state.Label()}; report {reportId}",
        }, cancellationToken);
        return true;
    }
}
