using System.Data.Common;
using CallCenter.Data.Database;
using CallCenter.Data.Towns;
using Dapper;

namespace CallCenter.Data.Requests;

/// <summary>
/// <c>RequestCube</c> (one row per town, district, month, category, prefecture and age band, kept exact by the triggers
/// of migrations 0025 and 0030) held in process, column by column, each dimension's values numbered densely: a filtered
/// summary and its cross table are one pass over a few int arrays (at 1,000,000 requests about 700,000 cells, a few
/// milliseconds), where reading the same cells from the database took seconds.
/// <para>
/// Freshness: every read compares the copy with <c>RequestCubeVersion</c>, which each change of a cell's counts bumps
/// while it stamps the cell (migration 0030), inside one read transaction; when it moved, only the cells stamped since
/// are read and applied (all of them again when they are many). Cells that fall to zero are kept in the table, stamped,
/// so a copy learns of them. So no read, on any instance, answers from counts older than the database it reads.
/// </para>
/// </summary>
internal sealed class RequestCubeCopy(ConnectionFactory connections)
{
    // More changed cells than this (or a tenth of the cube) in one refresh: read them all again.
    private const int MaxDelta = 50_000;

    internal const string VersionSql = "SELECT Version FROM RequestCubeVersion WHERE RequestCubeVersionId = 1";

    internal const string AllCellsSql = """
        SELECT c.TownId, c.District, c.ReceivedMonth, c.CategoryId, c.PrefectureCode, c.AgeBand, c.OpenRequests, c.ClosedRequests
          FROM RequestCube c
        """;

    internal const string ChangedCountSql = "SELECT COUNT(*) FROM RequestCube c WHERE c.Stamp > @Version";

    internal const string ChangedCellsSql = AllCellsSql + "\n WHERE c.Stamp > @Version";

    private readonly SemaphoreSlim gate = new(1, 1);
    private Cells? cells;

    /// <summary>How many times every cell was read, since start.</summary>
    public int FullLoads { get; private set; }

    /// <summary>How many refreshes applied only the cells changed since the last read, since start.</summary>
    public int DeltaRefreshes { get; private set; }

    /// <summary>Brings the copy up to the database and sums it under <paramref name="filter"/> (see <see cref="Cells.Sum"/>).</summary>
    public async Task<CubeSums> SumAsync(RequestSummaryFilter filter, TownScope towns, (RequestDimension Rows, RequestDimension Columns)? cross,
        CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            await using (var connection = await connections.OpenAsync(cancellationToken))
            {
                // One read snapshot: the version and the cells it covers come from the same moment.
                await using var transaction = await connections.BeginReadAsync(connection, cancellationToken);
                var version = await connection.ExecuteScalarAsync<long>(new CommandDefinition(VersionSql, transaction: transaction,
                    cancellationToken: cancellationToken));
                await RefreshAsync(connection, transaction, version, cancellationToken);
            }
            return cells!.Sum(filter, towns, cross);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task RefreshAsync(DbConnection connection, DbTransaction transaction, long version, CancellationToken cancellationToken)
    {
        if (cells is { } known)
        {
            if (known.Version == version)
            {
                return;
            }
            var changed = await connection.ExecuteScalarAsync<long>(new CommandDefinition(ChangedCountSql, new { known.Version }, transaction,
                cancellationToken: cancellationToken));
            if (changed <= Math.Max(MaxDelta, known.Count / 10))
            {
                await ReadAsync(connection, transaction, ChangedCellsSql, new { known.Version }, known, cancellationToken);
                known.Version = version;
                DeltaRefreshes++;
                return;
            }
        }
        // Built aside: a read that fails half-way leaves the copy it had (the next read tries again).
        var fresh = new Cells();
        await ReadAsync(connection, transaction, AllCellsSql, null, fresh, cancellationToken);
        fresh.Version = version;
        cells = fresh;
        FullLoads++;
    }

    private static async Task ReadAsync(DbConnection connection, DbTransaction transaction, string sql, object? parameters, Cells into,
        CancellationToken cancellationToken)
    {
        await using var reader = await connection.ExecuteReaderAsync(new CommandDefinition(sql, parameters, transaction, commandTimeout: 600,
            cancellationToken: cancellationToken));
        while (await reader.ReadAsync(cancellationToken))
        {
            into.Set(reader.GetInt32(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3), reader.GetInt32(4), reader.GetInt32(5),
                reader.GetInt32(6), reader.GetInt32(7));
        }
    }

    /// <summary>Every statement the copy runs, as SQL Server receives it (parsed and schema-checked in the tests).</summary>
    internal static IEnumerable<(string Name, string Sql)> AllStatements() =>
    [
        ("cube.version", VersionSql), ("cube.all", AllCellsSql), ("cube.changed-count", ChangedCountSql), ("cube.changed", ChangedCellsSql),
    ];

    /// <summary>
    /// The cells, a column per key part and count; each dimension's stored values (as <see cref="RequestTally.Value"/>
    /// holds them) numbered densely in the order met.
    /// </summary>
    internal sealed class Cells
    {
        private const int Dimensions = 5;

        private readonly List<string>[] values = [.. Enumerable.Range(0, Dimensions).Select(_ => new List<string>())];
        private readonly Dictionary<string, int>[] ids = [.. Enumerable.Range(0, Dimensions).Select(_ => new Dictionary<string, int>(StringComparer.Ordinal))];
        private readonly Dictionary<(int, int, int, int, int, int), int> index = [];
        private int[] town = new int[1024], open = new int[1024], closed = new int[1024];
        private readonly int[][] keys = [.. Enumerable.Range(0, Dimensions).Select(_ => new int[1024])];

        public long Version { get; set; }

        public int Count { get; private set; }

        public void Set(int townId, string district, string month, int categoryId, int prefectureCode, int ageBand, int openRequests, int closedRequests)
        {
            var category = Id(RequestDimension.Category, categoryId.ToString(System.Globalization.CultureInfo.InvariantCulture));
            var districtId = Id(RequestDimension.District, district);
            var prefecture = Id(RequestDimension.Prefecture, prefectureCode.ToString(System.Globalization.CultureInfo.InvariantCulture));
            var band = Id(RequestDimension.AgeBand, ageBand.ToString(System.Globalization.CultureInfo.InvariantCulture));
            var monthId = Id(RequestDimension.Month, month);
            var key = (townId, category, districtId, prefecture, band, monthId);
            if (!index.TryGetValue(key, out var at))
            {
                at = Count++;
                if (at == town.Length)
                {
                    Array.Resize(ref town, at * 2);
                    Array.Resize(ref open, at * 2);
                    Array.Resize(ref closed, at * 2);
                    for (var d = 0; d < Dimensions; d++)
                    {
                        Array.Resize(ref keys[d], at * 2);
                    }
                }
                index.Add(key, at);
                town[at] = townId;
                keys[(int)RequestDimension.Category][at] = category;
                keys[(int)RequestDimension.District][at] = districtId;
                keys[(int)RequestDimension.Prefecture][at] = prefecture;
                keys[(int)RequestDimension.AgeBand][at] = band;
                keys[(int)RequestDimension.Month][at] = monthId;
            }
            open[at] = openRequests;
            closed[at] = closedRequests;
        }

        private int Id(RequestDimension dimension, string value)
        {
            var known = ids[(int)dimension];
            if (!known.TryGetValue(value, out var id))
            {
                id = known.Count;
                known.Add(value, id);
                values[(int)dimension].Add(value);
            }
            return id;
        }

        /// <summary>
        /// The open and closed requests of the cells <paramref name="filter"/> keeps inside <paramref name="towns"/>: per
        /// dimension and value, and per pair of values of <paramref name="cross"/>'s two dimensions. Only non-zero sums.
        /// </summary>
        public CubeSums Sum(RequestSummaryFilter filter, TownScope towns, (RequestDimension Rows, RequestDimension Columns)? cross)
        {
            var empty = new CubeSums([], []);
            // The value each filtered dimension must have (-1: not filtered); a value no cell has keeps nothing.
            var fixedIds = new int[Dimensions];
            Array.Fill(fixedIds, -1);
            foreach (var dimension in new[] { RequestDimension.Category, RequestDimension.District, RequestDimension.Prefecture, RequestDimension.AgeBand })
            {
                var value = dimension == RequestDimension.District ? filter.District?.Trim() : filter.ValueOf(dimension);
                if (value is not null)
                {
                    if (!ids[(int)dimension].TryGetValue(value, out fixedIds[(int)dimension]))
                    {
                        return empty;
                    }
                }
            }
            var months = values[(int)RequestDimension.Month];
            var monthKept = new bool[months.Count];
            for (var m = 0; m < months.Count; m++)
            {
                monthKept[m] = (filter.FromMonth is null || string.CompareOrdinal(months[m], filter.FromMonth) >= 0)
                    && (filter.ToMonth is null || string.CompareOrdinal(months[m], filter.ToMonth) <= 0);
            }
            bool[]? townKept = null;
            if (!towns.IsAll)
            {
                townKept = new bool[Math.Max(1, (towns.TownIds?.DefaultIfEmpty().Max() ?? 0) + 1)];
                foreach (var id in towns.TownIds ?? [])
                {
                    townKept[id] = true;
                }
            }
            var (countOpen, countClosed) = (filter.State != RequestState.Closed, filter.State != RequestState.Open);

            var sumOpen = new int[Dimensions][];
            var sumClosed = new int[Dimensions][];
            for (var d = 0; d < Dimensions; d++)
            {
                sumOpen[d] = new int[values[d].Count];
                sumClosed[d] = new int[values[d].Count];
            }
            var (rowKeys, columnKeys) = cross is { } pair ? (keys[(int)pair.Rows], keys[(int)pair.Columns]) : (null, null);
            var width = cross is { } p ? values[(int)p.Columns].Count : 0;
            var crossOpen = cross is { } q ? new int[values[(int)q.Rows].Count * width] : [];
            var crossClosed = new int[crossOpen.Length];
            var (category, district, prefecture, band, month) = (keys[0], keys[1], keys[2], keys[3], keys[4]);
            var (fCategory, fDistrict, fPrefecture, fBand) = (fixedIds[0], fixedIds[1], fixedIds[2], fixedIds[3]);
            for (var i = 0; i < Count; i++)
            {
                var o = countOpen ? open[i] : 0;
                var c = countClosed ? closed[i] : 0;
                if ((o | c) == 0
                    || (townKept is not null && (town[i] >= townKept.Length || !townKept[town[i]]))
                    || (fCategory >= 0 && category[i] != fCategory) || (fDistrict >= 0 && district[i] != fDistrict)
                    || (fPrefecture >= 0 && prefecture[i] != fPrefecture) || (fBand >= 0 && band[i] != fBand) || !monthKept[month[i]])
                {
                    continue;
                }
                for (var d = 0; d < Dimensions; d++)
                {
                    var k = keys[d][i];
                    sumOpen[d][k] += o;
                    sumClosed[d][k] += c;
                }
                if (rowKeys is not null)
                {
                    var at = rowKeys[i] * width + columnKeys![i];
                    crossOpen[at] += o;
                    crossClosed[at] += c;
                }
            }

            var figures = new List<(RequestDimension, string, int, int)>();
            for (var d = 0; d < Dimensions; d++)
            {
                for (var k = 0; k < values[d].Count; k++)
                {
                    if ((sumOpen[d][k] | sumClosed[d][k]) != 0)
                    {
                        figures.Add(((RequestDimension)d, values[d][k], sumOpen[d][k], sumClosed[d][k]));
                    }
                }
            }
            var table = new List<RequestCrossCell>();
            if (cross is { } dims)
            {
                for (var at = 0; at < crossOpen.Length; at++)
                {
                    if ((crossOpen[at] | crossClosed[at]) != 0)
                    {
                        table.Add(new RequestCrossCell(values[(int)dims.Rows][at / width], values[(int)dims.Columns][at % width], crossOpen[at], crossClosed[at]));
                    }
                }
            }
            return new CubeSums(figures, table);
        }
    }
}

/// <summary>The sums of a filtered read of the cube: per dimension and value, and the cross table's cells (unordered).</summary>
internal sealed record CubeSums(List<(RequestDimension Dimension, string Value, int Open, int Closed)> Figures, List<RequestCrossCell> Cross);
