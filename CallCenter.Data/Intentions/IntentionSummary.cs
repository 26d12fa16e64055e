using CallCenter.Data.Common;
using CallCenter.Data.Database;
using CallCenter.Data.Dashboard;
using CallCenter.Data.Reports;
using CallCenter.Data.Towns;
using Dapper;

namespace CallCenter.Data.Intentions;

/// <summary>How the intention summary groups households (the API's <c>by</c>).</summary>
public enum IntentionGrouping
{
    /// <summary>行政区 (Households.District).</summary>
    District = 1,

    /// <summary>The head's current prefecture (都道府県名).</summary>
    Prefecture = 2,

    /// <summary>The head's current whereabouts type (避難先種別).</summary>
    WhereaboutsType = 3,

    /// <summary>The head's age band today (Japan time): 〜39, 40代, 50代, 60代, 70代, 80〜.</summary>
    AgeBand = 4,
}

/// <summary>A survey round as the summary offers it.</summary>
/// <param name="RoundId">The round's id.</param>
/// <param name="Name">Its name (「2026年度」).</param>
public sealed record SummaryRound(int RoundId, string Name);

/// <summary>Households and their counting answers: <c>ByIntention[i]</c> counts <see cref="IntentionChoices.Intentions"/>[i].</summary>
/// <param name="Households">Every household of the register (of the group).</param>
/// <param name="Answered">Households with a counting answer in the round.</param>
/// <param name="ByIntention">Answered households per intention, in the survey's order.</param>
public sealed record IntentionCounts(int Households, int Answered, IReadOnlyList<int> ByIntention)
{
    /// <summary>Households without a counting answer in the round.</summary>
    public int Unanswered => Households - Answered;

    /// <summary>The households answering <paramref name="intention"/>.</summary>
    public int Of(ReturnIntention intention) => ByIntention[(int)intention - 1];
}

/// <summary>One group of the summary.</summary>
/// <param name="Key">The key as the households list and the exports take it back (district name, prefecture code, type code, band label; '' unknown).</param>
/// <param name="Label">The Japanese label (district name, 都道府県名, 避難先種別, age band; 「不明」 for unknown).</param>
/// <param name="Counts">Its households and answers.</param>
public sealed record IntentionGroup(string Key, string Label, IntentionCounts Counts);

/// <summary>The summary of a round: the whole town, and the groups of one grouping (empty without one).</summary>
/// <param name="Round">The round.</param>
/// <param name="Total">The whole town.</param>
/// <param name="Groups">The groups, in display order.</param>
public sealed record IntentionSummaryResult(SummaryRound Round, IntentionCounts Total, IReadOnlyList<IntentionGroup> Groups);

/// <summary>One town's households, answers and intentions in a round.</summary>
/// <param name="TownId">The town (Towns.TownId).</param>
/// <param name="Counts">Its figures.</param>
public sealed record IntentionTownTotal(int TownId, IntentionCounts Counts);

/// <summary>Households per choice of the counting answers (<see cref="IntentionChoices"/>' orders).</summary>
/// <param name="Needs">判断に必要なこと, per label.</param>
/// <param name="Reasons">戻らない理由, per label.</param>
/// <param name="Housing">希望する住まい, per label.</param>
/// <param name="HousingNotGiven">Answers without a housing wish.</param>
public sealed record IntentionDetails(IReadOnlyList<int> Needs, IReadOnlyList<int> Reasons, IReadOnlyList<int> Housing, int HousingNotGiven);

/// <summary>
/// The intention survey's summary for the recovery plan (issue 17): per round, every household of the register, the
/// households with a counting answer (HouseholdIntentions) and their intentions, for the whole town and by district,
/// the head's current prefecture, the head's whereabouts type or the head's age band today. Reads the counts migration
/// 0018 keeps exact in the writing transaction (IntentionGroupCounts), about as many rows as it shows; the age bands are
/// folded from the heads' birth months, with the days read only for the months a band boundary cuts.
/// <see cref="CountFreshAsync(SummaryRound, IntentionGrouping?, TownScope, CancellationToken)"/> is the same figures by a plain GROUP BY over the register (the tests' and the bench's check).
/// </summary>
public sealed class IntentionSummary(ConnectionFactory connections, TimeProvider time)
{
    /// <summary>The age bands' labels, youngest first, then the unknown one.</summary>
    public static IReadOnlyList<string> AgeBands { get; } = ["〜39", "40代", "50代", "60代", "70代", "80〜"];

    /// <summary>The label of every unknown key.</summary>
    public const string Unknown = "不明";

    /// <summary>The <c>by</c> values of the API, to the grouping; null when unknown.</summary>
    public static IntentionGrouping? GroupingFromName(string? name) => name switch
    {
        "district" => IntentionGrouping.District,
        "prefecture" => IntentionGrouping.Prefecture,
        "whereaboutsType" => IntentionGrouping.WhereaboutsType,
        "ageBand" => IntentionGrouping.AgeBand,
        _ => null,
    };

    /// <summary>The API's name of a grouping.</summary>
    public static string NameOf(IntentionGrouping grouping) => grouping switch
    {
        IntentionGrouping.District => "district",
        IntentionGrouping.Prefecture => "prefecture",
        IntentionGrouping.WhereaboutsType => "whereaboutsType",
        _ => "ageBand",
    };

    /// <summary>The Japanese heading of a grouping.</summary>
    public static string Heading(IntentionGrouping grouping) => grouping switch
    {
        IntentionGrouping.District => "行政区",
        IntentionGrouping.Prefecture => "避難先の都道府県",
        IntentionGrouping.WhereaboutsType => "避難先種別",
        _ => "世帯主の年齢",
    };

    private const string RoundsSql = """
          SELECT RoundId, Name
            FROM SurveyRounds
        ORDER BY CreatedAt DESC, RoundId DESC
        """;

    /// <summary>Every round, newest first (the first is the summary's default).</summary>
    public async Task<IReadOnlyList<SummaryRound>> RoundsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<RoundRow>(new CommandDefinition(RoundsSql, cancellationToken: cancellationToken)))
            .Select(r => new SummaryRound(r.RoundId, r.Name)).ToList();
    }

    /// <summary>The round named <paramref name="name"/>, the newest round when the name is empty, or null (no such round, or none at all).</summary>
    public async Task<SummaryRound?> FindRoundAsync(string? name, CancellationToken cancellationToken = default)
    {
        var rounds = await RoundsAsync(cancellationToken);
        return string.IsNullOrWhiteSpace(name) ? rounds.FirstOrDefault() : rounds.FirstOrDefault(r => r.Name == name.Trim());
    }

    private const string CountsSql = """
        SELECT RoundId, Dimension, GroupKey, Intention, Households
          FROM IntentionGroupCounts
         WHERE RoundId IN (0, @RoundId)
           AND Dimension IN (0, @Dimension)
           AND Households <> 0 /*towns*/
        """;

    // The heads' birth months that no band boundary cuts, folded into their bands in SQL (every day of such a month is in
    // one band: before the month of the latest birth date of someone 80 today, 80〜; and so on down), so a load reads a
    // few rows per band instead of one per birth month; '' (no birth date) stays ''. The cut months come from their days.
    private const string FoldedMonthsSql = """
          SELECT RoundId, 6 AS Dimension, Band AS GroupKey, Intention, SUM(Households) AS Households
            FROM (SELECT RoundId,
                         CASE WHEN GroupKey = '' THEN ''
                              WHEN GroupKey < @M4 THEN @L5
                              WHEN GroupKey < @M3 THEN @L4
                              WHEN GroupKey < @M2 THEN @L3
                              WHEN GroupKey < @M1 THEN @L2
                              WHEN GroupKey < @M0 THEN @L1
                              ELSE @L0 END AS Band,
                         Intention, Households
                    FROM IntentionGroupCounts
                   WHERE RoundId IN (0, @RoundId)
                     AND Dimension = 4
                     AND Households <> 0
                     AND GroupKey NOT IN (@M0, @M1, @M2, @M3, @M4) /*towns*/) b
        GROUP BY RoundId, Band, Intention
        """;

    // The heads' birth dates of the months a band boundary cuts (at most five months, about 150 keys per round): one
    // range of the primary key per month (an OR of the ranges made SQLite scan every birth date).
    private const string BoundaryDaysSql = """
        SELECT RoundId, Dimension, GroupKey, Intention, Households
          FROM IntentionGroupCounts
         WHERE RoundId IN (0, @RoundId)
           AND Dimension = 5
           AND GroupKey > @M0
           AND GroupKey < @E0
           AND Households <> 0 /*towns*/
         UNION ALL
        SELECT RoundId, Dimension, GroupKey, Intention, Households
          FROM IntentionGroupCounts
         WHERE RoundId IN (0, @RoundId)
           AND Dimension = 5
           AND GroupKey > @M1
           AND GroupKey < @E1
           AND Households <> 0 /*towns*/
         UNION ALL
        SELECT RoundId, Dimension, GroupKey, Intention, Households
          FROM IntentionGroupCounts
         WHERE RoundId IN (0, @RoundId)
           AND Dimension = 5
           AND GroupKey > @M2
           AND GroupKey < @E2
           AND Households <> 0 /*towns*/
         UNION ALL
        SELECT RoundId, Dimension, GroupKey, Intention, Households
          FROM IntentionGroupCounts
         WHERE RoundId IN (0, @RoundId)
           AND Dimension = 5
           AND GroupKey > @M3
           AND GroupKey < @E3
           AND Households <> 0 /*towns*/
         UNION ALL
        SELECT RoundId, Dimension, GroupKey, Intention, Households
          FROM IntentionGroupCounts
         WHERE RoundId IN (0, @RoundId)
           AND Dimension = 5
           AND GroupKey > @M4
           AND GroupKey < @E4
           AND Households <> 0 /*towns*/
        """;

    /// <summary>The summary of <paramref name="round"/> over every town, grouped by <paramref name="by"/> (no groups when null).</summary>
    public Task<IntentionSummaryResult> LoadAsync(SummaryRound round, IntentionGrouping? by, CancellationToken cancellationToken = default) =>
        LoadAsync(round, by, TownScope.All, cancellationToken);

    /// <summary>
    /// The summary of <paramref name="round"/> over the towns of <paramref name="towns"/> (their households are the
    /// denominators), grouped by <paramref name="by"/> (no groups when null).
    /// </summary>
    public async Task<IntentionSummaryResult> LoadAsync(SummaryRound round, IntentionGrouping? by, TownScope towns,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(round);
        ArgumentNullException.ThrowIfNull(towns);
        var today = JapanTime.Today(time);
        // The age band reads the town's row here, the folded months and the cut months' days below.
        var dimension = by is IntentionGrouping.AgeBand ? 0 : (int?)by ?? 0;
        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = (await connection.QueryAsync<CountRow>(new CommandDefinition(ByTown(CountsSql, towns),
            new { round.RoundId, Dimension = dimension, towns.TownIds }, cancellationToken: cancellationToken))).AsList();
        if (by is IntentionGrouping.AgeBand)
        {
            var boundaries = BandBoundaries(today);
            var args = new DynamicParameters(new { round.RoundId, towns.TownIds });
            for (var i = 0; i < boundaries.Count; i++)
            {
                var month = boundaries[i].ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
                args.Add($"M{i}", month);
                args.Add($"E{i}", month + "-99");
            }
            for (var i = 0; i < AgeBands.Count; i++)
            {
                args.Add($"L{i}", AgeBands[i]);
            }
            // A cut month's households come from its days; every other month lies wholly in one band.
            rows.AddRange(await connection.QueryAsync<CountRow>(new CommandDefinition(ByTown(FoldedMonthsSql, towns), args, cancellationToken: cancellationToken)));
            rows.AddRange(await connection.QueryAsync<CountRow>(new CommandDefinition(ByTown(BoundaryDaysSql, towns), args, cancellationToken: cancellationToken)));
        }
        var byKey = new Dictionary<(int Dimension, string Key), int[]>();
        // A birth month or day stands in up to ten rows (rounds × intentions): its band is worked out once.
        var bands = new Dictionary<string, string>(StringComparer.Ordinal);
        string Band(string birth) => bands.TryGetValue(birth, out var band) ? band : bands[birth] = AgeBandKey(birth, today);
        foreach (var row in rows)
        {
            var key = row.Dimension switch
            {
                4 or 5 => (1, Band(row.GroupKey)),
                6 => (1, row.GroupKey),
                0 => (0, ""),
                _ => (1, row.GroupKey),
            };
            Add(byKey, key, row.RoundId == 0 ? -1 : row.Intention, row.Households);
        }
        return Compose(round, byKey, by);
    }

    // The counts are keyed by town first (migration 0026): a look-up without a town test (all towns) cannot seek the key
    // and scans every count of every round, five times over for the cut months' days (bench, 11,500 residents: the age band's
    // loads made the p95 7.9–10.9 ms, 3.1–3.2 ms with this). All towns are named as the towns that exist, so each look-up
    // seeks the key per town.
    private static string ByTown(string sql, TownScope towns) => towns.TownIds is null
        ? sql.Replace(TownFilter.Marker, " AND TownId IN (SELECT TownId FROM Towns)", StringComparison.Ordinal)
        : TownFilter.Apply(sql, towns);

    /// <summary>The look-ups as <see cref="ByTown"/> composes them, for all towns and for two (SQL Server parses and binds each in tests).</summary>
    public static IEnumerable<(string Name, string Sql)> TownStatements()
    {
        foreach (var (name, sql) in new[] { ("Counts", CountsSql), ("FoldedMonths", FoldedMonthsSql), ("BoundaryDays", BoundaryDaysSql) })
        {
            yield return ($"{name}.all", ByTown(sql, TownScope.All));
            yield return ($"{name}.towns", Calls.TownSql.Expanded(ByTown(sql, TownScope.Only([1, 2]))));
        }
    }

    // Each town's row (dimension 0) of the round and of the register: a few rows per town.
    private const string TownTotalsSql = """
        SELECT TownId, RoundId, Intention, Households
          FROM IntentionGroupCounts
         WHERE RoundId IN (0, @RoundId)
           AND Dimension = 0
           AND Households <> 0 /*towns*/
        """;

    /// <summary>Each town's households, answers and intentions in <paramref name="round"/>, by town id (the comparison of towns).</summary>
    public async Task<IReadOnlyList<IntentionTownTotal>> TownTotalsAsync(SummaryRound round, TownScope towns, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(round);
        ArgumentNullException.ThrowIfNull(towns);
        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<TownRow>(new CommandDefinition(TownFilter.Apply(TownTotalsSql, towns),
            new { round.RoundId, towns.TownIds }, cancellationToken: cancellationToken));
        return rows.GroupBy(r => r.TownId).OrderBy(g => g.Key).Select(g =>
        {
            var byKey = new Dictionary<(int, string), int[]>();
            foreach (var row in g)
            {
                Add(byKey, (0, ""), row.RoundId == 0 ? -1 : row.Intention, row.Households);
            }
            return new IntentionTownTotal(g.Key, Counts(byKey.GetValueOrDefault((0, ""))));
        }).ToList();
    }

    private const string FreshTownSql = """
        SELECT '' AS GroupKey, COALESCE(a.Intention, 0) AS Intention, COUNT(*) AS Households
          FROM IntentionHeads v
          JOIN Households h
            ON h.HouseholdId = v.HouseholdId
          LEFT JOIN HouseholdIntentions a
            ON a.HouseholdId = v.HouseholdId
           AND a.RoundId = @RoundId
         WHERE 1 = 1 /*towns*/
         GROUP BY COALESCE(a.Intention, 0)
        """;

    private const string FreshDistrictSql = """
        SELECT v.District AS GroupKey, COALESCE(a.Intention, 0) AS Intention, COUNT(*) AS Households
          FROM IntentionHeads v
          JOIN Households h
            ON h.HouseholdId = v.HouseholdId
          LEFT JOIN HouseholdIntentions a
            ON a.HouseholdId = v.HouseholdId
           AND a.RoundId = @RoundId
         WHERE 1 = 1 /*towns*/
         GROUP BY v.District, COALESCE(a.Intention, 0)
        """;

    private const string FreshPrefectureSql = """
        SELECT COALESCE(v.Prefecture, '') AS GroupKey, COALESCE(a.Intention, 0) AS Intention, COUNT(*) AS Households
          FROM IntentionHeads v
          JOIN Households h
            ON h.HouseholdId = v.HouseholdId
          LEFT JOIN HouseholdIntentions a
            ON a.HouseholdId = v.HouseholdId
           AND a.RoundId = @RoundId
         WHERE 1 = 1 /*towns*/
         GROUP BY COALESCE(v.Prefecture, ''), COALESCE(a.Intention, 0)
        """;

    private const string FreshWhereaboutsSql = """
        SELECT COALESCE(v.Whereabouts, '') AS GroupKey, COALESCE(a.Intention, 0) AS Intention, COUNT(*) AS Households
          FROM IntentionHeads v
          JOIN Households h
            ON h.HouseholdId = v.HouseholdId
          LEFT JOIN HouseholdIntentions a
            ON a.HouseholdId = v.HouseholdId
           AND a.RoundId = @RoundId
         WHERE 1 = 1 /*towns*/
         GROUP BY COALESCE(v.Whereabouts, ''), COALESCE(a.Intention, 0)
        """;

    private const string FreshBirthDateSql = """
        SELECT COALESCE(v.BirthDate, '') AS GroupKey, COALESCE(a.Intention, 0) AS Intention, COUNT(*) AS Households
          FROM IntentionHeads v
          JOIN Households h
            ON h.HouseholdId = v.HouseholdId
          LEFT JOIN HouseholdIntentions a
            ON a.HouseholdId = v.HouseholdId
           AND a.RoundId = @RoundId
         WHERE 1 = 1 /*towns*/
         GROUP BY COALESCE(v.BirthDate, ''), COALESCE(a.Intention, 0)
        """;

    /// <summary>
    /// The same figures as <see cref="LoadAsync(SummaryRound, IntentionGrouping?, TownScope, CancellationToken)"/> by a plain GROUP BY over the register and the counting answers (the
    /// heads chosen afresh by the view IntentionHeads), with age bands computed per birth date: the check of the kept
    /// counts in the tests and the bench's floor.
    /// </summary>
    public Task<IntentionSummaryResult> CountFreshAsync(SummaryRound round, IntentionGrouping? by, CancellationToken cancellationToken = default) =>
        CountFreshAsync(round, by, TownScope.All, cancellationToken);

    /// <summary>As <see cref="CountFreshAsync(SummaryRound, IntentionGrouping?, CancellationToken)"/>, over the towns of <paramref name="towns"/>.</summary>
    public async Task<IntentionSummaryResult> CountFreshAsync(SummaryRound round, IntentionGrouping? by, TownScope towns,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(round);
        ArgumentNullException.ThrowIfNull(towns);
        var today = JapanTime.Today(time);
        var byKey = new Dictionary<(int Dimension, string Key), int[]>();
        await using var connection = await connections.OpenAsync(cancellationToken);
        foreach (var (sql, dimension) in new[] { (FreshTownSql, 0), (by switch
        {
            IntentionGrouping.District => FreshDistrictSql,
            IntentionGrouping.Prefecture => FreshPrefectureSql,
            IntentionGrouping.WhereaboutsType => FreshWhereaboutsSql,
            IntentionGrouping.AgeBand => FreshBirthDateSql,
            _ => "",
        }, 1) })
        {
            if (sql.Length == 0)
            {
                continue;
            }
            var rows = await connection.QueryAsync<FreshRow>(new CommandDefinition(TownFilter.Apply(sql, towns, "h.TownId"),
                new { round.RoundId, towns.TownIds }, cancellationToken: cancellationToken));
            foreach (var row in rows)
            {
                var key = (dimension, dimension == 0 ? "" : by is IntentionGrouping.AgeBand ? AgeBandKey(row.GroupKey, today) : row.GroupKey);
                Add(byKey, key, -1, row.Households);
                if (row.Intention != 0)
                {
                    Add(byKey, key, row.Intention, row.Households);
                }
            }
        }
        return Compose(round, byKey, by);
    }

    private const string DetailsSql = """
          SELECT a.Needs, a.Reasons, a.Housing, COUNT(*) AS Households
            FROM HouseholdIntentions hi
            JOIN IntentionAnswers a ON a.AnswerId = hi.AnswerId
           WHERE hi.RoundId = @RoundId /*towns*/
        GROUP BY a.Needs, a.Reasons, a.Housing
        """;

    /// <summary>
    /// 判断に必要なこと, 戻らない理由 and 希望する住まい over the counting answers of a round: households per choice, in the
    /// survey's order (a household may name several needs and reasons). Reads the round's answers (grouped by their choices).
    /// </summary>
    public Task<IntentionDetails> DetailsAsync(SummaryRound round, CancellationToken cancellationToken = default) =>
        DetailsAsync(round, TownScope.All, cancellationToken);

    /// <summary>As <see cref="DetailsAsync(SummaryRound, CancellationToken)"/>, over the counting answers of the towns of <paramref name="towns"/>.</summary>
    public async Task<IntentionDetails> DetailsAsync(SummaryRound round, TownScope towns, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(round);
        ArgumentNullException.ThrowIfNull(towns);
        var needs = new int[IntentionChoices.NeedLabels.Count];
        var reasons = new int[IntentionChoices.ReasonLabels.Count];
        var housing = new int[IntentionChoices.HousingLabels.Count + 1];
        await using var connection = await connections.OpenAsync(cancellationToken);
        foreach (var row in await connection.QueryAsync<DetailRow>(new CommandDefinition(
                     TownFilter.Apply(DetailsSql, towns, "(SELECT ih.TownId FROM IntentionHouseholds ih WHERE ih.HouseholdId = hi.HouseholdId)"),
                     new { round.RoundId, towns.TownIds }, cancellationToken: cancellationToken)))
        {
            for (var i = 0; i < needs.Length; i++)
            {
                needs[i] += (row.Needs & (1 << i)) != 0 ? row.Households : 0;
            }
            for (var i = 0; i < reasons.Length; i++)
            {
                reasons[i] += (row.Reasons & (1 << i)) != 0 ? row.Households : 0;
            }
            housing[row.Housing is >= 1 and <= 4 ? row.Housing.Value - 1 : housing.Length - 1] += row.Households;
        }
        return new IntentionDetails(needs, reasons, housing[..^1], housing[^1]);
    }

    /// <summary>The band label of a birth date ('yyyy-MM-dd', or a month 'yyyy-MM' lying wholly in one band) today; '' unknown.</summary>
    public static string AgeBandKey(string birth, DateOnly today)
    {
        if (birth.Length < 7)
        {
            return "";
        }
        // A month key stands for its last day: every day of a month not cut by a boundary is in the same band.
        var date = birth.Length >= 10
            ? DateOnly.ParseExact(birth[..10], "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)
            : DateOnly.ParseExact(birth + "-01", "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture).AddMonths(1).AddDays(-1);
        return AgeBandOf(AgeOn(date, today));
    }

    /// <summary>Full years from <paramref name="birth"/> to <paramref name="today"/> (a 29 February birthday counts on 1 March in other years).</summary>
    public static int AgeOn(DateOnly birth, DateOnly today)
    {
        var age = today.Year - birth.Year;
        return (today.Month, today.Day).CompareTo((birth.Month, birth.Day)) < 0 ? age - 1 : age;
    }

    /// <summary>The band label of an age.</summary>
    public static string AgeBandOf(int age) => age switch
    {
        < 40 => AgeBands[0],
        < 50 => AgeBands[1],
        < 60 => AgeBands[2],
        < 70 => AgeBands[3],
        < 80 => AgeBands[4],
        _ => AgeBands[5],
    };

    /// <summary>The birth date of the youngest head of each band from 40代 up, today: the months holding them are cut.</summary>
    private static List<DateOnly> BandBoundaries(DateOnly today) =>
        [.. new[] { 40, 50, 60, 70, 80 }.Select(years => Latest(today, years))];

    /// <summary>The latest birth date of someone at least <paramref name="years"/> old today (<see cref="AgeOn"/>'s rule).</summary>
    public static DateOnly Latest(DateOnly today, int years)
    {
        // The latest birth date whose age today is at least years (AgeOn's rule).
        var candidate = today.AddYears(-years);
        return AgeOn(candidate.AddDays(1), today) >= years ? candidate.AddDays(1) : candidate;
    }

    private static void Add(Dictionary<(int, string), int[]> byKey, (int, string) key, int intention, int households)
    {
        if (!byKey.TryGetValue(key, out var counts))
        {
            byKey[key] = counts = new int[IntentionChoices.Intentions.Count + 1];
        }
        // Slot 0: every household; slots 1..4: the intentions.
        counts[intention < 0 ? 0 : intention] += households;
    }

    private static IntentionSummaryResult Compose(SummaryRound round, Dictionary<(int Dimension, string Key), int[]> byKey, IntentionGrouping? by)
    {
        var total = Counts(byKey.GetValueOrDefault((0, "")));
        var groups = by is not { } grouping ? [] : byKey
            .Where(p => p.Key.Dimension == 1 && p.Value[0] != 0)
            .Select(p => new IntentionGroup(p.Key.Key, LabelOf(grouping, p.Key.Key), Counts(p.Value)))
            .OrderBy(g => g.Key.Length == 0 ? 1 : 0)
            .ThenBy(g => OrderOf(grouping, g.Key))
            .ThenBy(g => g.Key, StringComparer.Ordinal)
            .ToList();
        return new IntentionSummaryResult(round, total, groups);
    }

    private static IntentionCounts Counts(int[]? counts) => counts is null
        ? new IntentionCounts(0, 0, [0, 0, 0, 0])
        : new IntentionCounts(counts[0], counts[1..].Sum(), counts[1..]);

    private static int OrderOf(IntentionGrouping grouping, string key) => grouping switch
    {
        IntentionGrouping.AgeBand => AgeBands.ToList().IndexOf(key),
        IntentionGrouping.Prefecture or IntentionGrouping.WhereaboutsType when int.TryParse(key, out var code) => code,
        _ => 0,
    };

    /// <summary>The Japanese label of a group key (「不明」 for '' or an unknown code).</summary>
    public static string LabelOf(IntentionGrouping grouping, string key)
    {
        if (key.Length == 0)
        {
            return Unknown;
        }
        return grouping switch
        {
            IntentionGrouping.Prefecture => byte.TryParse(key, out var code) ? Prefectures.Name(code) ?? Unknown : Unknown,
            IntentionGrouping.WhereaboutsType => byte.TryParse(key, out var type) ? ((WhereaboutsType)type).Label() : Unknown,
            _ => key,
        };
    }

    private sealed class CountRow
    {
        public int RoundId { get; init; }
        public int Dimension { get; init; }
        public string GroupKey { get; init; } = "";
        public int Intention { get; init; }
        public int Households { get; init; }
    }

    private sealed class TownRow
    {
        public int TownId { get; init; }
        public int RoundId { get; init; }
        public int Intention { get; init; }
        public int Households { get; init; }
    }

    private sealed class DetailRow
    {
        public int Needs { get; init; }
        public int Reasons { get; init; }
        public int? Housing { get; init; }
        public int Households { get; init; }
    }

    private sealed class RoundRow
    {
        public int RoundId { get; init; }
        public string Name { get; init; } = "";
    }

    private sealed class FreshRow
    {
        public string GroupKey { get; init; } = "";
        public int Intention { get; init; }
        public int Households { get; init; }
    }
}
