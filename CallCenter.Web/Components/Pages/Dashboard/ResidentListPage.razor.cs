using CallCenter.Data.Dashboard;
using CallCenter.Data.Residents;
using CallCenter.Data.Towns;
using CallCenter.Web.Security;
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

    [Inject] private TownAccess TownAccess { get; set; } = default!;

    private ResidentListReader reader = default!;
    private TownChoice? towns;

    /// <summary>The query with the towns of its URL kept (those the user may see), the districts of those towns read once per scope.</summary>
    private async Task<ResidentListQuery> WithTownsAsync(ResidentListQuery parsed, List<string> found)
    {
        var user = AuthenticationState is null ? null : (await AuthenticationState).User;
        var before = towns?.Scope.ToString();
        towns = user is null ? null : await TownChoice.ResolveAsync(TownAccess, user, TownCodes, found, disposed.Token);
        if (towns is not null && towns.Scope.ToString() != before)
        {
            districts = await reader.DistrictsAsync(towns.Scope, disposed.Token);
        }
        return parsed with { Filter = parsed.Filter with { Towns = towns is { Codes.Count: > 0 } ? towns.Codes : null } };
    }

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
        // No identity (a test host without authentication state) sees no town rather than every town.
        var load = await reader.LoadAsync(query, towns?.Scope ?? TownScope.Only([]), state.Page * state.PageSize, state.PageSize, user, cancellationToken);
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
