using System.Globalization;
using CallCenter.Data.Requests;
using Microsoft.AspNetCore.WebUtilities;

namespace CallCenter.Web.Components.Pages.Requests;

/// <summary>The summary's filters and cross-table axes in its address, and the queue behind any of its figures.</summary>
/// <param name="Filter">The filters.</param>
/// <param name="Rows">The cross table's rows.</param>
/// <param name="Columns">The cross table's columns.</param>
public sealed record RequestSummaryView(RequestSummaryFilter Filter, RequestDimension Rows, RequestDimension Columns)
{
    /// <summary>The towns chosen (<c>town=CODE</c>; none: every town the user may see). Only a joint center shows a choice.</summary>
    public IReadOnlyList<string> Towns { get; init; } = [];

    /// <summary>The district value in an address that stands for 不明 (the stored '').</summary>
    public const string UnknownDistrict = "-";

    /// <summary>The default: every request, rows by 行政区, columns by 分類.</summary>
    public static RequestSummaryView Default { get; } = new(new RequestSummaryFilter(), RequestDimension.District, RequestDimension.Category);

    /// <summary>The view an address names (/requests/summary?district=熊川&amp;from=2026-01&amp;rows=age&amp;cols=month); bad values ignored.</summary>
    public static RequestSummaryView Parse(string uri)
    {
        var query = QueryHelpers.ParseQuery(new Uri(uri).Query);
        string? Get(string key) => query.TryGetValue(key, out var v) && !string.IsNullOrWhiteSpace(v.ToString()) ? v.ToString().Trim() : null;
        int? Int(string key) => int.TryParse(Get(key), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;
        var filter = new RequestSummaryFilter
        {
            State = Get("state") switch { "open" => RequestState.Open, "closed" => RequestState.Closed, _ => RequestState.All },
            CategoryId = Int("category"),
            District = Get("district") is { } d ? (d == UnknownDistrict ? "" : d) : null,
            PrefectureCode = Int("prefecture") is >= -1 and <= 47 and var p ? p : null,
            AgeBand = Int("age") is >= -1 and <= 5 and var a ? a : null,
            FromMonth = RequestSummaryFilter.IsMonth(Get("from")) ? Get("from") : null,
            ToMonth = RequestSummaryFilter.IsMonth(Get("to")) ? Get("to") : null,
        };
        var rows = DimensionOf(Get("rows")) ?? Default.Rows;
        var columns = DimensionOf(Get("cols")) ?? Default.Columns;
        if (columns == rows)
        {
            columns = rows == RequestDimension.Category ? RequestDimension.District : RequestDimension.Category;
        }
        return new RequestSummaryView(filter, rows, columns) { Towns = RequestQueryString.TownCodes(uri) };
    }

    /// <summary>This view's address (only what differs from the default).</summary>
    public string Address()
    {
        var pairs = new Dictionary<string, string?>
        {
            ["state"] = Filter.State switch { RequestState.Open => "open", RequestState.Closed => "closed", _ => null },
            ["category"] = Filter.CategoryId?.ToString(CultureInfo.InvariantCulture),
            ["district"] = Filter.District is { } d ? (d.Length == 0 ? UnknownDistrict : d) : null,
            ["prefecture"] = Filter.PrefectureCode?.ToString(CultureInfo.InvariantCulture),
            ["age"] = Filter.AgeBand?.ToString(CultureInfo.InvariantCulture),
            ["from"] = Filter.FromMonth,
            ["to"] = Filter.ToMonth,
            ["rows"] = Rows == Default.Rows ? null : KeyOf(Rows),
            ["cols"] = Columns == Default.Columns ? null : KeyOf(Columns),
        };
        return RequestQueryString.WithTowns(
            QueryHelpers.AddQueryString("/requests/summary", pairs.Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value)), Towns);
    }

    /// <summary>The address key of a dimension (category, district, prefecture, age, month).</summary>
    public static string KeyOf(RequestDimension dimension) => dimension switch
    {
        RequestDimension.Category => "category",
        RequestDimension.District => "district",
        RequestDimension.Prefecture => "prefecture",
        RequestDimension.AgeBand => "age",
        _ => "month",
    };

    /// <summary>The Japanese name of a dimension (分類, 行政区, 都道府県, 年代, 受付月).</summary>
    public static string NameOf(RequestDimension dimension) => dimension switch
    {
        RequestDimension.Category => "分類",
        RequestDimension.District => "行政区",
        RequestDimension.Prefecture => "都道府県",
        RequestDimension.AgeBand => "年代",
        _ => "受付月",
    };

    private static RequestDimension? DimensionOf(string? key) =>
        Enum.GetValues<RequestDimension>().Select(d => (RequestDimension?)d).FirstOrDefault(d => KeyOf(d!.Value) == key);

    /// <summary>
    /// The queue (/requests) showing exactly the requests <paramref name="filter"/> counts (in <paramref name="state"/>
    /// when given): the month range as 受付日 from the first day of the first month to the last day of the last, the
    /// same Japan-time months as the stored ReceivedMonth.
    /// </summary>
    public static string Behind(RequestSummaryFilter filter, RequestState? state = null, IReadOnlyList<string>? towns = null) =>
        RequestQueryString.WithTowns(RequestQueryString.Of(new RequestFilter
    {
        State = state ?? filter.State,
        CategoryId = filter.CategoryId,
        District = filter.District,
        PrefectureCode = filter.PrefectureCode,
        AgeBand = filter.AgeBand,
        From = FirstDay(filter.FromMonth),
        To = FirstDay(filter.ToMonth)?.AddMonths(1).AddDays(-1),
    }), towns);

    private static DateOnly? FirstDay(string? month) =>
        DateOnly.TryParseExact(month + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
}
