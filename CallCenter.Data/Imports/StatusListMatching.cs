using System.Data.Common;
using System.Globalization;
using CallCenter.Data.Common;
using CallCenter.Data.Database;
using CallCenter.Data.Reports;
using CallCenter.Data.Residents;
using Dapper;

namespace CallCenter.Data.Imports;

/// <summary>
/// Matches the lines of a status list to residents: who each line is about, or the candidates a reviewer chooses
/// from, and whether the line was imported before.
/// </summary>
/// <remarks>
/// <para>By 住民番号 when the line has one (and its reading agrees with the register), else the register-matching
/// patterns of Ishinomaki's evacuee tool, in order, accepting only a unique hit: (1) the reading (family + given,
/// the same loose key as search), (2) birth date + sex + area, (3) reading + birth date, (4) reading + area.
/// "Area" is the person's home in the town: the list's optional 行政区 or 住所 column against the register's
/// District or Address (normalized as names are); a list's 都道府県/市区町村/避難先 say where the person is now, not
/// who they are, and are never used to match. A unique hit that contradicts the line (another birth date or sex)
/// is not accepted.</para>
/// <para>Every look-up is an indexed equality (ResidentNo, KanaKey, BirthDate), so a 1,000-line list costs a few
/// thousand index reads whatever the size of the register.</para>
/// </remarks>
public static class StatusListMatching
{
    /// <summary>The most candidates kept for a line in the review queue.</summary>
    public const int MaxCandidates = 10;

    private const string ImportedKeySql = """
        SELECT COUNT(*)
          FROM StatusImportRows
         WHERE ImportKey = @ImportKey
        """;

    /// <summary>
    /// Matches every line against the register of one town (numbers and names of other towns' residents are other
    /// people), inside the caller's read snapshot or write transaction; <paramref name="matched"/> is called after each
    /// line with the number matched so far.
    /// </summary>
    internal static async Task<List<StatusImportPreviewRow>> MatchAllAsync(DbConnection connection, DbTransaction? transaction,
        IReadOnlyList<StatusListRow> rows, ReportSource source, int townId, Func<int, Task>? matched, CancellationToken cancellationToken)
    {
        // The same few commands for every line: building and parsing each look-up anew cost more than the look-up.
        await using var matcher = new Matcher(connection, transaction, townId, cancellationToken);
        await using var imported = new PreparedCommand(connection, transaction, ImportedKeySql, "ImportKey");
        var inFile = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<StatusImportPreviewRow>(rows.Count);
        foreach (var row in rows)
        {
            var key = row.ImportKey(source, townId);
            // A line repeated in the same file, or imported before, is the same statement: it is counted, not written.
            var already = !inFile.Add(key) || await imported.Set(key).ExecuteScalarInt64Async(cancellationToken) > 0;
            var (state, reason, candidates) = await matcher.MatchAsync(row);
            result.Add(new StatusImportPreviewRow(row, state, reason, candidates, already) { ImportKey = key });
            if (matched is not null)
            {
                await matched(result.Count);
            }
        }
        return result;
    }

    /// <summary>The look-up of a candidate by id, prepared once for all the candidates <see cref="CandidatesAsync"/> reads.</summary>
    internal static PreparedCommand CandidateById(DbConnection connection, DbTransaction? transaction) =>
        new(connection, transaction, ByIdSql, "ResidentId", "TownId");

    /// <summary>
    /// The residents a queued line named as candidates (a comma-separated list of ids), in that order; only those of the
    /// line's town <paramref name="townId"/> (the list was matched against that town's register alone).
    /// </summary>
    internal static async Task<IReadOnlyList<ResidentSummary>> CandidatesAsync(PreparedCommand byId, string? ids, int townId,
        CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(ids))
        {
            return [];
        }
        var list = new List<ResidentSummary>();
        foreach (var id in ids.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            await using var reader = await byId.Set(int.Parse(id, CultureInfo.InvariantCulture), townId).ReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                list.Add(reader.GetRowParser<ResidentSummary>()(reader));
            }
        }
        return list;
    }

    /// <summary>The register-matching patterns, as indexed equality look-ups.</summary>
    private sealed class Matcher(DbConnection connection, DbTransaction? transaction, int townId, CancellationToken cancellationToken)
        : IAsyncDisposable
    {
        private readonly PreparedCommand findByNumber = new(connection, transaction, ByNumberSql, "ResidentNo", "TownId");
        private readonly PreparedCommand findByKana = new(connection, transaction, ByKanaSql, "KanaKey", "TownId");
        private readonly PreparedCommand findByBirthDateSex = new(connection, transaction, ByBirthDateSexSql, "BirthDate", "Sex", "TownId");

        public async Task<(StatusImportMatchState, string?, IReadOnlyList<ResidentSummary>)> MatchAsync(StatusListRow row)
        {
            if (row.ResidentNo is { } number)
            {
                var numbered = await QueryAsync(findByNumber.Set(number, townId));
                if (numbered.Count == 1)
                {
                    var resident = numbered[0];
                    var found = numbered;
                    if (resident.KanaKey != row.KanaKey)
                    {
                        return (StatusImportMatchState.Ambiguous, "住民番号と氏名が一致しない", found);
                    }
                    var conflict = Contradiction(row, resident);
                    return conflict is null
                        ? (StatusImportMatchState.Matched, null, found)
                        : (StatusImportMatchState.Ambiguous, $"住民番号と{conflict}", found);
                }
                // A number that is not in the register may be a typo: show who the patterns find, apply nothing.
                var (_, _, byPatterns) = await PatternsAsync(row);
                return (byPatterns.Count == 0 ? StatusImportMatchState.Unmatched : StatusImportMatchState.Ambiguous,
                    $"住民番号 {number} は住民登録にありません", byPatterns);
            }
            return await PatternsAsync(row);
        }

        private async Task<(StatusImportMatchState, string?, IReadOnlyList<ResidentSummary>)> PatternsAsync(StatusListRow row)
        {
            var candidates = new List<ResidentSummary>();
            string? reason = null;
            var kanaKey = row.KanaKey;
            var byKana = kanaKey.Length == 0 ? new List<ResidentSummary>() : await QueryAsync(findByKana.Set(kanaKey, townId));
            var hasArea = row.District is not null || row.Address is not null;
            var byBirth = row.BirthDate is { } birth && row.Sex != Sex.Unknown && hasArea
                ? (await QueryAsync(findByBirthDateSex.Set(birth, (byte)row.Sex, townId))).Where(r => AreaMatches(row, r)).ToList()
                : null;
            var patterns = new List<List<ResidentSummary>?>
            {
                byKana,                                                                              // (1) reading
                byBirth,                                                                             // (2) birth date + sex + area
                row.BirthDate is { } b ? byKana.Where(r => r.BirthDate == b).ToList() : null, // (3) reading + birth date
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

        private static string? Contradiction(StatusListRow row, ResidentSummary resident)
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

        private static bool AreaMatches(StatusListRow row, ResidentSummary found) =>
            (row.District is not null && found.District is not null && NameKey.Kanji(row.District) == NameKey.Kanji(found.District))
            || (row.Address is not null && found.Address is not null && NameKey.Kanji(row.Address) == NameKey.Kanji(found.Address));

        private async Task<List<ResidentSummary>> QueryAsync(PreparedCommand command)
        {
            await using var reader = await command.ReaderAsync(cancellationToken);
            var found = new List<ResidentSummary>();
            var parse = reader.GetRowParser<ResidentSummary>();
            while (await reader.ReadAsync(cancellationToken))
            {
                found.Add(parse(reader));
            }
            return found;
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
               Address, IsProvisional, Status, StatusReportedAt, KanaKey, TownId
        """;

    // "+TownId": the town is checked on each row the reading's or birth date's own index finds, never an index of its
    // own (without statistics SQLite would read a whole town through IX_Residents_TownId for every line: 1,000 lines
    // took 2.6 s instead of 0.2 s). StatusMatchPlanTests reads the plans.
    private const string ByNumberSql = $"""
        SELECT {CandidateColumns}
          FROM Residents
         WHERE ResidentNo = @ResidentNo
           AND TownId = @TownId
           AND MergedIntoResidentId IS NULL
        """;

    private const string ByKanaSql = $"""
        SELECT {CandidateColumns}
          FROM Residents
         WHERE KanaKey = @KanaKey
           AND +TownId = @TownId
           AND MergedIntoResidentId IS NULL
        """;

    private const string ByBirthDateSexSql = $"""
        SELECT {CandidateColumns}
          FROM Residents
         WHERE BirthDate = @BirthDate
           AND Sex = @Sex
           AND +TownId = @TownId
           AND MergedIntoResidentId IS NULL
        """;

    private const string ByIdSql = $"""
        SELECT {CandidateColumns}
          FROM Residents
         WHERE ResidentId = @ResidentId
           AND TownId = @TownId
        """;
}
