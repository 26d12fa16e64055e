using System.Data.Common;
using CallCenter.Data.Database;
using Dapper;

namespace CallCenter.Data.Residents;

/// <summary>
/// The operator's one search box. Candidates come from indexed lookups only (prefix ranges on the
/// normalized keys, equality on birth date, phone and numbers: no scan at any register size), then are
/// ranked in memory: exact spelling before loose, a matching birth date lifts a result.
/// Every search opens a new connection, so it reads what other operators committed a moment ago.
/// </summary>
public sealed class ResidentSearch(ConnectionFactory connections)
{
    /// <summary>The most results a search returns.</summary>
    public const int MaxLimit = 100;

    // Candidates per lookup: enough for ranking to find the right person among common names, small enough
    // to stay a range read of a few hundred index entries.
    private const int CandidateLimit = 100;

    internal const string Columns = """
        r.ResidentId, r.ResidentNo, r.HouseholdId, h.HouseholdNo, r.Relationship, r.FamilyName, r.GivenName,
        r.FamilyNameKana, r.GivenNameKana, r.BirthDate, r.Sex, r.District, r.Phone, r.IsVulnerable,
        r.IsProvisional, r.Status, r.StatusReportedAt, r.WhereaboutsType, r.PrefectureCode, r.Municipality,
        r.Place, r.ContactPhone, r.Version, r.MergedIntoResidentId, r.FamilyNameKey, r.GivenNameKey, r.NameKey,
        r.FamilyKanaKey, r.GivenKanaKey, r.KanaKey, r.PendingStatus
        """;

    // Every look-up reads the same columns from the same join; only its WHERE and ORDER BY differ.
    private const string FromResidents = $"""
        SELECT {Columns}
          FROM Residents r
          LEFT JOIN Households h ON h.HouseholdId = r.HouseholdId
        """;

    /// <summary>Searches and returns the best <paramref name="limit"/> hits, best first.</summary>
    public async Task<IReadOnlyList<SearchHit>> SearchAsync(string? text, int limit = 20, CancellationToken cancellationToken = default)
    {
        var query = SearchQuery.Parse(text);
        if (query.IsEmpty)
        {
            return [];
        }
        limit = Math.Clamp(limit, 1, MaxLimit);
        await using var connection = await connections.OpenAsync(cancellationToken);
        var candidates = new Dictionary<int, ResidentSummary>();
        foreach (var stage in Lookups(query))
        {
            foreach (var lookup in stage)
            {
                var sql = connections.Dialect.Render(lookup.Sql);
                var rows = await connection.QueryAsync<ResidentSummary>(new CommandDefinition(sql, lookup.Parameters, cancellationToken: cancellationToken));
                foreach (var row in rows)
                {
                    if (row.MergedIntoResidentId is null)
                    {
                        candidates.TryAdd(row.ResidentId, row);
                    }
                }
            }
            // Family and given name found together: the looser one-word look-ups would only add noise.
            if (stage.Kind == StageKind.Pair && candidates.Count > 0)
            {
                break;
            }
        }
        return SearchRanking.Rank(query, candidates.Values).Take(limit).ToList();
    }

    private enum StageKind
    {
        Exact,
        Pair,
        Words,
    }

    private sealed class Stage(StageKind kind) : List<Lookup>
    {
        public StageKind Kind { get; } = kind;
    }

    private sealed record Lookup(string Sql, object Parameters);

    private const string ByFamilyKanaSql = $"""
        {FromResidents}
           WHERE r.FamilyKanaKey >= @Key AND r.FamilyKanaKey < @KeyEnd
        ORDER BY r.FamilyKanaKey, r.GivenKanaKey
        {"{page}"}
        """;

    private const string ByGivenKanaSql = $"""
        {FromResidents}
           WHERE r.GivenKanaKey >= @Key AND r.GivenKanaKey < @KeyEnd
        ORDER BY r.GivenKanaKey
        {"{page}"}
        """;

    private const string ByFullKanaSql = $"""
        {FromResidents}
           WHERE r.KanaKey >= @Key AND r.KanaKey < @KeyEnd
        ORDER BY r.KanaKey
        {"{page}"}
        """;

    private const string ByFamilyNameSql = $"""
        {FromResidents}
           WHERE r.FamilyNameKey >= @Key AND r.FamilyNameKey < @KeyEnd
        ORDER BY r.FamilyNameKey, r.GivenNameKey
        {"{page}"}
        """;

    private const string ByGivenNameSql = $"""
        {FromResidents}
           WHERE r.GivenNameKey >= @Key AND r.GivenNameKey < @KeyEnd
        ORDER BY r.GivenNameKey
        {"{page}"}
        """;

    private const string ByFullNameSql = $"""
        {FromResidents}
           WHERE r.NameKey >= @Key AND r.NameKey < @KeyEnd
        ORDER BY r.NameKey
        {"{page}"}
        """;

    // Family name known exactly, given name typed so far: the (FamilyKanaKey, GivenKanaKey) index serves both.
    private const string ByFamilyAndGivenKanaSql = $"""
        {FromResidents}
           WHERE r.FamilyKanaKey = @Family AND r.GivenKanaKey >= @Key AND r.GivenKanaKey < @KeyEnd
        ORDER BY r.GivenKanaKey
        {"{page}"}
        """;

    private const string ByFamilyAndGivenNameSql = $"""
        {FromResidents}
           WHERE r.FamilyNameKey = @Family AND r.GivenNameKey >= @Key AND r.GivenNameKey < @KeyEnd
        ORDER BY r.GivenNameKey
        {"{page}"}
        """;

    // 鈴木 はなこ: the written family name, the given name as a reading.
    private const string ByFamilyNameAndGivenKanaSql = $"""
        {FromResidents}
           WHERE r.FamilyNameKey = @Family AND r.GivenKanaKey >= @Key AND r.GivenKanaKey < @KeyEnd
        ORDER BY r.GivenKanaKey
        {"{page}"}
        """;

    private const string ByBirthDateSql = $"""
        {FromResidents}
           WHERE r.BirthDate = @BirthDate
        ORDER BY r.KanaKey
        {"{page}"}
        """;

    private const string ByPhoneSql = $"""
        {FromResidents}
           WHERE r.PhoneKey = @Phone
        UNION ALL
        {FromResidents}
           WHERE r.ContactPhoneKey = @Phone
        """;

    private const string ByNumberSql = $"""
        {FromResidents}
           WHERE r.ResidentNo = @Number
        UNION ALL
          SELECT {Columns}
            FROM Households h
            JOIN Residents r ON r.HouseholdId = h.HouseholdId
           WHERE h.HouseholdNo = @Number
        """;

    /// <summary>
    /// The look-ups for a query, in stages: exact identifiers (number, phone, birth date), then family and
    /// given name together, then each word alone (as family name, given name, or both typed without a space).
    /// </summary>
    private static IEnumerable<Stage> Lookups(SearchQuery query)
    {
        var exact = new Stage(StageKind.Exact);
        if (query.Number is { } number)
        {
            exact.Add(new Lookup(ByNumberSql, new { Number = number }));
        }
        if (query.PhoneKey is { } phone)
        {
            exact.Add(new Lookup(ByPhoneSql, new { Phone = phone }));
        }
        if (query.BirthDate is { } birthDate)
        {
            exact.Add(new Lookup(ByBirthDateSql, new { BirthDate = birthDate, Skip = 0, Take = CandidateLimit }));
        }
        yield return exact;

        var names = query.Names;
        if (names.Count >= 2)
        {
            var (family, given) = (names[0], names[1]);
            var sql = (family.Script, given.Script) switch
            {
                (NameScript.Reading, NameScript.Reading) => ByFamilyAndGivenKanaSql,
                (NameScript.Written, NameScript.Written) => ByFamilyAndGivenNameSql,
                (NameScript.Written, NameScript.Reading) => ByFamilyNameAndGivenKanaSql,
                _ => null,
            };
            if (sql is not null)
            {
                yield return new Stage(StageKind.Pair)
                {
                    new Lookup(sql, new { Family = family.Key, Key = given.Key, KeyEnd = KeyEnd(given.Key), Skip = 0, Take = CandidateLimit }),
                };
            }
        }
        var words = new Stage(StageKind.Words);
        foreach (var term in names.Where(t => t.Key.Length > 0))
        {
            var range = new { Key = term.Key, KeyEnd = KeyEnd(term.Key), Skip = 0, Take = CandidateLimit };
            if (term.Script == NameScript.Reading)
            {
                words.Add(new Lookup(ByFamilyKanaSql, range));
                words.Add(new Lookup(ByGivenKanaSql, range));
                if (names.Count == 1)
                {
                    words.Add(new Lookup(ByFullKanaSql, range));
                }
            }
            else
            {
                words.Add(new Lookup(ByFamilyNameSql, range));
                words.Add(new Lookup(ByGivenNameSql, range));
                if (names.Count == 1)
                {
                    words.Add(new Lookup(ByFullNameSql, range));
                }
            }
        }
        yield return words;
    }

    /// <summary>
    /// The smallest string greater than every string starting with <paramref name="key"/>: the last code unit
    /// plus one. This orders correctly under both SQLite's BINARY (UTF-8 bytes) and SQL Server's BIN2
    /// collation, unlike appending U+FFFF, which sorts below characters outside the BMP in UTF-8.
    /// </summary>
    internal static string KeyEnd(string key) =>
        key.Length == 0 ? "\uFFFF" : string.Concat(key.AsSpan(0, key.Length - 1), ((char)(key[^1] + 1)).ToString());
}
