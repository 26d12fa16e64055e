using System.Globalization;
using CallCenter.Data.Towns;
using Dapper;

namespace CallCenter.Data.Requests;

/// <summary>
/// The filtered summary and the cross tables of /requests/summary. Without a value filtered the figures are the
/// tallies' (<see cref="LoadAsync(TownScope, CancellationToken)"/>, the state kept by dropping the other count); with
/// one, and for every cross table, the sums of the cells of <c>RequestCube</c> (migration 0025: one row per town,
/// district, month, category, prefecture and age band, kept exact by the same triggers as the tallies) that the filters
/// keep, from the copy of the cube held in process (<see cref="RequestCubeCopy"/>, brought up to the database's
/// version on every read): no GROUP BY over the requests, no cells read but the changed ones.
/// </summary>
public sealed partial class RequestSummary
{
    private RequestCubeCopy? cubeCopy;

    /// <summary>The cube held in process (one per summary; the summary is a singleton).</summary>
    internal RequestCubeCopy Cube =>
        Volatile.Read(ref cubeCopy) ?? Interlocked.CompareExchange(ref cubeCopy, new RequestCubeCopy(connections), null) ?? cubeCopy!;

    /// <summary>Every statement the filtered summary runs, as SQL Server receives it.</summary>
    public static IEnumerable<(string Name, string Sql)> AllStatements() => RequestCubeCopy.AllStatements();

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
        var sums = await Cube.SumAsync(filter, towns, null, cancellationToken);
        return Compose(Rows(sums), await CategoryLabelsAsync(cancellationToken));
    }

    /// <summary>
    /// The cross table of <paramref name="rows"/> × <paramref name="columns"/> under <paramref name="filter"/> inside
    /// <paramref name="towns"/> (the cube's cells summed per pair); the margins are the sums of the cells.
    /// </summary>
    public async Task<RequestCrossTable> CrossAsync(RequestSummaryFilter filter, RequestDimension rows, RequestDimension columns,
        TownScope towns, CancellationToken cancellationToken = default)
    {
        var sums = await Cube.SumAsync(filter, towns, (rows, columns), cancellationToken);
        return Cross(sums.Cross, rows, columns, await CategoryLabelsAsync(cancellationToken));
    }

    /// <summary>
    /// The figures and a cross table under one filter from one read of the cube (the summary page's load); without a
    /// value filtered the figures are the tallies' and the cube is read for the table only.
    /// </summary>
    public async Task<(RequestSummaryFigures Figures, RequestCrossTable Cross)> LoadWithCrossAsync(RequestSummaryFilter filter,
        RequestDimension rows, RequestDimension columns, TownScope towns, CancellationToken cancellationToken = default)
    {
        var sums = await Cube.SumAsync(filter, towns, (rows, columns), cancellationToken);
        var labels = await CategoryLabelsAsync(cancellationToken);
        return (Compose(Rows(sums), labels), Cross(sums.Cross, rows, columns, labels));
    }

    private static RequestCrossTable Cross(List<RequestCrossCell> cells, RequestDimension rows, RequestDimension columns,
        IReadOnlyDictionary<string, string> labels)
    {
        var table = cells.OrderBy(c => c.Row, StringComparer.Ordinal).ThenBy(c => c.Column, StringComparer.Ordinal).ToList();
        return new RequestCrossTable(rows, columns, Margin(rows, table.GroupBy(c => c.Row), labels), Margin(columns, table.GroupBy(c => c.Column), labels), table);
    }

    private static IEnumerable<Row> Rows(CubeSums sums) =>
        sums.Figures.Select(f => new Row { Dimension = (int)f.Dimension, Value = f.Value, OpenCount = f.Open, ClosedCount = f.Closed });

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
}
