using System.Globalization;
using Dapper;

namespace CallCenter.Data.Requests;

/// <summary>
/// The filtered summary and the cross tables of /requests/summary. Without a value filtered the figures are the
/// tallies' (<see cref="LoadAsync(CancellationToken)"/>, the state kept by dropping the other count); with one, a GROUP BY over the
/// copies on Requests (District, PrefectureCode, AgeBand, ReceivedMonth, CategoryId, Status), which the triggers of
/// migration 0017 keep equal to the tallies' and which IX_Requests_Summary (migration 0022) covers, so a load reads
/// that narrow index, never the requests' text. Only the filters given are in the statement (each its own plan).
/// </summary>
public sealed partial class RequestSummary
{
    /// <summary>The stored value of each dimension, as text (the form of <c>RequestTallies.Value</c>).</summary>
    private static string Column(RequestDimension dimension) => dimension switch
    {
        RequestDimension.Category => "CAST(r.CategoryId AS VARCHAR(20))",
        RequestDimension.District => "r.District",
        RequestDimension.Prefecture => "CAST(r.PrefectureCode AS VARCHAR(20))",
        RequestDimension.AgeBand => "CAST(r.AgeBand AS VARCHAR(20))",
        _ => "r.ReceivedMonth",
    };

    private const string Counts = "SUM(CASE WHEN r.Status < 3 THEN 1 ELSE 0 END) AS OpenCount, SUM(CASE WHEN r.Status >= 3 THEN 1 ELSE 0 END) AS ClosedCount";

    /// <summary>
    /// Every dimension's figures under <paramref name="filter"/>: the tallies when no value is filtered, else one
    /// GROUP BY per dimension over the requests the filter keeps.
    /// </summary>
    public async Task<RequestSummaryFigures> LoadAsync(RequestSummaryFilter filter, CancellationToken cancellationToken = default)
    {
        if (filter.HasNoValue)
        {
            var all = await LoadAsync(cancellationToken);
            return filter.State switch
            {
                RequestState.Open => new RequestSummaryFigures(all.Tallies.Where(t => t.Open > 0).Select(t => t with { Closed = 0 }).ToList()),
                RequestState.Closed => new RequestSummaryFigures(all.Tallies.Where(t => t.Closed > 0).Select(t => t with { Open = 0 }).ToList()),
                _ => all,
            };
        }
        var (where, parameters) = Where(filter);
        var sql = string.Join("\nUNION ALL\n", Enum.GetValues<RequestDimension>().Select(d => $"""
              SELECT {(int)d} AS Dimension, {Column(d)} AS Value, {Counts}
                FROM Requests r
            {where}
            GROUP BY {Column(d)}
            """));
        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(sql, parameters, commandTimeout: 600, cancellationToken: cancellationToken));
        return Compose(rows, await CategoryLabelsAsync(connection, cancellationToken));
    }

    /// <summary>
    /// The cross table of <paramref name="rows"/> × <paramref name="columns"/> under <paramref name="filter"/> (one
    /// GROUP BY over the two columns); the margins are the sums of the cells.
    /// </summary>
    public async Task<RequestCrossTable> CrossAsync(RequestSummaryFilter filter, RequestDimension rows, RequestDimension columns,
        CancellationToken cancellationToken = default)
    {
        var (where, parameters) = Where(filter);
        var sql = $"""
              SELECT {Column(rows)} AS RowValue, {Column(columns)} AS ColumnValue, {Counts}
                FROM Requests r
            {where}
            GROUP BY {Column(rows)}, {Column(columns)}
            """;
        await using var connection = await connections.OpenAsync(cancellationToken);
        var cells = (await connection.QueryAsync<CrossRow>(new CommandDefinition(sql, parameters, commandTimeout: 600, cancellationToken: cancellationToken)))
            .Where(c => c.OpenCount != 0 || c.ClosedCount != 0)
            .Select(c => new RequestCrossCell(c.RowValue, c.ColumnValue, c.OpenCount, c.ClosedCount))
            .ToList();
        var labels = await CategoryLabelsAsync(connection, cancellationToken);
        return new RequestCrossTable(rows, columns, Margin(rows, cells.GroupBy(c => c.Row), labels), Margin(columns, cells.GroupBy(c => c.Column), labels), cells);
    }

    private static IReadOnlyList<RequestTally> Margin(RequestDimension dimension, IEnumerable<IGrouping<string, RequestCrossCell>> groups,
        IReadOnlyDictionary<string, string> labels) =>
        Compose(groups.Select(g => new Row { Dimension = (int)dimension, Value = g.Key, OpenCount = g.Sum(c => c.Open), ClosedCount = g.Sum(c => c.Closed) }),
            labels).Tallies;

    private static async Task<IReadOnlyDictionary<string, string>> CategoryLabelsAsync(System.Data.Common.DbConnection connection,
        CancellationToken cancellationToken) =>
        (await connection.QueryAsync<RequestChoice>(new CommandDefinition(CategoryLabelsSql, cancellationToken: cancellationToken)))
            .ToDictionary(c => c.Id.ToString(CultureInfo.InvariantCulture), c => c.Label, StringComparer.Ordinal);

    /// <summary>The WHERE clause of the filters given (only those) and its parameters.</summary>
    private static (string Where, DynamicParameters Parameters) Where(RequestSummaryFilter filter)
    {
        var conditions = new List<string>();
        var parameters = new DynamicParameters();
        if (filter.District is { } district)
        {
            conditions.Add("r.District = @District");
            parameters.Add("District", district.Trim(), System.Data.DbType.String, size: 50);
        }
        if (filter.FromMonth is { } from)
        {
            conditions.Add("r.ReceivedMonth >= @FromMonth");
            parameters.Add("FromMonth", from, System.Data.DbType.String, size: 7);
        }
        if (filter.ToMonth is { } to)
        {
            conditions.Add("r.ReceivedMonth <= @ToMonth");
            parameters.Add("ToMonth", to, System.Data.DbType.String, size: 7);
        }
        if (filter.CategoryId is { } category)
        {
            conditions.Add("r.CategoryId = @CategoryId");
            parameters.Add("CategoryId", category, System.Data.DbType.Int32);
        }
        if (filter.PrefectureCode is { } prefecture)
        {
            conditions.Add("r.PrefectureCode = @PrefectureCode");
            parameters.Add("PrefectureCode", prefecture, System.Data.DbType.Int32);
        }
        if (filter.AgeBand is { } band)
        {
            conditions.Add("r.AgeBand = @AgeBand");
            parameters.Add("AgeBand", band, System.Data.DbType.Int32);
        }
        // The unary plus keeps the status out of index choice: with the other values bound as parameters, SQLite's planner
        // took IX_Requests_Status for "Status < 3" (two thirds of the requests, each then read from the table: 6 s at
        // 1,000,000 requests) over a scan of the covering IX_Requests_Summary (0.1 s). SQL Server reads it as plain Status.
        switch (filter.State)
        {
            case RequestState.Open:
                conditions.Add("+r.Status < 3");
                break;
            case RequestState.Closed:
                conditions.Add("+r.Status >= 3");
                break;
        }
        return (conditions.Count == 0 ? "" : "WHERE " + string.Join("\n  AND ", conditions), parameters);
    }

    private sealed class CrossRow
    {
        public string RowValue { get; init; } = "";
        public string ColumnValue { get; init; } = "";
        public int OpenCount { get; init; }
        public int ClosedCount { get; init; }
    }
}
