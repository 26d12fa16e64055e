using System.Globalization;
using System.Security.Claims;
using CallCenter.Data.Audit;
using CallCenter.Data.Common;
using CallCenter.Data.Dashboard;
using CallCenter.Web.Security;

namespace CallCenter.Web.Components.Pages.Dashboard;

/// <summary>
/// The resident list's reads: the districts to offer, one page of residents from the dashboard source, the audit row
/// for each page shown, the export link of exactly the list, and a failure told in Japanese.
/// </summary>
public sealed class ResidentListReader(DashboardFeed feed, IDashboardSource source, AuditTrail audit, TimeProvider time,
    ILogger<ResidentListReader> logger)
{
    /// <summary>Today in Japan, for the ages.</summary>
    public DateOnly Today => JapanTime.Today(time);

    /// <summary>The town's districts, or none when they cannot be read.</summary>
    public async Task<IReadOnlyList<string>> DistrictsAsync(CancellationToken cancellationToken)
    {
        try
        {
            // The whole town's snapshot is usually in the feed already (a dashboard is open): no extra query.
            return (await feed.GetAsync(new DashboardFilter(), cancellationToken)).Districts;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Districts for the resident list could not be read");
            return [];
        }
    }

    /// <summary>One page of the list (<paramref name="skip"/> rows left out, at most <paramref name="take"/>).</summary>
    public Task<ResidentListResult> PageAsync(ResidentListQuery query, int skip, int take, CancellationToken cancellationToken) =>
        source.ListAsync(query.Filter, query.Sort, query.Descending, skip, take, cancellationToken);

    /// <summary>Who looked at which list of residents (personal data): one audit row per page of rows shown.</summary>
    public Task AuditAsync(ClaimsPrincipal user, ResidentListQuery query, int skip, ResidentListResult page,
        CancellationToken cancellationToken) =>
        audit.WriteAsync(user, AuditActions.ViewResidentList, "resident-list", null,
            $"{query.Href}; rows {skip + 1}-{skip + page.Residents.Count} of {page.Total}",
            cancellationToken: cancellationToken);

    /// <summary>Logs a list that could not be read and says so in Japanese.</summary>
    public string Failed(Exception exception, ResidentListQuery query)
    {
        logger.LogError(exception, "Resident list for {Filter} could not be loaded", query.Filter);
        return "一覧を読み込めませんでした。少し待ってからもう一度開いてください。";
    }

    /// <summary>
    /// The export of exactly this list, or null when the list's filter has no export equivalent (confirmed only,
    /// provisional persons, unknown prefecture).
    /// </summary>
    public static string? ExportHref(ResidentListFilter f)
    {
        if (f.Confirmed || f.Provisional is not false || f.PrefectureCode == ResidentList.UnknownPrefecture)
        {
            return null;
        }
        var parts = new List<string>();
        void Add(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                parts.Add($"{name}={Uri.EscapeDataString(value)}");
            }
        }
        Add("status", f.Status?.ToString());
        Add("district", f.District);
        Add("prefecture", f.PrefectureCode?.ToString(CultureInfo.InvariantCulture));
        Add("type", f.WhereaboutsType?.ToString());
        Add("vulnerable", f.Vulnerable is { } v ? (v ? "true" : "false") : null);
        var file = f.Unconfirmed ? "unconfirmed.csv" : "residents.csv";
        return $"/exports/{file}?{string.Join("&", parts)}";
    }
}
