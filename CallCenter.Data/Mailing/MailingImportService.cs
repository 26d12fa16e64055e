using System.Data.Common;
using System.Globalization;
using CallCenter.Data.Audit;
using CallCenter.Data.Calls;
using CallCenter.Data.Common;
using CallCenter.Data.Database;
using CallCenter.Data.Imports;
using CallCenter.Data.Towns;
using Dapper;

namespace CallCenter.Data.Mailing;

/// <summary>
/// Imports households' mailing addresses (送付先) from a CSV file (UTF-8 or CP932), all or nothing. The file is read
/// once, streaming: every line checked (世帯番号 resolved through an in-memory look-up of the register's households),
/// the checked addresses kept (one per household). Only when no line is wrong, and not in a dry run, the addresses are
/// written inside one write transaction, each as <see cref="MailingAddressRecorder"/> records one (history row, current
/// address with 宛所不明 cleared), source 取込. Rules: a line identical to the household's current address (all six
/// fields) is not written again (unchanged); a household named twice with the same address counts its later line
/// unchanged; a household named twice with different addresses is an error on the later line (which one is right
/// cannot be known). One audit row per import.
/// </summary>
public sealed class MailingImportService(ConnectionFactory connections, TimeProvider time, GroupCommitWriter? writer = null)
{
    /// <summary>How many lines the result's preview keeps.</summary>
    public const int PreviewLines = 20;

    /// <summary>Imports a file by path (the command line).</summary>
    public async Task<MailingImportResult> ImportFileAsync(string path, bool dryRun, OperatorContext by, CancellationToken cancellationToken = default,
        int? townId = null)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        return await ImportAsync(stream, Path.GetFileName(path), dryRun, by, cancellationToken, townId);
    }

    /// <summary>
    /// Checks and (unless <paramref name="dryRun"/>) imports a stream positioned at its start. The audit row names the
    /// file and the counts (and the town when several exist). <paramref name="townId"/>: the town whose 世帯番号 the file
    /// uses (numbers are unique within a town only); null means the only town, refused with a Japanese error when
    /// several towns exist.
    /// </summary>
    public async Task<MailingImportResult> ImportAsync(Stream stream, string fileName, bool dryRun, OperatorContext by,
        CancellationToken cancellationToken = default, int? townId = null)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var today = DateOnly.FromDateTime(JapanTime.FromUtc(now));
        var errors = new List<ImportError>();
        string? townPhrase;
        List<Line> lines = [];
        var encoding = "";
        Dictionary<int, MailingAddress>? current = null;
        // One read connection: the town, the town's households, and (checking only) the current addresses.
        await using (var connection = await connections.OpenAsync(cancellationToken))
        {
            var (town, joint, townProblem) = await TownRepository.ImportTownAsync(connection, null, townId, cancellationToken);
            townPhrase = town?.AuditPhrase(joint);
            if (town is null)
            {
                errors.Add(new ImportError(0, "町", townProblem!));
            }
            else
            {
                (lines, encoding) = await ReadAsync(stream, connection, today, town.TownId, errors, cancellationToken);
            }
            if (errors.Count == 0 && dryRun)
            {
                current = await CurrentAsync(connection, null, cancellationToken);
            }
        }
        MailingImportResult result;
        if (errors.Count > 0)
        {
            result = new MailingImportResult(0, 0, errors, dryRun, encoding, []) { TownPhrase = townPhrase };
        }
        else if (dryRun)
        {
            result = Plan(lines, current!, errors, true, encoding).Result with { TownPhrase = townPhrase };
        }
        else
        {
            await using var write = await AuditedWrite.BeginAsync(connections, now, by, cancellationToken);
            var (plan, writes) = Plan(lines, await CurrentAsync(write.Connection, write.Transaction, cancellationToken), errors, false, encoding);
            var planned = plan with { TownPhrase = townPhrase };
            foreach (var (value, hasCurrent) in writes)
            {
                await MailingAddressRecorder.Writer.WriteAsync(write.Connection, write.Transaction, connections.Dialect, value, MailingSource.Import,
                    null, now, by.UserId, hasCurrent, cancellationToken);
            }
            await write.AuditAsync(AuditActions.ImportMailing, "file", fileName, details: Details(fileName, planned));
            await write.CommitAsync();
            return planned;
        }
        // A refused or checked-only import writes nothing but its audit row (the committed one wrote it in its transaction).
        await new AuditRepository(connections, time, writer).WriteAsync(by, AuditActions.ImportMailing, "file", fileName,
            details: Details(fileName, result), cancellationToken: cancellationToken);
        return result;
    }

    /// <summary>The import's audit row: 「ファイル mail.csv・文字コード UTF-8・更新 120・変更なし 2」.</summary>
    public static string Details(string fileName, MailingImportResult result) => AuditDetails.Join(
        $"ファイル {fileName}",
        result.TownPhrase,
        result.Encoding.Length > 0 ? $"文字コード {result.Encoding}" : null,
        result.Errors.Count > 0 ? $"エラー {result.Errors.Count}件のため取込なし" : $"更新 {result.Updated}・変更なし {result.Unchanged}",
        result.DryRun ? "確認のみ（書き込みなし）" : null)!;

    private sealed record Line(int Number, string HouseholdNo, MailingAddressValue Value);

    private const string HouseholdsSql = """
        SELECT HouseholdNo, HouseholdId
          FROM Households
         WHERE TownId = @TownId
        """;

    private const string CurrentSql = """
        SELECT a.AddressId, a.HouseholdId, a.Addressee, a.PostalCode, a.Address1, a.Address2, a.ConfirmedOn, a.Source, a.CallId, a.RecordedAt
          FROM HouseholdMailing m
          JOIN MailingAddresses a ON a.AddressId = m.AddressId
        """;

    /// <summary>Reads and checks every line; the lines in file order, each household once (a same-address repeat counted later).</summary>
    private static async Task<(List<Line> Lines, string Encoding)> ReadAsync(Stream stream, DbConnection connection, DateOnly today, int townId,
        List<ImportError> errors, CancellationToken cancellationToken)
    {
        var (csv, refusal, encodingName) = ImportCsvReader.Open(stream, leaveOpen: true);
        if (csv is null)
        {
            errors.Add(refusal!);
            return ([], encodingName);
        }
        using var reader = csv;
        var (header, headerError) = csv.ReadHeader();
        if (header is null)
        {
            errors.Add(headerError!);
            return ([], encodingName);
        }
        var parser = MailingImportFileParser.FromHeader(header, today, errors);
        if (parser is null)
        {
            return ([], encodingName);
        }
        var households = new Dictionary<string, int>(StringComparer.Ordinal);
        await using (var rows = await connection.ExecuteReaderAsync(new CommandDefinition(HouseholdsSql, new { TownId = townId }, cancellationToken: cancellationToken)))
        {
            while (await rows.ReadAsync(cancellationToken))
            {
                households[rows.GetString(0)] = Convert.ToInt32(rows.GetValue(1), CultureInfo.InvariantCulture);
            }
        }
        var lines = new List<Line>();
        var first = new Dictionary<int, Line>();
        foreach (var record in csv.Records(errors, r => r.All(f => f.Trim(' ', '\t', '\u3000').Length == 0)))
        {
            if (parser.Parse(record, csv.RecordLine, households, errors) is not { } parsed)
            {
                continue;
            }
            var line = new Line(csv.RecordLine, parsed.HouseholdNo, parsed.Value);
            if (first.TryGetValue(parsed.Value.HouseholdId, out var earlier) && earlier.Value != parsed.Value)
            {
                errors.Add(new ImportError(line.Number, "世帯番号",
                    $"世帯番号「{parsed.HouseholdNo}」は{earlier.Number}行目と違う送付先です（1世帯に1つの送付先にしてください）"));
                continue;
            }
            first.TryAdd(parsed.Value.HouseholdId, line);
            lines.Add(line);
        }
        if (lines.Count == 0 && errors.Count == 0)
        {
            errors.Add(new ImportError(0, "ファイル", "データ行がありません"));
        }
        return (lines, encodingName);
    }

    private static async Task<Dictionary<int, MailingAddress>> CurrentAsync(DbConnection connection, DbTransaction? transaction,
        CancellationToken cancellationToken)
    {
        var current = new Dictionary<int, MailingAddress>();
        foreach (var address in await connection.QueryAsync<MailingAddress>(new CommandDefinition(CurrentSql, transaction: transaction,
                     cancellationToken: cancellationToken)))
        {
            current[address.HouseholdId] = address;
        }
        return current;
    }

    /// <summary>Decides each line against the current addresses: the counts, the preview and the addresses to write.</summary>
    private static (MailingImportResult Result, List<(MailingAddressValue Value, bool HasCurrent)> Writes) Plan(List<Line> lines,
        Dictionary<int, MailingAddress> current, List<ImportError> errors, bool dryRun, string encoding)
    {
        var writes = new List<(MailingAddressValue, bool)>();
        var written = new HashSet<int>();
        var preview = new List<MailingImportLine>();
        var unchanged = 0;
        foreach (var line in lines)
        {
            var household = line.Value.HouseholdId;
            string effect;
            if (written.Contains(household) || line.Value.SameAs(current.GetValueOrDefault(household)))
            {
                unchanged++;
                effect = "変更なし";
            }
            else
            {
                effect = current.ContainsKey(household) ? "更新" : "新規";
                writes.Add((line.Value, current.ContainsKey(household)));
                written.Add(household);
            }
            if (preview.Count < PreviewLines)
            {
                preview.Add(new MailingImportLine(line.Number, line.HouseholdNo, line.Value, effect));
            }
        }
        return (new MailingImportResult(writes.Count, unchanged, errors, dryRun, encoding, preview), writes);
    }
}
