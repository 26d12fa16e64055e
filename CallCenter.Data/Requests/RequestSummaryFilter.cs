using System.Globalization;

namespace CallCenter.Data.Requests;

/// <summary>
/// The filters of the requests summary (/requests/summary): one value of any dimension, a range of 受付月 and the
/// state. Every value is the one stored in the request's copies (migration 0017): '' is the district 不明, -1 the
/// prefecture or age band 不明. Empty (no value, every state) reads the tallies; anything else a GROUP BY over Requests.
/// </summary>
public sealed record RequestSummaryFilter
{
    /// <summary>Open, closed or every request.</summary>
    public RequestState State { get; init; } = RequestState.All;

    /// <summary>分類.</summary>
    public int? CategoryId { get; init; }

    /// <summary>行政区 ('' for 不明).</summary>
    public string? District { get; init; }

    /// <summary>The current prefecture's code (-1 for 不明).</summary>
    public int? PrefectureCode { get; init; }

    /// <summary>The age band at 受付 (<see cref="AgeBands"/>, -1 for 不明).</summary>
    public int? AgeBand { get; init; }

    /// <summary>The first 受付月 ('2026-01', inclusive).</summary>
    public string? FromMonth { get; init; }

    /// <summary>The last 受付月 ('2026-03', inclusive).</summary>
    public string? ToMonth { get; init; }

    /// <summary>True when no dimension is filtered (the state may still be).</summary>
    public bool HasNoValue => CategoryId is null && District is null && PrefectureCode is null && AgeBand is null
        && FromMonth is null && ToMonth is null;

    /// <summary>The value this filter fixes for <paramref name="dimension"/> (a month only when from and to are the same), or null.</summary>
    public string? ValueOf(RequestDimension dimension) => dimension switch
    {
        RequestDimension.Category => CategoryId?.ToString(CultureInfo.InvariantCulture),
        RequestDimension.District => District,
        RequestDimension.Prefecture => PrefectureCode?.ToString(CultureInfo.InvariantCulture),
        RequestDimension.AgeBand => AgeBand?.ToString(CultureInfo.InvariantCulture),
        _ => FromMonth is not null && FromMonth == ToMonth ? FromMonth : null,
    };

    /// <summary>This filter narrowed to one stored value of one dimension (a month: from and to that month).</summary>
    public RequestSummaryFilter With(RequestDimension dimension, string value) => dimension switch
    {
        RequestDimension.Category => this with { CategoryId = int.Parse(value, CultureInfo.InvariantCulture) },
        RequestDimension.District => this with { District = value },
        RequestDimension.Prefecture => this with { PrefectureCode = int.Parse(value, CultureInfo.InvariantCulture) },
        RequestDimension.AgeBand => this with { AgeBand = int.Parse(value, CultureInfo.InvariantCulture) },
        _ => this with { FromMonth = value, ToMonth = value },
    };

    /// <summary>True when <paramref name="month"/> ('2026-03') is a stored month's form.</summary>
    public static bool IsMonth(string? month) =>
        month is { Length: 7 } && DateOnly.TryParseExact(month + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);
}

/// <summary>One cell of a cross table: the open and closed requests under one row value and one column value.</summary>
public sealed record RequestCrossCell(string Row, string Column, int Open, int Closed)
{
    /// <summary>Open and closed together.</summary>
    public int Total => Open + Closed;
}

/// <summary>A cross table of two dimensions: rows and columns in each dimension's order, the non-empty cells, both margins.</summary>
/// <param name="RowDimension">The dimension of the rows.</param>
/// <param name="ColumnDimension">The dimension of the columns.</param>
/// <param name="Rows">The row dimension's values with figures (their totals are the row margin).</param>
/// <param name="Columns">The column dimension's values with figures (their totals are the column margin).</param>
/// <param name="Cells">The cells with at least one request.</param>
public sealed record RequestCrossTable(RequestDimension RowDimension, RequestDimension ColumnDimension,
    IReadOnlyList<RequestTally> Rows, IReadOnlyList<RequestTally> Columns, IReadOnlyList<RequestCrossCell> Cells)
{
    private readonly Dictionary<(string, string), RequestCrossCell> byKey =
        Cells.ToDictionary(c => (c.Row, c.Column), c => c);

    /// <summary>The cell of a row and a column (null when no request).</summary>
    public RequestCrossCell? Cell(string row, string column) => byKey.GetValueOrDefault((row, column));

    /// <summary>Every request in the table.</summary>
    public int Total => Rows.Sum(r => r.Total);
}
