using System.Globalization;
using CallCenter.Data.Dashboard;
using Microsoft.AspNetCore.Http;

namespace CallCenter.Web.Components.Pages.Dashboard;

/// <summary>The dashboard's filter in its URL (<c>/dashboard?district=浜区&amp;vulnerable=true&amp;from=2026-03-11</c>).</summary>
public static class DashboardQuery
{
    public const string Path = "/dashboard";

    public static string Href(DashboardFilter filter)
    {
        var parts = new List<KeyValuePair<string, string?>>();
        if (filter.From is { } from)
        {
            parts.Add(new("from", from.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
        }
        if (filter.To is { } to)
        {
            parts.Add(new("to", to.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
        }
        if (!string.IsNullOrEmpty(filter.District))
        {
            parts.Add(new("district", filter.District));
        }
        if (filter.VulnerableOnly)
        {
            parts.Add(new("vulnerable", "true"));
        }
        if (!string.IsNullOrEmpty(filter.Site))
        {
            parts.Add(new("site", filter.Site));
        }
        foreach (var town in filter.Towns ?? [])
        {
            parts.Add(new("town", town));
        }
        return Path + QueryString.Create(parts);
    }

    /// <summary>The filter from the URL; what cannot be read falls back to the default and is named in problems.</summary>
    public static DashboardFilter Parse(string? from, string? to, string? district, string? vulnerable, string? site,
        IReadOnlyCollection<string> sites, List<string> problems)
    {
        var fromDate = QueryValues.ParseDate(from, "開始日", problems);
        var toDate = QueryValues.ParseDate(to, "終了日", problems);
        if (fromDate > toDate)
        {
            problems.Add("開始日が終了日より後になっています。期間を外しました。");
            (fromDate, toDate) = (null, null);
        }
        var siteName = QueryValues.Clean(site);
        if (siteName is not null && !sites.Contains(siteName))
        {
            problems.Add($"拠点「{siteName}」はありません。全拠点を表示しています。");
            siteName = null;
        }
        return new DashboardFilter(fromDate, toDate, QueryValues.Clean(district),
            QueryValues.ParseBool(vulnerable, "要支援者のみ", problems) ?? false, siteName);
    }

    /// <summary>The drill-down list for the same residents the dashboard is narrowed to (district, vulnerable only).</summary>
    public static ResidentListFilter ListBase(DashboardFilter filter) =>
        new(District: filter.District, Vulnerable: filter.VulnerableOnly ? true : null, Towns: filter.Towns);
}
