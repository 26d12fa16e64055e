using System.Globalization;
using CallCenter.Data.Requests;
using Microsoft.AspNetCore.WebUtilities;

namespace CallCenter.Web.Components.Pages.Requests;

/// <summary>
/// The queue's filter in its address (/requests?state=all&amp;category=3&amp;district=浜区&amp;month=2026-03), so that
/// every figure of the summary opens the requests behind it and a filtered queue can be bookmarked.
/// </summary>
public static class RequestQueryString
{
    /// <summary>The filter an address names (unknown or malformed values are ignored).</summary>
    public static RequestFilter Parse(string uri)
    {
        var query = QueryHelpers.ParseQuery(new Uri(uri).Query);
        string? Get(string key) => query.TryGetValue(key, out var v) && !string.IsNullOrWhiteSpace(v.ToString()) ? v.ToString().Trim() : null;
        int? Int(string key) => int.TryParse(Get(key), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;
        DateOnly? Date(string key) => DateOnly.TryParseExact(Get(key), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
        var filter = new RequestFilter
        {
            State = Get("state") switch { "closed" => RequestState.Closed, "all" => RequestState.All, _ => RequestState.Open },
            Status = Int("status") is >= 0 and <= 4 and var s ? (RequestStatus)s : null,
            DepartmentId = Int("department"),
            CategoryId = Int("category"),
            IsUrgent = Get("urgent") switch { "1" => true, "0" => false, _ => null },
            District = Get("district") is { } d ? (d == RequestSummaryView.UnknownDistrict ? "" : d) : null,
            PrefectureCode = Int("prefecture"),
            AgeBand = Int("age") is >= -1 and <= 5 and var a ? (int?)a : null,
            From = Date("from"),
            To = Date("to"),
            OverdueOnly = Get("overdue") == "1",
        };
        if (DateOnly.TryParseExact(Get("month") + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month))
        {
            filter = filter with { From = month, To = month.AddMonths(1).AddDays(-1) };
        }
        return filter;
    }

    /// <summary>The address of the queue with <paramref name="filter"/> (only what differs from the default).</summary>
    public static string Of(RequestFilter filter, int pageIndex = 0)
    {
        var pairs = new Dictionary<string, string?>
        {
            ["state"] = filter.State switch { RequestState.Closed => "closed", RequestState.All => "all", _ => null },
            ["status"] = filter.Status is { } s ? ((int)s).ToString(CultureInfo.InvariantCulture) : null,
            ["department"] = filter.DepartmentId?.ToString(CultureInfo.InvariantCulture),
            ["category"] = filter.CategoryId?.ToString(CultureInfo.InvariantCulture),
            ["urgent"] = filter.IsUrgent switch { true => "1", false => "0", null => null },
            ["district"] = filter.District is { } d ? (d.Length == 0 ? RequestSummaryView.UnknownDistrict : d) : null,
            ["prefecture"] = filter.PrefectureCode?.ToString(CultureInfo.InvariantCulture),
            ["age"] = filter.AgeBand?.ToString(CultureInfo.InvariantCulture),
            ["from"] = filter.From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["to"] = filter.To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["overdue"] = filter.OverdueOnly ? "1" : null,
            ["page"] = pageIndex > 0 ? (pageIndex + 1).ToString(CultureInfo.InvariantCulture) : null,
        };
        return QueryHelpers.AddQueryString("/requests", pairs.Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value));
    }

    /// <summary>The towns an address names (<c>town=CODE</c>, repeatable; none: every town the user may see).</summary>
    public static IReadOnlyList<string> TownCodes(string uri) =>
        QueryHelpers.ParseQuery(new Uri(uri).Query).TryGetValue("town", out var v)
            ? v.Select(c => c?.Trim() ?? "").Where(c => c.Length > 0).Distinct(StringComparer.Ordinal).ToList()
            : [];

    /// <summary><paramref name="address"/> with <c>town=CODE</c> for each of <paramref name="codes"/> (unchanged for none).</summary>
    public static string WithTowns(string address, IReadOnlyList<string>? codes) =>
        codes is null || codes.Count == 0 ? address : codes.Aggregate(address, (a, c) => QueryHelpers.AddQueryString(a, "town", c));

    /// <summary>
    /// The scope a page shows: <paramref name="scope"/> narrowed to the towns an address names (an unknown code, or one
    /// outside the scope, shows nothing rather than something else).
    /// </summary>
    public static CallCenter.Data.Towns.TownScope Narrow(CallCenter.Data.Towns.TownScope scope, IReadOnlyList<string> codes,
        IReadOnlyList<CallCenter.Data.Towns.Town> towns) =>
        codes.Count == 0 ? scope : CallCenter.Data.Towns.TownScope.Only(codes
            .Select(c => towns.FirstOrDefault(t => t.Code == c)?.TownId ?? -1)
            .Where(scope.Includes));

    /// <summary>The page (0-based) an address names (<c>page=</c> counts from 1).</summary>
    public static int PageIndex(string uri) =>
        QueryHelpers.ParseQuery(new Uri(uri).Query).TryGetValue("page", out var v)
        && int.TryParse(v.ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 1 ? n - 1 : 0;

    /// <summary>The queue behind one figure of the summary: every request (open and closed) under that value.</summary>
    public static string Behind(RequestTally tally, RequestState state = RequestState.All) => Of(tally.Dimension switch
    {
        RequestDimension.Category => new RequestFilter { State = state, CategoryId = int.Parse(tally.Value, CultureInfo.InvariantCulture) },
        RequestDimension.District => new RequestFilter { State = state, District = tally.Value },
        RequestDimension.Prefecture => new RequestFilter { State = state, PrefectureCode = int.Parse(tally.Value, CultureInfo.InvariantCulture) },
        RequestDimension.AgeBand => new RequestFilter { State = state, AgeBand = int.Parse(tally.Value, CultureInfo.InvariantCulture) },
        _ => MonthFilter(tally.Value, state),
    });

    private static RequestFilter MonthFilter(string month, RequestState state) =>
        DateOnly.TryParseExact(month + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var first)
            ? new RequestFilter { State = state, From = first, To = first.AddMonths(1).AddDays(-1) }
            : new RequestFilter { State = state };
}
