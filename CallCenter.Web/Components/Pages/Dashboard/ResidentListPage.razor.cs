using CallCenter.Data.Audit;
using CallCenter.Data.Dashboard;
using CallCenter.Data.Residents;
using CallCenter.Web.Security;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace CallCenter.Web.Components.Pages.Dashboard;

// The list's rows: one page of residents from the dashboard source, in the order the table asks for, audited once per
// page shown. The filters, the URL and the table are in the .razor.
public sealed partial class ResidentListPage
{
    [Inject] private IDashboardSource Source { get; set; } = default!;
    [Inject] private AuditTrail Audit { get; set; } = default!;

    [CascadingParameter]
    private Task<AuthenticationState>? AuthenticationState { get; set; }

    /// <summary>
    /// The export of exactly this list, or null when the list's filter has no export equivalent (confirmed only,
    /// provisional persons, unknown prefecture).
    /// </summary>
    internal static string? ExportHref(ResidentListFilter f)
    {
        if (f.Confirmed || f.Provisional is not false || f.PrefectureCode == CallCenter.Data.Dashboard.ResidentList.UnknownPrefecture)
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
        Add("prefecture", f.PrefectureCode?.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Add("type", f.WhereaboutsType?.ToString());
        Add("vulnerable", f.Vulnerable is { } v ? (v ? "true" : "false") : null);
        var file = f.Unconfirmed ? "unconfirmed.csv" : "residents.csv";
        return $"/exports/{file}?{string.Join("&", parts)}";
    }

    private async Task<TableData<ResidentSummary>> LoadAsync(TableState state, CancellationToken cancellationToken)
    {
        var sort = Enum.TryParse<ResidentListSort>(state.SortLabel, out var s) ? s : query.Sort;
        var descending = string.IsNullOrEmpty(state.SortLabel) ? query.Descending : state.SortDirection == SortDirection.Descending;
        if (state.SortDirection == SortDirection.None && !string.IsNullOrEmpty(state.SortLabel))
        {
            (sort, descending) = (ResidentListSort.Kana, false);
        }
        if (sort != query.Sort || descending != query.Descending)
        {
            // Keep the order in the URL too, so a shared link shows the same first page.
            query = query with { Sort = sort, Descending = descending };
            Navigation.NavigateTo(query.Href, replace: true);
        }
        try
        {
            var page = await Source.ListAsync(query.Filter, sort, descending, state.Page * state.PageSize, state.PageSize, cancellationToken);
            totalText = $"{page.Total:N0}人";
            // Who looked at which list of residents (personal data): once per page of rows shown.
            if (AuthenticationState is not null)
            {
                var user = (await AuthenticationState).User;
                await Audit.WriteAsync(user, AuditActions.ViewResidentList, "resident-list", null,
                    $"{query.Href}; rows {state.Page * state.PageSize + 1}-{state.Page * state.PageSize + page.Residents.Count} of {page.Total}",
                    cancellationToken: cancellationToken);
            }
            error = null;
            return new TableData<ResidentSummary> { Items = page.Residents, TotalItems = page.Total };
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Logger.LogError(e, "Resident list for {Filter} could not be loaded", query.Filter);
            error = "一覧を読み込めませんでした。少し待ってからもう一度開いてください。";
            return new TableData<ResidentSummary> { Items = [], TotalItems = 0 };
        }
    }

    private SortDirection Initial(ResidentListSort sort) =>
        sort != query.Sort ? SortDirection.None : query.Descending ? SortDirection.Descending : SortDirection.Ascending;
}
