using System.Text.RegularExpressions;
using CallCenter.Data.Common;
using CallCenter.Data.Database;
using CallCenter.Data.Towns;
using Dapper;

namespace CallCenter.Data.Residents;

/// <summary>
/// The operator's one search box. Candidates come from indexed lookups only (prefix ranges on the
/// normalized keys, equality on birth date, phone and numbers: no scan at any register size), then are
/// ranked in memory: exact spelling before loose, a matching birth date lifts a result.
/// Every search opens a new connection, so it reads what other operators committed a moment ago.
/// With a <see cref="SearchIndex"/>, the same look-ups run in memory (see <see cref="SearchIndex"/> for how fresh it is);
/// the SQL below stays the reference and answers whenever the index cannot (not yet read, behind the register, a
/// phone or a place in the query).
/// </summary>
public sealed class ResidentSearch(ConnectionFactory connections, TimeProvider? time = null, SearchIndex? index = null)
{
    private readonly TimeProvider clock = time ?? TimeProvider.System;

    // The town's 行政区 names, read from the dashboard summaries (a few hundred rows) at most once a minute.
    private static readonly TimeSpan DistrictsFor = TimeSpan.FromMinutes(1);
    private volatile DistrictNames? districts;

    private sealed record DistrictNames(IReadOnlySet<string> Names, DateTimeOffset ReadAt);

    /// <summary>The most results a search returns.</summary>
    public const int MaxLimit = 100;

    // Candidates per lookup: enough for ranking to find the right person among common names, small enough
    // to stay a range read of a few hundred index entries.
    private const int CandidateLimit = 100;

    internal const string Columns = """
        r.ResidentId, r.ResidentNo, r.HouseholdId, h.HouseholdNo, r.Relationship, r.FamilyName, r.GivenName,
        r.FamilyNameKana, r.GivenNameKana, r.BirthDate, r.Sex, r.District, r.Address, r.Phone, r.IsVulnerable,
        r.IsProvisional, r.Status, r.StatusReportedAt, r.WhereaboutsType, r.PrefectureCode, r.Municipality,
        r.Place, r.ContactPhone, r.Version, r.MergedIntoResidentId, r.FamilyNameKey, r.GivenNameKey, r.NameKey,
        r.FamilyKanaKey, r.GivenKanaKey, r.KanaKey, r.PendingStatus, r.TownId
        """;

    // Every look-up reads the same columns from the same join; only its WHERE and ORDER BY differ.
    private const string FromResidents = $"""
        SELECT {Columns}
          FROM Residents r
          LEFT JOIN Households h ON h.HouseholdId = r.HouseholdId
        """;

    /// <summary>Searches every town and returns the best <paramref name="limit"/> hits, best first.</summary>
    public Task<IReadOnlyList<SearchHit>> SearchAsync(string? text, int limit = 20, CancellationToken cancellationToken = default) =>
        SearchAsync(text, TownScope.All, limit, cancellationToken);

    /// <summary>
    /// Searches the towns of <paramref name="scope"/> and returns the best <paramref name="limit"/> hits, best first. The
    /// scope is a condition of every look-up, not a filter of the ranked results: a one-town operator's 100 candidates
    /// for サトウ are that town's, not the first 100 of the joint register.
    /// </summary>
    public async Task<IReadOnlyList<SearchHit>> SearchAsync(string? text, TownScope scope, int limit = 20, CancellationToken cancellationToken = default)
    {
        if (SearchQuery.Parse(text).IsEmpty || scope.TownIds is { Count: 0 })
        {
            return [];
        }
        limit = Math.Clamp(limit, 1, MaxLimit);
        await using var connection = await connections.OpenAsync(cancellationToken);
        var today = JapanTime.Today(clock);
        var query = SearchQuery.Parse(text, today, await DistrictsAsync(connection, cancellationToken));
        if (query.IsEmpty)
        {
            return [];
        }
        // A 行政区 typed alone may be a family name too (西山, 高瀬, 大平): people of that name first; the district's
        // residents only when no one has it.
        if (query is { Names.Count: 0, Place: not null, HasBirth: false, PhoneKey: null, Number: null }
            && SearchQuery.Parse(text, today) is { Names.Count: > 0 } asName
            && await FindAsync(connection, asName, scope, limit, cancellationToken) is { Count: > 0 } named)
        {
            return named;
        }
        return await FindAsync(connection, query, scope, limit, cancellationToken);
    }

    private async Task<IReadOnlyList<SearchHit>> FindAsync(System.Data.Common.DbConnection connection, SearchQuery query, TownScope scope,
        int limit, CancellationToken cancellationToken)
    {
        // The index holds every town; a limited scope skips the other towns' residents in each look-up before its limit,
        // as the SQL look-ups' town condition does.
        if (index is not null)
        {
            var snapshot = index.Current;
            if (snapshot is not null && await FindInIndexAsync(connection, snapshot, query, SearchIndexSnapshot.Mask(scope), limit, cancellationToken) is { } ranked)
            {
                if (await ReadResultsAsync(connection, snapshot, ranked, cancellationToken) is { } hits)
                {
                    index.Count(fromIndex: true);
                    return hits;
                }
                // The register moved since the index was read: SQL answers this search, the index catches up meanwhile.
                index.RefreshInBackground();
            }
            else if (snapshot is null)
            {
                index.RefreshInBackground();
            }
            index.Count(fromIndex: false);
        }
        return await FindWithSqlAsync(connection, query, scope, limit, cancellationToken);
    }

    /// <summary>
    /// The SQL path's look-ups answered from the index: the same stages, batches and limits, the same rows in the same
    /// order; null when a look-up has no in-memory form (a phone, a place) or the index cannot tell its rows.
    /// </summary>
    private async Task<List<SearchHit>?> FindInIndexAsync(System.Data.Common.DbConnection connection, SearchIndexSnapshot snapshot,
        SearchQuery query, bool[]? towns, int limit, CancellationToken cancellationToken)
    {
        var stages = Lookups(query).ToList();
        if (stages.Any(stage => stage.Any(lookup => lookup.Probes is null)))
        {
            return null;
        }
        var candidates = new Dictionary<int, int>();
        HashSet<int>? byPhone = null;
        foreach (var batch in Batches(stages))
        {
            foreach (var probe in batch.SelectMany(stage => stage).SelectMany(lookup => lookup.Probes!))
            {
                List<int>? slots;
                if (probe.Order == SearchOrder.Phone)
                {
                    // Phones stay in the database (a report changes the contact phone): ids by ByPhoneSql, rows from the index.
                    byPhone = (await connection.QueryAsync<int>(new CommandDefinition(ByPhoneSql, new { Phone = probe.Equal },
                        cancellationToken: cancellationToken))).ToHashSet();
                    slots = byPhone.Select(snapshot.SlotOf).ToList();
                    if (slots.Contains(-1))
                    {
                        return null;
                    }
                    slots.RemoveAll(slot => !snapshot.InScope(slot, towns));
                }
                else if (snapshot.Read(probe, towns) is not { } read)
                {
                    return null;
                }
                else
                {
                    slots = read;
                }
                foreach (var slot in slots)
                {
                    if (!snapshot.IsMerged(slot))
                    {
                        candidates.TryAdd(snapshot.ResidentId(slot), slot);
                    }
                }
            }
            if (batch[^1].Kind == StageKind.Pair && candidates.Count > 0)
            {
                break;
            }
        }
        // Ranking compares the phone typed with the resident's phones: those ByPhoneSql found carry it, the others none.
        var summaries = candidates.Values.Select(slot => snapshot.Summary(slot) is var summary && byPhone?.Contains(summary.ResidentId) == true
            ? summary with { Phone = query.PhoneKey }
            : summary);
        return SearchRanking.Rank(query, summaries).Take(limit).ToList();
    }

    // The results' rows: the columns the index does not hold (status and whereabouts change with every call), read fresh,
    // then the register stamp, in one command, so trusting the index costs no round trip of its own. The rest of each row
    // (numbers, names, readings, their keys, birth date, household number) is the index's: every change to one of those
    // columns moves the stamp (migration 0013), so a stamp read after the rows and equal to the index's says those
    // columns were, when the rows were read, what the index holds. Reading 20 of the 33 columns halves the read (the
    // names and keys are most of a row's text).
    private const string ResultsSql = """
        SELECT r.ResidentId, r.TownId, r.HouseholdId, r.Relationship, r.Sex, r.District, r.Address, r.Phone, r.IsVulnerable,
               r.IsProvisional, r.Status, r.StatusReportedAt, r.WhereaboutsType, r.PrefectureCode, r.Municipality, r.Place,
               r.ContactPhone, r.Version, r.MergedIntoResidentId, r.PendingStatus
          FROM Residents r
         WHERE r.ResidentId IN (@I0, @I1, @I2, @I3, @I4, @I5, @I6, @I7, @I8, @I9, @I10, @I11, @I12, @I13, @I14, @I15, @I16, @I17, @I18, @I19);
        SELECT CAST((SELECT Version FROM RegisterVersion WHERE RegisterVersionId = 1) AS BIGINT) AS Version,
               CAST((SELECT COALESCE(MAX(ResidentId), 0) FROM Residents) AS BIGINT) AS LastResidentId;
        """;

    private const int ResultsBatch = 20;

    /// <summary>
    /// The ranked hits with their rows as they are now; null when the register stamp moved since the index was read (the
    /// ranking may be stale: the caller answers with the SQL path instead).
    /// </summary>
    private async Task<IReadOnlyList<SearchHit>?> ReadResultsAsync(System.Data.Common.DbConnection connection,
        SearchIndexSnapshot snapshot, List<SearchHit> ranked, CancellationToken cancellationToken)
    {
        var rows = new Dictionary<int, ResidentSummary>();
        // At least one command, for the stamp, even when nothing was found.
        IEnumerable<SearchHit[]> chunks = ranked.Count == 0 ? [[]] : ranked.Chunk(ResultsBatch);
        foreach (var chunk in chunks)
        {
            var parameters = new DynamicParameters();
            for (var i = 0; i < ResultsBatch; i++)
            {
                parameters.Add($"I{i}", chunk.Length == 0 ? 0 : chunk[Math.Min(i, chunk.Length - 1)].Resident.ResidentId);
            }
            await using var results = await connection.QueryMultipleAsync(new CommandDefinition(ResultsSql, parameters, cancellationToken: cancellationToken));
            foreach (var row in await results.ReadAsync<ResidentSummary>())
            {
                rows[row.ResidentId] = row;
            }
            if (await results.ReadSingleAsync<SearchStamp>() != snapshot.Stamp)
            {
                return null;
            }
        }
        var hits = new List<SearchHit>(ranked.Count);
        foreach (var hit in ranked)
        {
            if (!rows.TryGetValue(hit.Resident.ResidentId, out var row))
            {
                return null;
            }
            var held = hit.Resident;
            hits.Add(hit with
            {
                Resident = row with
                {
                    ResidentNo = held.ResidentNo,
                    HouseholdNo = held.HouseholdNo,
                    FamilyName = held.FamilyName,
                    GivenName = held.GivenName,
                    FamilyNameKana = held.FamilyNameKana,
                    GivenNameKana = held.GivenNameKana,
                    BirthDate = held.BirthDate,
                    FamilyNameKey = held.FamilyNameKey,
                    GivenNameKey = held.GivenNameKey,
                    NameKey = held.NameKey,
                    FamilyKanaKey = held.FamilyKanaKey,
                    GivenKanaKey = held.GivenKanaKey,
                    KanaKey = held.KanaKey,
                },
            });
        }
        return hits;
    }

    private async Task<IReadOnlyList<SearchHit>> FindWithSqlAsync(System.Data.Common.DbConnection connection, SearchQuery query,
        TownScope scope, int limit, CancellationToken cancellationToken)
    {
        var candidates = new Dictionary<int, ResidentSummary>();
        foreach (var batch in Batches(Lookups(query)))
        {
            var (sql, parameters) = Compose(batch, scope);
            var rows = await connection.QueryAsync<ResidentSummary>(
                new CommandDefinition(connections.Dialect.Render(sql), parameters, cancellationToken: cancellationToken));
            foreach (var row in rows)
            {
                if (row.MergedIntoResidentId is null)
                {
                    candidates.TryAdd(row.ResidentId, row);
                }
            }
            // Family and given name found together: the looser one-word look-ups would only add noise.
            if (batch[^1].Kind == StageKind.Pair && candidates.Count > 0)
            {
                break;
            }
        }
        return SearchRanking.Rank(query, candidates.Values).Take(limit).ToList();
    }

    private const string DistrictsSql = """
        SELECT DISTINCT District
          FROM ResidentCounts
         WHERE District <> '' AND Residents > 0
        """;

    private async Task<IReadOnlySet<string>> DistrictsAsync(System.Data.Common.DbConnection connection, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (districts is { } known && now - known.ReadAt < DistrictsFor)
        {
            return known.Names;
        }
        var names = (await connection.QueryAsync<string>(new CommandDefinition(DistrictsSql, cancellationToken: cancellationToken)))
            .ToHashSet(StringComparer.Ordinal);
        districts = new DistrictNames(names, now);
        return names;
    }

    /// <summary>
    /// The stages sent together: every stage runs unless the family-and-given-name stage found someone, so the
    /// exact identifiers go with that stage, or with the one-word look-ups when there is no such stage.
    /// </summary>
    private static IEnumerable<List<Stage>> Batches(IEnumerable<Stage> stages)
    {
        var batch = new List<Stage>();
        foreach (var stage in stages)
        {
            if (stage.Count > 0 || stage.Kind == StageKind.Pair)
            {
                batch.Add(stage);
            }
            if (stage.Kind == StageKind.Pair)
            {
                yield return batch;
                batch = [];
            }
        }
        if (batch.Count > 0)
        {
            yield return batch;
        }
    }

    private enum StageKind
    {
        Exact,
        Narrowed,
        Pair,
        Words,
    }

    private sealed class Stage(StageKind kind) : List<Lookup>
    {
        public StageKind Kind { get; } = kind;
    }

    /// <summary>One look-up: SQL that selects resident ids, its parameters by name, and the same look-up for the index (none for a phone or a place).</summary>
    private sealed record Lookup(string Sql, IReadOnlyList<KeyValuePair<string, object>> Parameters, IReadOnlyList<SearchProbe>? Probes = null);

    // Each look-up reads only resident ids, from its index alone; one statement then reads each distinct
    // candidate once. Sending them one by one read the same people twice (さとう finds most of them both by
    // family name and by full reading) and reading a row's 31 columns costs far more than finding it.
    private const string CandidatesTemplate = $"""
        {FromResidents}
         WHERE r.ResidentId IN (
        {"{lookups}"}
               )
        """;

    private static readonly Regex ParameterName = new(@"@(\w+)", RegexOptions.CultureInvariant);

    /// <summary>
    /// One statement for the look-ups of <paramref name="stages"/>: look-up i's parameters are renamed with
    /// the suffix _i (two words look up different keys); all share @Skip and @Take.
    /// </summary>
    private static (string Sql, DynamicParameters Parameters) Compose(IEnumerable<Stage> stages, TownScope scope)
    {
        var parameters = new DynamicParameters();
        scope.Bind(parameters);
        parameters.Add("Skip", 0);
        parameters.Add("Take", CandidateLimit);
        var lookups = stages.SelectMany(s => s).ToList();
        for (var i = 0; i < lookups.Count; i++)
        {
            foreach (var (name, value) in lookups[i].Parameters)
            {
                parameters.Add($"{name}_{i}", value);
            }
        }
        return (ComposeSql(lookups.Select(l => l.Sql), scope), parameters);
    }

    // Each WHERE line of a look-up (two in the UNION ALL ones) gains the town condition, so the range read stops at
    // the scope's rows; the parameter is added after the per-look-up renaming and so shared by all.
    private static readonly Regex WhereLine = new(@"^(\s*WHERE\s.*?)\s*$", RegexOptions.CultureInvariant | RegexOptions.Multiline);

    /// <summary>The statement for look-ups of these SQL texts (before <see cref="SqlDialect.Render"/>), limited to <paramref name="scope"/>.</summary>
    internal static string ComposeSql(IEnumerable<string> lookupSqls, TownScope? scope = null)
    {
        // "+r.TownId": the town is a condition checked on each row the look-up's own index walks, never an index to
        // walk instead (SQLite's planner would otherwise read a whole town through IX_Residents_TownId and sort it, and
        // cut the limit inside ties differently from the in-process index). SQL Server reads it the same either way.
        var filter = (scope ?? TownScope.All).Filter("+r.TownId");
        var unions = lookupSqls.Select((sql, i) =>
            $"SELECT c{i}.ResidentId FROM ({Scoped(ParameterName.Replace(sql, $"@$1_{i}"), filter)}) c{i}");
        return CandidatesTemplate.Replace("{lookups}", string.Join("\nUNION ALL\n", unions), StringComparison.Ordinal);
    }

    // Dapper sends "IN @TownIds" as "IN (@TownIds1, @TownIds2)": the SQL Server checks read what the server receives.
    private static string AsExpanded(string sql) => sql.Replace("IN @TownIds", "IN (@TownIds1, @TownIds2)", StringComparison.Ordinal);

    private static string Scoped(string sql, string filter) =>
        filter.Length == 0 ? sql : WhereLine.Replace(sql, m => m.Groups[1].Value + filter);

    /// <summary>Every statement a search can send, for the SQL Server checks: each look-up alone and all together.</summary>
    internal static IEnumerable<(string Name, string Sql)> AllStatements()
    {
        string[] names =
        [
            ByFamilyAndGivenKanaSql, ByFamilyAndGivenNameSql, ByFamilyNameAndGivenKanaSql,
            ByFamilyKanaSql, ByGivenKanaSql, ByFullKanaSql, ByFamilyNameSql, ByGivenNameSql, ByFullNameSql,
        ];
        string[] all =
        [
            ByNumberSql, ByPhoneSql, ByBirthDateSql, ByBirthPeriodSql, ByDistrictSql, .. names,
            .. names.Select(sql => Narrowed(sql, birth: true, place: false)),
            .. names.Select(sql => Narrowed(sql, birth: false, place: true)),
            .. names.Select(sql => Narrowed(sql, birth: true, place: true)),
        ];
        for (var i = 0; i < all.Length; i++)
        {
            yield return ($"lookup{i}", ComposeSql([all[i]]));
            yield return ($"lookup{i}-towns", AsExpanded(ComposeSql([all[i]], TownScope.Only([1, 2]))));
        }
        yield return ("all", ComposeSql(all));
        yield return ("all-towns", AsExpanded(ComposeSql(all, TownScope.Only([1, 2]))));
    }

    private static KeyValuePair<string, object>[] Range(string key) =>
        [new("Key", key), new("KeyEnd", KeyEnd(key))];

    // The look-ups below look alike on purpose (`duplicates` lists them as one shape): each stage is a distinct
    // indexed lookup, written out whole so that each plan stays an index seek on its own index. Building them from one
    // template would hide which index each one uses, and a change to one would silently change them all.
    private const string ByFamilyKanaSql = $"""
        SELECT r.ResidentId
          FROM Residents r
         WHERE r.FamilyKanaKey >= @Key AND r.FamilyKanaKey < @KeyEnd
         ORDER BY r.FamilyKanaKey, r.GivenKanaKey
         {"{page}"}
        """;

    private const string ByGivenKanaSql = $"""
        SELECT r.ResidentId
          FROM Residents r
         WHERE r.GivenKanaKey >= @Key AND r.GivenKanaKey < @KeyEnd
         ORDER BY r.GivenKanaKey
         {"{page}"}
        """;

    private const string ByFullKanaSql = $"""
        SELECT r.ResidentId
          FROM Residents r
         WHERE r.KanaKey >= @Key AND r.KanaKey < @KeyEnd
         ORDER BY r.KanaKey
         {"{page}"}
        """;

    private const string ByFamilyNameSql = $"""
        SELECT r.ResidentId
          FROM Residents r
         WHERE r.FamilyNameKey >= @Key AND r.FamilyNameKey < @KeyEnd
         ORDER BY r.FamilyNameKey, r.GivenNameKey
         {"{page}"}
        """;

    private const string ByGivenNameSql = $"""
        SELECT r.ResidentId
          FROM Residents r
         WHERE r.GivenNameKey >= @Key AND r.GivenNameKey < @KeyEnd
         ORDER BY r.GivenNameKey
         {"{page}"}
        """;

    private const string ByFullNameSql = $"""
        SELECT r.ResidentId
          FROM Residents r
         WHERE r.NameKey >= @Key AND r.NameKey < @KeyEnd
         ORDER BY r.NameKey
         {"{page}"}
        """;

    // Family name known exactly, given name typed so far: the (FamilyKanaKey, GivenKanaKey) index serves both.
    private const string ByFamilyAndGivenKanaSql = $"""
        SELECT r.ResidentId
          FROM Residents r
         WHERE r.FamilyKanaKey = @Family AND r.GivenKanaKey >= @Key AND r.GivenKanaKey < @KeyEnd
         ORDER BY r.GivenKanaKey
         {"{page}"}
        """;

    private const string ByFamilyAndGivenNameSql = $"""
        SELECT r.ResidentId
          FROM Residents r
         WHERE r.FamilyNameKey = @Family AND r.GivenNameKey >= @Key AND r.GivenNameKey < @KeyEnd
         ORDER BY r.GivenNameKey
         {"{page}"}
        """;

    // 鈴木 はなこ: the written family name, the given name as a reading.
    private const string ByFamilyNameAndGivenKanaSql = $"""
        SELECT r.ResidentId
          FROM Residents r
         WHERE r.FamilyNameKey = @Family AND r.GivenKanaKey >= @Key AND r.GivenKanaKey < @KeyEnd
         ORDER BY r.GivenKanaKey
         {"{page}"}
        """;

    private const string ByBirthDateSql = $"""
        SELECT r.ResidentId
          FROM Residents r
         WHERE r.BirthDate = @BirthDate
         ORDER BY r.KanaKey
         {"{page}"}
        """;

    private const string ByBirthPeriodSql = $"""
        SELECT r.ResidentId
          FROM Residents r
         WHERE r.BirthDate >= @From AND r.BirthDate < @To
         ORDER BY r.BirthDate
         {"{page}"}
        """;

    private const string ByDistrictSql = $"""
        SELECT r.ResidentId
          FROM Residents r
         WHERE r.District = @District
         ORDER BY r.District, r.Status
         {"{page}"}
        """;

    // A name look-up narrowed to a birth period (read from the name index: migration 0010) and/or a place: the 行政区
    // or a word of the pre-disaster address. Among 768 サトウ, those born in 1970 come first, not the first 100 by reading.
    private const string BirthFilter = "   AND r.BirthDate >= @From AND r.BirthDate < @To";
    private const string PlaceFilter = "   AND (r.District = @Place OR r.Address LIKE @PlaceLike ESCAPE '\\')";

    /// <summary>A name look-up with the birth period and/or place conditions added before its ORDER BY.</summary>
    private static string Narrowed(string sql, bool birth, bool place)
    {
        var at = sql.IndexOf(" ORDER BY", StringComparison.Ordinal);
        var conditions = (birth ? BirthFilter + "\n" : "") + (place ? PlaceFilter + "\n" : "");
        return string.Concat(sql.AsSpan(0, at), conditions, sql.AsSpan(at));
    }

    private const string ByPhoneSql = """
        SELECT r.ResidentId
          FROM Residents r
         WHERE r.PhoneKey = @Phone
        UNION ALL
        SELECT r.ResidentId
          FROM Residents r
         WHERE r.ContactPhoneKey = @Phone
        """;

    private const string ByNumberSql = """
        SELECT r.ResidentId
          FROM Residents r
         WHERE r.ResidentNo = @Number
        UNION ALL
        SELECT r.ResidentId
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
            exact.Add(new Lookup(ByNumberSql, [new("Number", number)],
                [new SearchProbe(SearchOrder.ResidentNo) { Equal = number }, new SearchProbe(SearchOrder.HouseholdNo) { Equal = number }]));
        }
        if (query.PhoneKey is { } phone)
        {
            exact.Add(new Lookup(ByPhoneSql, [new("Phone", phone)], [new SearchProbe(SearchOrder.Phone) { Equal = phone }]));
        }
        if (query.BirthDate is { } birthDate)
        {
            exact.Add(new Lookup(ByBirthDateSql, [new("BirthDate", birthDate)],
                [new SearchProbe(SearchOrder.BirthDate) { BornOn = birthDate, Take = CandidateLimit }]));
        }
        var names = query.Names;
        if (names.Count == 0 && query.BirthPeriod is { } onlyPeriod)
        {
            exact.Add(new Lookup(ByBirthPeriodSql, PeriodParameters(onlyPeriod),
                [new SearchProbe(SearchOrder.BirthDate) { Within = onlyPeriod, Take = CandidateLimit }]));
        }
        if (names.Count == 0 && query.Place is { } onlyPlace)
        {
            exact.Add(new Lookup(ByDistrictSql, [new("District", onlyPlace)]));
        }
        yield return exact;

        if (names.Count > 0 && (query.BirthPeriod is not null || query.Place is not null))
        {
            var narrowed = new Stage(StageKind.Narrowed);
            var extra = new List<KeyValuePair<string, object>>();
            if (query.BirthPeriod is { } period)
            {
                extra.AddRange(PeriodParameters(period));
            }
            if (query.Place is { } place)
            {
                extra.Add(new("Place", place));
                extra.Add(new("PlaceLike", "%" + EscapeLike(place) + "%"));
            }
            foreach (var lookup in NameLookups(names))
            {
                // A place is matched against the address, which the index does not hold: such a query takes the SQL path.
                var probes = query.Place is null ? lookup.Probes!.Select(p => p with { Within = query.BirthPeriod }).ToList() : null;
                narrowed.Add(new Lookup(Narrowed(lookup.Sql, query.BirthPeriod is not null, query.Place is not null),
                    [.. lookup.Parameters, .. extra], probes));
            }
            yield return narrowed;
        }

        if (names.Count >= 2 && PairLookups(names).ToList() is { Count: > 0 } pairs)
        {
            var pair = new Stage(StageKind.Pair);
            pair.AddRange(pairs);
            yield return pair;
        }
        var words = new Stage(StageKind.Words);
        words.AddRange(WordLookups(names));
        yield return words;
    }

    /// <summary>Every name look-up of a query (the pair, then each word), for narrowing by birth period or place.</summary>
    private static IEnumerable<Lookup> NameLookups(IReadOnlyList<NameTerm> names)
    {
        if (names.Count >= 2)
        {
            foreach (var pair in PairLookups(names))
            {
                yield return pair;
            }
        }
        foreach (var lookup in WordLookups(names))
        {
            yield return lookup;
        }
    }

    /// <summary>
    /// Family and given name together, when the two words' scripts have an index that serves both; a written family
    /// name also under its looser variants (斉藤 一郎 finds 斎藤 一郎).
    /// </summary>
    private static IEnumerable<Lookup> PairLookups(IReadOnlyList<NameTerm> names)
    {
        var (family, given) = (names[0], names[1]);
        var (sql, order) = (family.Script, given.Script) switch
        {
            (NameScript.Reading, NameScript.Reading) => (ByFamilyAndGivenKanaSql, SearchOrder.FamilyKana),
            (NameScript.Written, NameScript.Written) => (ByFamilyAndGivenNameSql, SearchOrder.FamilyName),
            (NameScript.Written, NameScript.Reading) => (ByFamilyNameAndGivenKanaSql, SearchOrder.FamilyNameGivenKana),
            _ => (null, default(SearchOrder)),
        };
        if (sql is null)
        {
            yield break;
        }
        foreach (var key in family.LooseKeys.Prepend(family.Key))
        {
            yield return new Lookup(sql, [new("Family", key), .. Range(given.Key)],
                [new SearchProbe(order) { Equal = key, Key = given.Key, Take = CandidateLimit }]);
        }
    }

    /// <summary>Each name word alone: as family name, given name, or (one word) both typed without a space.</summary>
    private static IEnumerable<Lookup> WordLookups(IReadOnlyList<NameTerm> names)
    {
        foreach (var term in names.Where(t => t.Key.Length > 0))
        {
            var reading = term.Script == NameScript.Reading;
            foreach (var key in term.LooseKeys.Prepend(term.Key))
            {
                var range = Range(key);
                yield return new Lookup(reading ? ByFamilyKanaSql : ByFamilyNameSql, range,
                    [new SearchProbe(reading ? SearchOrder.FamilyKana : SearchOrder.FamilyName) { Key = key, Take = CandidateLimit }]);
                yield return new Lookup(reading ? ByGivenKanaSql : ByGivenNameSql, range,
                    [new SearchProbe(reading ? SearchOrder.GivenKana : SearchOrder.GivenName) { Key = key, Take = CandidateLimit }]);
                if (names.Count == 1)
                {
                    yield return new Lookup(reading ? ByFullKanaSql : ByFullNameSql, range,
                        [new SearchProbe(reading ? SearchOrder.Kana : SearchOrder.Name) { Key = key, Take = CandidateLimit }]);
                }
            }
        }
    }

    private static KeyValuePair<string, object>[] PeriodParameters(BirthPeriod period) =>
        [new("From", period.From), new("To", period.To)];

    /// <summary>A place word as a LIKE pattern's literal part: %, _ and the escape character itself escaped.</summary>
    internal static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal)
            .Replace("_", "\\_", StringComparison.Ordinal).Replace("[", "\\[", StringComparison.Ordinal);

    /// <summary>
    /// The smallest string greater than every string starting with <paramref name="key"/>: the last code unit
    /// plus one. This orders correctly under both SQLite's BINARY (UTF-8 bytes) and SQL Server's BIN2
    /// collation, unlike appending U+FFFF, which sorts below characters outside the BMP in UTF-8.
    /// </summary>
    internal static string KeyEnd(string key) =>
        key.Length == 0 ? "\uFFFF" : string.Concat(key.AsSpan(0, key.Length - 1), ((char)(key[^1] + 1)).ToString());
}
