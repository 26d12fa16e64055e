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

    /// <summary>The export of exactly this list (see <see cref="ResidentListReader.ExportHref"/>).</summary>
    internal static string? ExportHref(ResidentListFilter f) => ResidentListReader.ExportHref(f);

    private async Task<TableData<ResidentSummary>> LoadAsync(TableState state, CancellationToken cancellationToken)
    {
        var ordered = query.OrderedBy(state.SortLabel, state.SortDirection);
        if (ordered != query)
        {
            // Keep the order in the URL too, so a shared link shows the same first page.
            query = ordered;
            Navigation.NavigateTo(query.Href, replace: true);
        }
        var user = AuthenticationState is null ? null : (await AuthenticationState).User;
        var load = await reader.LoadAsync(query, state.Page * state.PageSize, state.PageSize, user, cancellationToken);
        if (load.Page is { } page)
        {
            totalText = $"{page.Total:N0}人";
        }
        error = load.Error;
        return load is { Error: null, Page: { } rows }
            ? new TableData<ResidentSummary> { Items = rows.Residents, TotalItems = rows.Total }
            : new TableData<ResidentSummary> { Items = [], TotalItems = 0 };
    }

    private SortDirection Initial(ResidentListSort sort) => query.DirectionOf(sort);
}
