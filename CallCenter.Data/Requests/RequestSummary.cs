using System.Globalization;
using CallCenter.Data.Common;
using CallCenter.Data.Database;
using CallCenter.Data.Towns;
using Dapper;

namespace CallCenter.Data.Requests;

/// <summary>The dimensions of the requests summary (<c>RequestTallies.Dimension</c>, migration 0017).</summary>
public enum RequestDimension
{
    /// <summary>分類 (the value is the category id).</summary>
    Category = 0,

    /// <summary>行政区 of the person ('' when none).</summary>
    District = 1,

    /// <summary>The person's current prefecture (the code; -1 unknown).</summary>
    Prefecture = 2,

    /// <summary>The person's age band at 受付 (<see cref="AgeBands"/>).</summary>
    AgeBand = 3,

    /// <summary>The month of 受付 in Japan time ('2026-03').</summary>
    Month = 4,
}

/// <summary>One figure of the summary: the open and closed requests under one value of one dimension.</summary>
public sealed record RequestTally
{
    /// <summary>The dimension.</summary>
    public RequestDimension Dimension { get; init; }

    /// <summary>The stored value (category id, district, prefecture code, age band, month).</summary>
    public string Value { get; init; } = "";

    /// <summary>How a planner reads the value (分類名, 行政区, 都道府県名, 年代, 2026年3月).</summary>
    public string Label { get; init; } = "";

    /// <summary>Requests still open (受付, 回付, 対応中).</summary>
    public int Open { get; init; }

    /// <summary>Requests closed (完了, 対応不可).</summary>
    public int Closed { get; init; }

    /// <summary>Open and closed together.</summary>
    public int Total => Open + Closed;
}

/// <summary>The requests summary: every dimension's figures, in each dimension's order.</summary>
/// <param name="Tallies">The non-empty figures.</param>
public sealed record RequestSummaryFigures(IReadOnlyList<RequestTally> Tallies)
{
    /// <summary>One dimension's figures.</summary>
    public IReadOnlyList<RequestTally> Of(RequestDimension dimension) => Tallies.Where(t => t.Dimension == dimension).ToList();

    /// <summary>Every request (the sum over the categories).</summary>
    public int Total => Of(RequestDimension.Category).Sum(t => t.Total);

    /// <summary>Open requests.</summary>
    public int Open => Of(RequestDimension.Category).Sum(t => t.Open);
}

/// <summary>
/// Reads the requests summary (/requests/summary) from <c>RequestTallies</c>, which the triggers of migrations 0017 and
/// 0025 keep exact, per town, in the transaction of every change; a load reads as many rows as it shows. <see cref="FreshAsync"/> computes
/// the same figures by plain GROUP BY over the base tables (the benchmark's floor and the tests' check).
/// </summary>
public sealed partial class RequestSummary(ConnectionFactory connections)
{
    private const string LoadSql = """
        SELECT t.Dimension, t.Value, t.OpenRequests AS OpenCount, t.ClosedRequests AS ClosedCount
          FROM RequestTallies t
         WHERE (t.OpenRequests <> 0
            OR t.ClosedRequests <> 0)
        """;

    private const string CategoryLabelsSql = """
        SELECT CategoryId AS Id, Label
          FROM RequestCategories
        """;

    /// <summary>
    /// The summary of the towns in <paramref name="towns"/> as the triggers keep it (one row per town and value, summed
    /// here over the towns; an empty scope shows nothing).
    /// </summary>
    public async Task<RequestSummaryFigures> LoadAsync(TownScope towns, CancellationToken cancellationToken = default)
    {
        if (towns.TownIds is { Count: 0 })
        {
            return new RequestSummaryFigures([]);
        }
        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(LoadSql + towns.Filter("t.TownId"), new { towns.TownIds },
            cancellationToken: cancellationToken));
        var labels = (await connection.QueryAsync<RequestChoice>(new CommandDefinition(CategoryLabelsSql, cancellationToken: cancellationToken)))
            .ToDictionary(c => c.Id.ToString(CultureInfo.InvariantCulture), c => c.Label, StringComparer.Ordinal);
        return Compose(SumOverTowns(rows), labels);
    }

    private static IEnumerable<Row> SumOverTowns(IEnumerable<Row> rows) => rows
        .GroupBy(r => (r.Dimension, r.Value))
        .Select(g => new Row { Dimension = g.Key.Dimension, Value = g.Key.Value, OpenCount = g.Sum(r => r.OpenCount), ClosedCount = g.Sum(r => r.ClosedCount) });

    // The floor: the same figures from the requests and their persons, one GROUP BY per dimension (district and
    // prefecture from Residents itself; age band and month from the request's 受付 copies, which the tests check
    // against the birth dates and times).
    private const string FreshSql = """
          SELECT 0 AS Dimension, CAST(r.CategoryId AS VARCHAR(20)) AS Value,
                 SUM(CASE WHEN r.Status < 3 THEN 1 ELSE 0 END) AS OpenCount, SUM(CASE WHEN r.Status >= 3 THEN 1 ELSE 0 END) AS ClosedCount
            FROM Requests r
        GROUP BY r.CategoryId
        UNION ALL
          SELECT 1, COALESCE(s.District, ''),
                 SUM(CASE WHEN r.Status < 3 THEN 1 ELSE 0 END), SUM(CASE WHEN r.Status >= 3 THEN 1 ELSE 0 END)
            FROM Requests r
            LEFT JOIN Residents s ON s.ResidentId = r.SubjectResidentId
        GROUP BY COALESCE(s.District, '')
        UNION ALL
          SELECT 2, CAST(COALESCE(CAST(s.PrefectureCode AS INT), -1) AS VARCHAR(20)),
                 SUM(CASE WHEN r.Status < 3 THEN 1 ELSE 0 END), SUM(CASE WHEN r.Status >= 3 THEN 1 ELSE 0 END)
            FROM Requests r
            LEFT JOIN Residents s ON s.ResidentId = r.SubjectResidentId
        GROUP BY COALESCE(CAST(s.PrefectureCode AS INT), -1)
        UNION ALL
          SELECT 3, CAST(r.AgeBand AS VARCHAR(20)),
                 SUM(CASE WHEN r.Status < 3 THEN 1 ELSE 0 END), SUM(CASE WHEN r.Status >= 3 THEN 1 ELSE 0 END)
            FROM Requests r
        GROUP BY r.AgeBand
        UNION ALL
          SELECT 4, r.ReceivedMonth,
                 SUM(CASE WHEN r.Status < 3 THEN 1 ELSE 0 END), SUM(CASE WHEN r.Status >= 3 THEN 1 ELSE 0 END)
            FROM Requests r
        GROUP BY r.ReceivedMonth
        """;

    /// <summary>
    /// The same figures by plain GROUP BY over the requests and residents (reads every request); the towns from the
    /// requests' households.
    /// </summary>
    public async Task<RequestSummaryFigures> FreshAsync(TownScope towns, CancellationToken cancellationToken = default)
    {
        if (towns.TownIds is { Count: 0 })
        {
            return new RequestSummaryFigures([]);
        }
        // Each part of the UNION reads only the requests of the chosen towns (their households' town).
        var sql = FreshSql.Replace("FROM Requests r", "FROM (SELECT q.* FROM Requests q JOIN Households hh ON hh.HouseholdId = q.HouseholdId WHERE 1 = 1"
            + towns.Filter("hh.TownId") + ") r", StringComparison.Ordinal);
        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(sql, new { towns.TownIds }, commandTimeout: 600, cancellationToken: cancellationToken));
        var labels = (await connection.QueryAsync<RequestChoice>(new CommandDefinition(CategoryLabelsSql, cancellationToken: cancellationToken)))
            .ToDictionary(c => c.Id.ToString(CultureInfo.InvariantCulture), c => c.Label, StringComparer.Ordinal);
        return Compose(rows, labels);
    }

    /// <summary>The label of a dimension's stored value.</summary>
    public static string LabelOf(RequestDimension dimension, string value, IReadOnlyDictionary<string, string>? categoryLabels = null) => dimension switch
    {
        RequestDimension.Category => categoryLabels?.GetValueOrDefault(value) ?? $"分類 {value}",
        RequestDimension.District => value.Length == 0 ? "不明" : value,
        RequestDimension.Prefecture => byte.TryParse(value, CultureInfo.InvariantCulture, out var code) ? Prefectures.Name(code) ?? "不明" : "不明",
        RequestDimension.AgeBand => AgeBands.Label(int.TryParse(value, CultureInfo.InvariantCulture, out var band) ? band : AgeBands.Unknown),
        RequestDimension.Month => value.Length == 7 ? $"{value[..4]}年{int.Parse(value[5..], CultureInfo.InvariantCulture)}月" : "不明",
        _ => value,
    };

    private static RequestSummaryFigures Compose(IEnumerable<Row> rows, IReadOnlyDictionary<string, string> categoryLabels)
    {
        var order = categoryLabels.Keys.Select((k, i) => (k, i)).ToDictionary(p => p.k, p => p.i, StringComparer.Ordinal);
        var tallies = rows
            .Where(r => r.OpenCount != 0 || r.ClosedCount != 0)
            .Select(r => new RequestTally
            {
                Dimension = (RequestDimension)r.Dimension, Value = r.Value,
                Label = LabelOf((RequestDimension)r.Dimension, r.Value, categoryLabels), Open = r.OpenCount, Closed = r.ClosedCount,
            })
            .OrderBy(t => t.Dimension)
            .ThenBy(t => SortKey(t, order))
            .ThenBy(t => t.Value, StringComparer.Ordinal)
            .ToList();
        return new RequestSummaryFigures(tallies);
    }

    // Categories by id, prefectures by code, age bands in order, months in time; districts by their most requests.
    internal static long SortKey(RequestTally t, IReadOnlyDictionary<string, int> categoryOrder) => t.Dimension switch
    {
        RequestDimension.Category or RequestDimension.Prefecture or RequestDimension.AgeBand =>
            long.TryParse(t.Value, CultureInfo.InvariantCulture, out var n) ? (n < 0 ? long.MaxValue : n) : long.MaxValue,
        RequestDimension.District => -t.Total,
        _ => 0,
    };

    private sealed class Row
    {
        public int Dimension { get; init; }
        public string Value { get; init; } = "";
        public int OpenCount { get; init; }
        public int ClosedCount { get; init; }
    }
}
