using System.Globalization;
using System.Security.Claims;
using CallCenter.Data.Audit;
using CallCenter.Data.Common;
using CallCenter.Data.Dashboard;
using CallCenter.Data.Towns;
using CallCenter.Web.Security;

namespace CallCenter.Web.Components.Pages.Dashboard;

/// <summary>A page of the resident list as read (null when it could not be), and the Japanese message when anything failed.</summary>
public sealed record ResidentListLoad(ResidentListResult? Page, string? Error);

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
    public async Task<IReadOnlyList<string>> DistrictsAsync(TownScope towns, CancellationToken cancellationToken)
    {
        try
        {
            // The whole town's snapshot is usually in the feed already (a dashboard is open): no extra query.
            return (await feed.GetAsync(new DashboardFilter(), towns, cancellationToken)).Districts;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Districts for the resident list could not be read");
            return [];
        }
    }

    /// <summary>
    /// One page of the list (<paramref name="skip"/> rows left out, at most <paramref name="take"/>) and, for a signed-in
    /// <paramref name="user"/>, its audit row: who looked at which list of residents (personal data), once per page shown.
    /// A failure is logged and told in Japanese; the page read stays in the result when only the audit row failed.
    /// </summary>
    public async Task<ResidentListLoad> LoadAsync(ResidentListQuery query, TownScope towns, int skip, int take, ClaimsPrincipal? user,
        CancellationToken cancellationToken)
    {
        ResidentListResult? page = null;
        try
        {
            page = await source.ListAsync(query.Filter, towns, query.Sort, query.Descending, skip, take, cancellationToken);
            if (user is not null)
            {
                await audit.WriteAsync(user, AuditActions.ViewResidentList, "resident-list", null,
                    AuditDetails.Join(AuditDetails.ResidentList(query.Filter), AuditDetails.Shown(skip + 1, page.Residents.Count, page.Total)),
                    cancellationToken: cancellationToken);
            }
            return new ResidentListLoad(page, null);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Resident list for {Filter} could not be loaded", query.Filter);
            return new ResidentListLoad(page, "一覧を読み込めませんでした。少し待ってからもう一度開いてください。");
        }
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
        foreach (var town in f.Towns ?? [])
        {
            Add("town", town);
        }
        var file = f.Unconfirmed ? "unconfirmed.csv" : "residents.csv";
        return $"/exports/{file}?{string.Join("&", parts)}";
    }
}
