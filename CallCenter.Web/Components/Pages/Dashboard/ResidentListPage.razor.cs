using CallCenter.Data.Dashboard;
using CallCenter.Data.Residents;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace CallCenter.Web.Components.Pages.Dashboard;

// The list's rows: one page of residents in the order the table asks for, audited once per page shown (the reads and
// the audit row are ResidentListReader's). The filters, the URL and the table are in the .razor.
public sealed partial class ResidentListPage
{
    [Inject] private IServiceProvider Services { get; set; } = default!;

    [CascadingParameter]
    private Task<AuthenticationState>? AuthenticationState { get; set; }

    private ResidentListReader reader = default!;

    /// <summary>
    /// The export of exactly this list, or null when the list's filter has no export equivalent (confirmed only,
    /// provisional persons, unknown prefecture).
    /// </summary>
    internal static string? ExportHref(ResidentListFilter f) => ResidentListReader.ExportHref(f);

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
            var page = await reader.PageAsync(query, state.Page * state.PageSize, state.PageSize, cancellationToken);
            totalText = $"{page.Total:N0}人";
            if (AuthenticationState is not null)
            {
                await reader.AuditAsync((await AuthenticationState).User, query, state.Page * state.PageSize, page, cancellationToken);
            }
            error = null;
            return new TableData<ResidentSummary> { Items = page.Residents, TotalItems = page.Total };
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            error = reader.Failed(e, query);
            return new TableData<ResidentSummary> { Items = [], TotalItems = 0 };
        }
    }

    private SortDirection Initial(ResidentListSort sort) =>
        sort != query.Sort ? SortDirection.None : query.Descending ? SortDirection.Descending : SortDirection.Ascending;
}
