using System.Data.Common;
using System.Globalization;
using CallCenter.Data.Audit;
using CallCenter.Data.Calls;
using CallCenter.Data.Common;
using CallCenter.Data.Database;
using CallCenter.Data.Imports;
using CallCenter.Data.Towns;
using Dapper;

namespace CallCenter.Data.Intentions;

/// <summary>
/// Imports intention answers from a CSV file (postal returns) into a round, all or nothing. The file is read twice,
/// streaming: first to check every line (numbers resolved through in-memory look-ups of the register's households and,
/// when the file names residents, residents), then, only when no line is wrong, to write inside one write transaction
/// with prepared statements. A round that does not exist is created (not in a dry run). Rules: lines apply in file
/// order with the latest-answer rule (a later answer date counts; on the same date the later line); an answer identical
/// to one already recorded for the household, round and date (every field equal) is not written again (unchanged); an
/// earlier-dated, different answer is kept in the history and counted unchanged. One audit row per import.
/// </summary>
public sealed class IntentionImportService(ConnectionFactory connections, TimeProvider time, GroupCommitWriter? writer = null)
{
    /// <summary>How many lines the result's preview keeps.</summary>
    public const int PreviewLines = 20;

    /// <summary>Imports a file by path (the command line).</summary>
    public async Task<IntentionImportResult> ImportFileAsync(string path, string roundName, bool dryRun, OperatorContext by,
        CancellationToken cancellationToken = default, int? townId = null)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        return await ImportAsync(stream, Path.GetFileName(path), roundName, dryRun, by, cancellationToken, townId);
    }

    /// <summary>
    /// Checks and (unless <paramref name="dryRun"/>) imports a seekable stream positioned at its start. The audit row
    /// names the file, the round and the counts. <paramref name="townId"/>: the town whose 世帯番号/住民番号 the file uses
    /// (numbers are unique within a town only); null means the only town, refused with a Japanese error when several
    /// towns exist. The audit row names the town when several exist.
    /// </summary>
    public async Task<IntentionImportResult> ImportAsync(Stream stream, string fileName, string roundName, bool dryRun, OperatorContext by,
        CancellationToken cancellationToken = default, int? townId = null)
    {
        if (!stream.CanSeek)
        {
            throw new ArgumentException("The intention import reads its file twice: give it a seekable stream (a file).", nameof(stream));
        }
        var now = time.GetUtcNow().UtcDateTime;
        var today = DateOnly.FromDateTime(JapanTime.FromUtc(now));
        var name = roundName.Trim();
        IntentionImportResult result;
        // The town is resolved on the connection the check pass reads with (no connection of its own).
        await using (var connection = await connections.OpenAsync(cancellationToken))
        {
            var (town, joint, townProblem) = await TownRepository.ImportTownAsync(connection, null, townId, cancellationToken);
            result = town is null
                ? Refused([new ImportError(0, "町", townProblem!)], "", name, false)
                : await RunAsync(stream, connection, name, dryRun, by, now, today, fileName, town.TownId, town.AuditPhrase(joint), cancellationToken);
        }
        if (!result.Committed)
        {
            // A refused or checked-only import writes nothing but its audit row (the committed one wrote it in its transaction).
            await new AuditRepository(connections, time, writer).WriteAsync(by, AuditActions.ImportIntentions, "file", fileName,
                details: Details(fileName, result), cancellationToken: cancellationToken);
        }
        return result;
    }

    private async Task<IntentionImportResult> RunAsync(Stream stream, DbConnection connection, string roundName, bool dryRun, OperatorContext by,
        DateTime now, DateOnly today, string fileName, int townId, string? townPhrase, CancellationToken cancellationToken)
    {
        var result = await RunInTownAsync(stream, connection, roundName, dryRun, by, now, today, fileName, townId, townPhrase, cancellationToken);
        return result with { TownPhrase = townPhrase };
    }

    // connection: the caller's read connection (no transaction), for the check pass and a dry run; the import writes on its own.
    private async Task<IntentionImportResult> RunInTownAsync(Stream stream, DbConnection connection, string roundName, bool dryRun, OperatorContext by,
        DateTime now, DateOnly today, string fileName, int townId, string? townPhrase, CancellationToken cancellationToken)
    {
        List<ImportError> errors = [];
        if (SurveyRounds.NameProblem(roundName) is { } nameProblem)
        {
            return Refused([new ImportError(0, "回答ラウンド", nameProblem.TrimEnd('。'))], "", roundName, false);
        }
        var start = stream.Position;
        var round = await SurveyRounds.FindAsync(connection, null, roundName, cancellationToken);
        if (round is { IsOpen: false })
        {
            return Refused([new ImportError(0, "回答ラウンド", $"回答ラウンド「{roundName}」は締め切られています（取り込むには再開してください）")], "", roundName, false);
        }
        // Check pass: every line parsed and resolved; nothing kept but the problems.
        var check = await ReadAsync(stream, connection, today, townId, null, errors, (_, _, _) => Task.CompletedTask, cancellationToken);
        if (check is null)
        {
            return Refused(errors, "", roundName, round is null);
        }
        var (lookups, encoding, lines) = check.Value;
        if (errors.Count > 0)
        {
            return Refused(errors, encoding, roundName, round is null);
        }

        stream.Position = start;
        if (dryRun)
        {
            var plan = await Plan.LoadAsync(connection, null, round?.RoundId, cancellationToken);
            await ReadAsync(stream, connection, today, townId, lookups, errors, (answer, householdNo, line) =>
            {
                plan.Apply(answer, householdNo, line);
                return Task.CompletedTask;
            }, cancellationToken);
            return plan.Result(errors, true, encoding, roundName, round is null);
        }

        await using var write = await AuditedWrite.BeginAsync(connections, now, by, cancellationToken);
        var roundId = round?.RoundId ?? await SurveyRounds.CreateAsync(write, connections.Dialect, roundName, cancellationToken);
        var state = await Plan.LoadAsync(write.Connection, write.Transaction, round?.RoundId, cancellationToken);
        var bulk = IsBulk(lines, state.Counted);
        if (bulk)
        {
            await IntentionSummaries.PauseCountsAsync(write.Connection, write.Transaction, cancellationToken);
        }
        await using (var appender = new IntentionAnswers.Appender(write.Connection, write.Transaction, connections.Dialect))
        {
            await ReadAsync(stream, write.Connection, today, townId, lookups, errors, async (answer, householdNo, line) =>
            {
                var placed = answer with { RoundId = roundId };
                if (state.Apply(placed, householdNo, line) is { } counting)
                {
                    await appender.AppendAsync(placed, counting.Date, now, by.UserId, cancellationToken);
                }
            }, cancellationToken);
        }
        if (bulk && errors.Count == 0)
        {
            await IntentionSummaries.RecountRoundAsync(write.Connection, write.Transaction, connections.Dialect, roundId, cancellationToken);
            await IntentionSummaries.ResumeCountsAsync(write.Connection, write.Transaction, cancellationToken);
        }
        var result = state.Result(errors, false, encoding, roundName, round is null) with { TownPhrase = townPhrase };
        if (errors.Count > 0)
        {
            // The file changed between the passes: nothing is written.
            await write.RollbackAsync();
            return result with { Answered = 0, Updated = 0, Unchanged = 0 };
        }
        await write.AuditAsync(AuditActions.ImportIntentions, "file", fileName, details: Details(fileName, result));
        await write.CommitAsync();
        return result;
    }

    /// <summary>
    /// Whether an import of <paramref name="lines"/> lines into a round with <paramref name="counted"/> households
    /// answered writes with the count triggers held off and recounts the round afterwards: a trigger costs each line
    /// about twenty times what recounting costs each counted household, so from about a twentieth of the round (and a
    /// thousand lines, below which neither matters) the recount is the cheaper way to the same exact counts.
    /// </summary>
    public static bool IsBulk(int lines, int counted) => lines >= 1_000 && lines * 20L >= counted;

    private static IntentionImportResult Refused(List<ImportError> errors, string encoding, string roundName, bool roundNew) =>
        new(0, 0, 0, errors, false, encoding, roundName, roundNew, []);

    /// <summary>The import's audit row: 「ファイル postal.csv・回答ラウンド 2026年度（新規作成）・新規 120・更新 3・変更なし 2」.</summary>
    public static string Details(string fileName, IntentionImportResult result) => AuditDetails.Join(
        $"ファイル {fileName}",
        result.TownPhrase,
        $"回答ラウンド {result.RoundName}{(result.RoundCreated ? "（新規作成）" : "")}",
        result.Encoding.Length > 0 ? $"文字コード {result.Encoding}" : null,
        result.Errors.Count > 0 ? $"エラー {result.Errors.Count}件のため取込なし" : null,
        result.Errors.Count == 0 ? $"新規 {result.Answered}・更新 {result.Updated}・変更なし {result.Unchanged}" : null,
        result.DryRun ? "確認のみ（書き込みなし）" : null)!;

    private sealed record Lookups(Dictionary<string, int> Households, Dictionary<int, string> HouseholdNos, Dictionary<string, int>? Residents);

    private const string HouseholdsSql = """
        SELECT HouseholdNo, HouseholdId
          FROM Households
         WHERE TownId = @TownId
        """;

    private const string ResidentsSql = """
        SELECT ResidentNo, HouseholdId
          FROM Residents
         WHERE HouseholdId IS NOT NULL
           AND TownId = @TownId
        """;

    /// <summary>
    /// Reads the file once, line by line, handing each valid line to <paramref name="line"/>. Loads the look-ups on the
    /// first pass (<paramref name="known"/> null). Returns null when the file cannot be read at all (errors filled).
    /// </summary>
    private static async Task<(Lookups, string, int)?> ReadAsync(Stream stream, DbConnection connection, DateOnly today, int townId, Lookups? known,
        List<ImportError> errors, Func<IntentionAnswerDraft, string, int, Task> line, CancellationToken cancellationToken)
    {
        var (csv, refusal, encodingName) = ImportCsvReader.Open(stream, leaveOpen: true);
        if (csv is null)
        {
            errors.Add(refusal!);
            return null;
        }
        using var reader = csv;
        var (header, headerError) = csv.ReadHeader();
        if (header is null)
        {
            errors.Add(headerError!);
            return null;
        }
        var parser = IntentionFileParser.FromHeader(header, today, errors);
        if (parser is null)
        {
            return null;
        }
        var lookups = known ?? await LoadLookupsAsync(connection, parser.HasResidentNo, townId, cancellationToken);
        var lines = 0;
        foreach (var record in csv.Records(errors, r => r.All(f => CsvColumnsClean(f).Length == 0)))
        {
            lines++;
            var parsed = parser.Parse(record, csv.RecordLine, 0, lookups.Households, lookups.Residents, id => lookups.HouseholdNos[id], errors);
            if (parsed is { } p && errors.Count == 0)
            {
                await line(p.Answer, p.HouseholdNo, csv.RecordLine);
            }
        }
        if (lines == 0 && errors.Count == 0)
        {
            errors.Add(new ImportError(0, "ファイル", "データ行がありません"));
        }
        return (lookups, encodingName, lines);
    }

    private static string CsvColumnsClean(string field) => field.Trim(' ', '\t', '\u3000');

    private static async Task<Lookups> LoadLookupsAsync(DbConnection connection, bool residents, int townId, CancellationToken cancellationToken)
    {
        var households = new Dictionary<string, int>(StringComparer.Ordinal);
        var numbers = new Dictionary<int, string>();
        await using (var reader = await connection.ExecuteReaderAsync(new CommandDefinition(HouseholdsSql, new { TownId = townId }, cancellationToken: cancellationToken)))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var no = reader.GetString(0);
                var id = Convert.ToInt32(reader.GetValue(1), CultureInfo.InvariantCulture);
                households[no] = id;
                numbers[id] = no;
            }
        }
        Dictionary<string, int>? byResident = null;
        if (residents)
        {
            byResident = new Dictionary<string, int>(StringComparer.Ordinal);
            await using var reader = await connection.ExecuteReaderAsync(new CommandDefinition(ResidentsSql, new { TownId = townId }, cancellationToken: cancellationToken));
            while (await reader.ReadAsync(cancellationToken))
            {
                byResident[reader.GetString(0)] = Convert.ToInt32(reader.GetValue(1), CultureInfo.InvariantCulture);
            }
        }
        return new Lookups(households, numbers, byResident);
    }

    /// <summary>
    /// The round's state as the lines change it: each household's counting answer date and the answers already
    /// recorded (to leave identical ones unwritten); decides what each line does and counts it.
    /// </summary>
    private sealed class Plan(Dictionary<int, DateOnly> counting, HashSet<AnswerKey> recorded)
    {
        /// <summary>Households with a counting answer in the round when the plan was loaded.</summary>
        public int Counted { get; } = counting.Count;

        private readonly List<IntentionImportLine> preview = [];
        private int answered, updated, unchanged;

        private const string CountingSql = """
            SELECT HouseholdId, AnsweredOn
              FROM HouseholdIntentions
             WHERE RoundId = @RoundId
            """;

        private const string RecordedSql = """
            SELECT HouseholdId, AnsweredOn, Intention, Needs, Reasons, Housing, Respondent, Channel
              FROM IntentionAnswers
             WHERE RoundId = @RoundId
            """;

        public static async Task<Plan> LoadAsync(DbConnection connection, DbTransaction? transaction, int? roundId, CancellationToken cancellationToken)
        {
            var counting = new Dictionary<int, DateOnly>();
            var recorded = new HashSet<AnswerKey>();
            if (roundId is { } id)
            {
                await using (var reader = await connection.ExecuteReaderAsync(new CommandDefinition(CountingSql, new { RoundId = id }, transaction,
                                 cancellationToken: cancellationToken)))
                {
                    while (await reader.ReadAsync(cancellationToken))
                    {
                        counting[Int(reader, 0)] = Date(reader.GetValue(1));
                    }
                }
                await using (var reader = await connection.ExecuteReaderAsync(new CommandDefinition(RecordedSql, new { RoundId = id }, transaction,
                                 cancellationToken: cancellationToken)))
                {
                    while (await reader.ReadAsync(cancellationToken))
                    {
                        recorded.Add(new AnswerKey(Int(reader, 0), Date(reader.GetValue(1)), Int(reader, 2), Int(reader, 3), Int(reader, 4),
                            reader.IsDBNull(5) ? 0 : Int(reader, 5), reader.IsDBNull(6) ? null : reader.GetString(6), Int(reader, 7)));
                    }
                }
            }
            return new Plan(counting, recorded);
        }

        private static int Int(DbDataReader reader, int i) => Convert.ToInt32(reader.GetValue(i), CultureInfo.InvariantCulture);

        // SQLite keeps a date as ISO text, SQL Server as DATE.
        private static DateOnly Date(object value) => value switch
        {
            DateTime dt => DateOnly.FromDateTime(dt),
            DateOnly d => d,
            _ => DateOnly.ParseExact(((string)value)[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture),
        };

        /// <summary>
        /// Decides a line: returns null when nothing is to be written (an identical answer is recorded), else the
        /// household's counting date before it (null: none), and moves the state as the write will.
        /// </summary>
        public (DateOnly? Date, bool)? Apply(IntentionAnswerDraft answer, string householdNo, int line)
        {
            var key = AnswerKey.Of(answer);
            if (!recorded.Add(key))
            {
                unchanged++;
                Preview(answer, householdNo, line, "変更なし");
                return null;
            }
            DateOnly? before = counting.TryGetValue(answer.HouseholdId, out var date) ? date : null;
            switch (IntentionAnswers.Outcome(before, answer.AnsweredOn))
            {
                case IntentionOutcome.Answered:
                    answered++;
                    counting[answer.HouseholdId] = answer.AnsweredOn;
                    Preview(answer, householdNo, line, "新規");
                    break;
                case IntentionOutcome.Updated:
                    updated++;
                    counting[answer.HouseholdId] = answer.AnsweredOn;
                    Preview(answer, householdNo, line, "更新");
                    break;
                default:
                    unchanged++;
                    Preview(answer, householdNo, line, "履歴のみ");
                    break;
            }
            return (before, true);
        }

        private void Preview(IntentionAnswerDraft answer, string householdNo, int line, string effect)
        {
            if (preview.Count < PreviewLines)
            {
                preview.Add(new IntentionImportLine(line, householdNo, answer.AnsweredOn, answer.Intention!.Value, answer.Channel, answer.Respondent, effect));
            }
        }

        public IntentionImportResult Result(List<ImportError> errors, bool dryRun, string encoding, string roundName, bool roundNew) =>
            new(answered, updated, unchanged, errors, dryRun, encoding, roundName, roundNew, preview);
    }

    private readonly record struct AnswerKey(int HouseholdId, DateOnly AnsweredOn, int Intention, int Needs, int Reasons, int Housing, string? Respondent, int Channel)
    {
        public static AnswerKey Of(IntentionAnswerDraft a) => new(a.HouseholdId, a.AnsweredOn, (int)a.Intention!.Value, (int)a.Needs, (int)a.Reasons,
            a.Housing is { } h ? (int)h : 0, string.IsNullOrWhiteSpace(a.Respondent) ? null : a.Respondent.Trim(), (int)a.Channel);
    }
}
