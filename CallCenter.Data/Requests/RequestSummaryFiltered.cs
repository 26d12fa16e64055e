using System.Globalization;
using System.Runtime.InteropServices;
using CallCenter.Data.Towns;
using Dapper;

namespace CallCenter.Data.Requests;

/// <summary>
/// The filtered summary and the cross tables of /requests/summary. Without a value filtered the figures are the
/// tallies' (<see cref="LoadAsync(TownScope, CancellationToken)"/>, the state kept by dropping the other count); with
/// one, the cells of <c>RequestCube</c> (migration 0025: one row per town, district, month, category, prefecture and
/// age band, kept exact by the same triggers as the tallies) that the filters keep, summed here per dimension and per
/// pair of dimensions: no GROUP BY over the requests. Only the filters given are in the statement (each its own plan);
/// the towns are always named (for all towns every town of <c>Towns</c>), so the cube's key (town, district, month)
/// and its two other indexes (town, category, age band, prefecture; town, prefecture, age band) can be used.
/// Every composition is parsed and schema-checked as T-SQL in the tests (<see cref="AllStatements"/>).
/// </summary>
public sealed partial class RequestSummary
{
    private const string CellColumns = "c.District, c.ReceivedMonth, c.CategoryId, c.PrefectureCode, c.AgeBand, c.OpenRequests, c.ClosedRequests";

    /// <summary>The statement that reads the cells <paramref name="filter"/> keeps inside <paramref name="towns"/>.</summary>
    internal static string CellsSql(RequestSummaryFilter filter, TownScope towns)
    {
        var conditions = new List<string>
        {
            towns.IsAll ? "c.TownId IN (SELECT t.TownId FROM Towns t)" : "c.TownId IN @TownIds",
        };
        if (filter.District is not null)
        {
            conditions.Add("c.District = @District");
        }
        if (filter.FromMonth is not null)
        {
            conditions.Add("c.ReceivedMonth >= @FromMonth");
        }
        if (filter.ToMonth is not null)
        {
            conditions.Add("c.ReceivedMonth <= @ToMonth");
        }
        if (filter.CategoryId is not null)
        {
            conditions.Add("c.CategoryId = @CategoryId");
        }
        if (filter.PrefectureCode is not null)
        {
            conditions.Add("c.PrefectureCode = @PrefectureCode");
        }
        if (filter.AgeBand is not null)
        {
            conditions.Add("c.AgeBand = @AgeBand");
        }
        switch (filter.State)
        {
            case RequestState.Open:
                conditions.Add("c.OpenRequests > 0");
                break;
            case RequestState.Closed:
                conditions.Add("c.ClosedRequests > 0");
                break;
        }
        return $"SELECT {CellColumns}\n  FROM RequestCube c\n WHERE " + string.Join("\n   AND ", conditions);
    }

    private static DynamicParameters CellParameters(RequestSummaryFilter filter, TownScope towns)
    {
        var parameters = new DynamicParameters();
        if (!towns.IsAll)
        {
            parameters.Add("TownIds", towns.TownIds);
        }
        if (filter.District is { } district)
        {
            parameters.Add("District", district.Trim(), System.Data.DbType.String, size: 50);
        }
        if (filter.FromMonth is { } from)
        {
            parameters.Add("FromMonth", from, System.Data.DbType.String, size: 7);
        }
        if (filter.ToMonth is { } to)
        {
            parameters.Add("ToMonth", to, System.Data.DbType.String, size: 7);
        }
        if (filter.CategoryId is { } category)
        {
            parameters.Add("CategoryId", category, System.Data.DbType.Int32);
        }
        if (filter.PrefectureCode is { } prefecture)
        {
            parameters.Add("PrefectureCode", prefecture, System.Data.DbType.Int32);
        }
        if (filter.AgeBand is { } band)
        {
            parameters.Add("AgeBand", band, System.Data.DbType.Int32);
        }
        return parameters;
    }

    /// <summary>Every composition of <see cref="CellsSql"/> (all filters on or off, each state, all towns or a list of two), as SQL Server receives it.</summary>
    public static IEnumerable<(string Name, string Sql)> AllStatements()
    {
        var limited = TownScope.Only([1, 2]);
        for (var mask = 0; mask < 64; mask++)
        {
            var filter = new RequestSummaryFilter
            {
                District = (mask & 1) != 0 ? "x" : null, FromMonth = (mask & 2) != 0 ? "2026-01" : null,
                ToMonth = (mask & 4) != 0 ? "2026-03" : null, CategoryId = (mask & 8) != 0 ? 1 : null,
                PrefectureCode = (mask & 16) != 0 ? 7 : null, AgeBand = (mask & 32) != 0 ? 3 : null,
            };
            foreach (var state in Enum.GetValues<RequestState>())
            {
                var name = $"cells.{mask}.{state}";
                yield return (name + ".all", CellsSql(filter with { State = state }, TownScope.All));
                // Dapper expands "IN @TownIds" to one parameter per town.
                yield return (name + ".towns", CellsSql(filter with { State = state }, limited).Replace("IN @TownIds", "IN (@TownIds1, @TownIds2)", StringComparison.Ordinal));
            }
        }
    }

    private async Task<List<Cell>> CellsAsync(RequestSummaryFilter filter, TownScope towns, CancellationToken cancellationToken)
    {
        if (towns.TownIds is { Count: 0 })
        {
            return [];
        }
        await using var connection = await connections.OpenAsync(cancellationToken);
        var cells = await connection.QueryAsync<Cell>(new CommandDefinition(CellsSql(filter, towns), CellParameters(filter, towns),
            commandTimeout: 600, cancellationToken: cancellationToken));
        return filter.State switch
        {
            RequestState.Open => cells.Select(c => c with { ClosedRequests = 0 }).ToList(),
            RequestState.Closed => cells.Select(c => c with { OpenRequests = 0 }).ToList(),
            _ => cells.AsList(),
        };
    }

    /// <summary>
    /// Every dimension's figures under <paramref name="filter"/> inside <paramref name="towns"/>: the tallies when no
    /// value is filtered, else the sums of the cube's cells the filter keeps.
    /// </summary>
    public async Task<RequestSummaryFigures> LoadAsync(RequestSummaryFilter filter, TownScope towns, CancellationToken cancellationToken = default)
    {
        if (filter.HasNoValue)
        {
            var all = await LoadAsync(towns, cancellationToken);
            return filter.State switch
            {
                RequestState.Open => new RequestSummaryFigures(all.Tallies.Where(t => t.Open > 0).Select(t => t with { Closed = 0 }).ToList()),
                RequestState.Closed => new RequestSummaryFigures(all.Tallies.Where(t => t.Closed > 0).Select(t => t with { Open = 0 }).ToList()),
                _ => all,
            };
        }
        var cells = await CellsAsync(filter, towns, cancellationToken);
        return Compose(Sum(cells), await CategoryLabelsAsync(cancellationToken));
    }

    /// <summary>
    /// The cross table of <paramref name="rows"/> × <paramref name="columns"/> under <paramref name="filter"/> inside
    /// <paramref name="towns"/> (the cube's cells summed per pair); the margins are the sums of the cells.
    /// </summary>
    public async Task<RequestCrossTable> CrossAsync(RequestSummaryFilter filter, RequestDimension rows, RequestDimension columns,
        TownScope towns, CancellationToken cancellationToken = default)
    {
        var cells = await CellsAsync(filter, towns, cancellationToken);
        return Cross(cells, rows, columns, await CategoryLabelsAsync(cancellationToken));
    }

    /// <summary>
    /// The figures and a cross table under one filter from one read of the cube (the summary page's load); without a
    /// value filtered the figures are the tallies' and the cube is read for the table only.
    /// </summary>
    public async Task<(RequestSummaryFigures Figures, RequestCrossTable Cross)> LoadWithCrossAsync(RequestSummaryFilter filter,
        RequestDimension rows, RequestDimension columns, TownScope towns, CancellationToken cancellationToken = default)
    {
        var cells = await CellsAsync(filter, towns, cancellationToken);
        var labels = await CategoryLabelsAsync(cancellationToken);
        var figures = filter.HasNoValue ? await LoadAsync(filter, towns, cancellationToken) : Compose(Sum(cells), labels);
        return (figures, Cross(cells, rows, columns, labels));
    }

    private static RequestCrossTable Cross(List<Cell> cells, RequestDimension rows, RequestDimension columns, IReadOnlyDictionary<string, string> labels)
    {
        var sums = new Dictionary<(string, string), (int Open, int Closed)>();
        foreach (var cell in cells)
        {
            ref var sum = ref CollectionsMarshal.GetValueRefOrAddDefault(sums, (cell.Value(rows), cell.Value(columns)), out _);
            sum = (sum.Open + cell.OpenRequests, sum.Closed + cell.ClosedRequests);
        }
        var table = sums.Where(p => p.Value.Open != 0 || p.Value.Closed != 0)
            .Select(p => new RequestCrossCell(p.Key.Item1, p.Key.Item2, p.Value.Open, p.Value.Closed))
            .OrderBy(c => c.Row, StringComparer.Ordinal).ThenBy(c => c.Column, StringComparer.Ordinal)
            .ToList();
        return new RequestCrossTable(rows, columns, Margin(rows, table.GroupBy(c => c.Row), labels), Margin(columns, table.GroupBy(c => c.Column), labels), table);
    }

    // Per dimension, summed under the dimension's own key type first (no text made per cell but for the district and month).
    private static IEnumerable<Row> Sum(List<Cell> cells)
    {
        var categories = new Dictionary<int, (int Open, int Closed)>();
        var districts = new Dictionary<string, (int Open, int Closed)>(StringComparer.Ordinal);
        var prefectures = new Dictionary<int, (int Open, int Closed)>();
        var bands = new Dictionary<int, (int Open, int Closed)>();
        var months = new Dictionary<string, (int Open, int Closed)>(StringComparer.Ordinal);
        foreach (var cell in cells)
        {
            Add(categories, cell.CategoryId, cell);
            Add(districts, cell.District, cell);
            Add(prefectures, cell.PrefectureCode, cell);
            Add(bands, cell.AgeBand, cell);
            Add(months, cell.ReceivedMonth, cell);
        }
        return Rows(RequestDimension.Category, categories).Concat(Rows(RequestDimension.District, districts))
            .Concat(Rows(RequestDimension.Prefecture, prefectures)).Concat(Rows(RequestDimension.AgeBand, bands))
            .Concat(Rows(RequestDimension.Month, months));

        static void Add<TKey>(Dictionary<TKey, (int Open, int Closed)> sums, TKey key, Cell cell) where TKey : notnull
        {
            ref var sum = ref CollectionsMarshal.GetValueRefOrAddDefault(sums, key, out _);
            sum = (sum.Open + cell.OpenRequests, sum.Closed + cell.ClosedRequests);
        }

        static IEnumerable<Row> Rows<TKey>(RequestDimension dimension, Dictionary<TKey, (int Open, int Closed)> sums) where TKey : notnull =>
            sums.Select(p => new Row
            {
                Dimension = (int)dimension, Value = Convert.ToString(p.Key, CultureInfo.InvariantCulture) ?? "",
                OpenCount = p.Value.Open, ClosedCount = p.Value.Closed,
            });
    }

    private static IReadOnlyList<RequestTally> Margin(RequestDimension dimension, IEnumerable<IGrouping<string, RequestCrossCell>> groups,
        IReadOnlyDictionary<string, string> labels) =>
        Compose(groups.Select(g => new Row { Dimension = (int)dimension, Value = g.Key, OpenCount = g.Sum(c => c.Open), ClosedCount = g.Sum(c => c.Closed) }),
            labels).Tallies;

    private async Task<IReadOnlyDictionary<string, string>> CategoryLabelsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<RequestChoice>(new CommandDefinition(CategoryLabelsSql, cancellationToken: cancellationToken)))
            .ToDictionary(c => c.Id.ToString(CultureInfo.InvariantCulture), c => c.Label, StringComparer.Ordinal);
    }

    private sealed record Cell
    {
        public string District { get; init; } = "";
        public string ReceivedMonth { get; init; } = "";
        public int CategoryId { get; init; }
        public int PrefectureCode { get; init; }
        public int AgeBand { get; init; }
        public int OpenRequests { get; init; }
        public int ClosedRequests { get; init; }

        public string Value(RequestDimension dimension) => dimension switch
        {
            RequestDimension.Category => CategoryId.ToString(CultureInfo.InvariantCulture),
            RequestDimension.District => District,
            RequestDimension.Prefecture => PrefectureCode.ToString(CultureInfo.InvariantCulture),
            RequestDimension.AgeBand => AgeBand.ToString(CultureInfo.InvariantCulture),
            _ => ReceivedMonth,
        };
    }
}
