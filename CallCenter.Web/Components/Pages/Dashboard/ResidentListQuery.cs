using System.Globalization;
using CallCenter.Data.Common;
using CallCenter.Data.Dashboard;
using CallCenter.Data.Reports;
using Microsoft.AspNetCore.Http;
using MudBlazor;

namespace CallCenter.Web.Components.Pages.Dashboard;

/// <summary>
/// The drill-down list's filter and order as a query string (<c>/residents/list?status=Missing&amp;district=浜区</c>),
/// written by every figure on the dashboard and read back by the list page, so a link can be shared.
/// </summary>
public sealed record ResidentListQuery(ResidentListFilter Filter, ResidentListSort Sort = ResidentListSort.Kana, bool Descending = false)
{
    public const string Path = "/residents/list";

    /// <summary>The link to the list of these residents.</summary>
    public string Href => Path + ToQueryString();

    public string ToQueryString()
    {
        var parts = new List<KeyValuePair<string, string?>>();
        if (Filter.Status is { } status)
        {
            parts.Add(new("status", status.ToString()));
        }
        if (!string.IsNullOrEmpty(Filter.District))
        {
            parts.Add(new("district", Filter.District));
        }
        if (Filter.PrefectureCode is { } code)
        {
            parts.Add(new("pref", code.ToString(CultureInfo.InvariantCulture)));
        }
        if (Filter.WhereaboutsType is { } type)
        {
            parts.Add(new("type", type.ToString()));
        }
        if (Filter.Vulnerable is { } vulnerable)
        {
            parts.Add(new("vulnerable", vulnerable ? "true" : "false"));
        }
        // Registered residents only is the default and stays out of the link.
        if (Filter.Provisional is not false)
        {
            parts.Add(new("provisional", Filter.Provisional is true ? "true" : "all"));
        }
        if (Filter.Unconfirmed)
        {
            parts.Add(new("unconfirmed", "true"));
        }
        if (Filter.Confirmed)
        {
            parts.Add(new("confirmed", "true"));
        }
        foreach (var town in Filter.Towns ?? [])
        {
            parts.Add(new("town", town));
        }
        if (Sort != ResidentListSort.Kana)
        {
            parts.Add(new("sort", Sort.ToString()));
        }
        if (Descending)
        {
            parts.Add(new("desc", "true"));
        }
        return QueryString.Create(parts).ToString();
    }

    /// <summary>
    /// This list in the order a table asks for: a column's sort label and direction (no direction: back to the name
    /// order; no label: the order as it is).
    /// </summary>
    /// <summary>Whether two filters list the same residents (the town codes compared by value).</summary>
    public static bool SameFilter(ResidentListFilter a, ResidentListFilter b) =>
        a with { Towns = null } == b with { Towns = null } && (a.Towns ?? []).SequenceEqual(b.Towns ?? [], StringComparer.Ordinal);

    public ResidentListQuery OrderedBy(string? sortLabel, SortDirection direction)
    {
        var sort = Enum.TryParse<ResidentListSort>(sortLabel, out var s) ? s : Sort;
        var descending = string.IsNullOrEmpty(sortLabel) ? Descending : direction == SortDirection.Descending;
        if (direction == SortDirection.None && !string.IsNullOrEmpty(sortLabel))
        {
            (sort, descending) = (ResidentListSort.Kana, false);
        }
        return this with { Sort = sort, Descending = descending };
    }

    /// <summary>The direction a column shows: none unless the list is in its order.</summary>
    public SortDirection DirectionOf(ResidentListSort sort) =>
        sort != Sort ? SortDirection.None : Descending ? SortDirection.Descending : SortDirection.Ascending;

    /// <summary>
    /// Reads the query string's values; a value that cannot be read is left out (the list shows more, never an
    /// error page) and named in <paramref name="problems"/> for the page to tell the user.
    /// </summary>
    public static ResidentListQuery Parse(string? status, string? district, string? prefecture, string? type, string? vulnerable,
        string? provisional, string? unconfirmed, string? confirmed, string? sort, string? descending, List<string> problems)
    {
        var filter = new ResidentListFilter(
            Status: QueryValues.ParseEnum<SafetyStatus>(status, "安否", problems),
            District: QueryValues.Clean(district),
            PrefectureCode: ParsePrefecture(prefecture, problems),
            WhereaboutsType: QueryValues.ParseEnum<WhereaboutsType>(type, "避難先種別", problems),
            Vulnerable: QueryValues.ParseBool(vulnerable, "要支援者", problems),
            Provisional: ParseProvisional(provisional, problems),
            Unconfirmed: QueryValues.ParseBool(unconfirmed, "未確認のみ", problems) ?? false,
            Confirmed: QueryValues.ParseBool(confirmed, "確認済みのみ", problems) ?? false);
        if (filter.Unconfirmed && filter.Confirmed)
        {
            problems.Add("「未確認のみ」と「確認済みのみ」は同時に選べません。両方外しました。");
            filter = filter with { Unconfirmed = false, Confirmed = false };
        }
        return new ResidentListQuery(filter,
            QueryValues.ParseEnum<ResidentListSort>(sort, "並び順", problems) ?? ResidentListSort.Kana,
            QueryValues.ParseBool(descending, "降順", problems) ?? false);
    }

    private static byte? ParsePrefecture(string? value, List<string> problems)
    {
        if (QueryValues.Clean(value) is not { } text)
        {
            return null;
        }
        if (byte.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var code) && Prefectures.Name(code) is not null)
        {
            return code;
        }
        if (Prefectures.FromName(text) is { } byName)
        {
            return byName;
        }
        problems.Add($"都道府県「{text}」がわかりません。");
        return null;
    }

    private static bool? ParseProvisional(string? value, List<string> problems)
    {
        switch (QueryValues.Clean(value)?.ToLowerInvariant())
        {
            case null or "false":
                return false;
            case "true":
                return true;
            case "all":
                return null;
            default:
                problems.Add($"仮登録の指定「{value}」がわかりません（true, false または all）。");
                return false;
        }
    }
}

/// <summary>Reading query-string values the same way on both dashboard pages.</summary>
internal static class QueryValues
{
    public static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    public static bool? ParseBool(string? value, string label, List<string> problems)
    {
        switch (Clean(value)?.ToLowerInvariant())
        {
            case null:
                return null;
            case "true" or "1":
                return true;
            case "false" or "0":
                return false;
            default:
                problems.Add($"{label}の指定「{value}」がわかりません（true または false）。");
                return null;
        }
    }

    /// <summary>An enum member by name (not by number: numbers outside the enum would parse too).</summary>
    public static T? ParseEnum<T>(string? value, string label, List<string> problems) where T : struct, Enum
    {
        if (Clean(value) is not { } text)
        {
            return null;
        }
        if (!char.IsAsciiDigit(text[0]) && text[0] != '-' && Enum.TryParse<T>(text, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed))
        {
            return parsed;
        }
        problems.Add($"{label}の指定「{text}」がわかりません。");
        return null;
    }

    public static DateOnly? ParseDate(string? value, string label, List<string> problems)
    {
        if (Clean(value) is not { } text)
        {
            return null;
        }
        if (DateOnly.TryParseExact(text, ["yyyy-MM-dd", "yyyy-M-d", "yyyy/M/d"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }
        problems.Add($"{label}「{text}」を日付として読めません（例 2026-03-12）。");
        return null;
    }
}
