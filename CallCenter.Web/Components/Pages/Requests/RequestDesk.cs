using System.Security.Claims;
using CallCenter.Data.Accounts;
using CallCenter.Data.Requests;
using CallCenter.Data.Towns;
using CallCenter.Web.Security;

namespace CallCenter.Web.Components.Pages.Requests;

/// <summary>
/// The data work of the requests pages (/requests, /requests/{id}, /requests/summary, the navigation's count): who
/// sees what (<see cref="RequestWork.ScopeAsync"/> for the department, <see cref="TownAccess"/> for the towns), the
/// audited reads, the moves. Stateless: registered scoped.
/// </summary>
public sealed class RequestDesk(RequestQueue queue, RequestWork work, RequestSummary summary, Shared.MenuCounts counts, TownAccess towns)
{
    /// <summary>What <paramref name="user"/> may see and work.</summary>
    public Task<RequestScope> ScopeAsync(ClaimsPrincipal user) =>
        work.ScopeAsync(user.UserId(), user.Role() ?? UserRole.Operator);

    /// <summary>The towns <paramref name="user"/> may see.</summary>
    public Task<TownScope> TownsAsync(ClaimsPrincipal user) => towns.ScopeAsync(user);

    /// <summary>
    /// The towns a page shows: <paramref name="user"/>'s, narrowed to the <c>town=</c> codes of the address; with the
    /// towns <paramref name="user"/> may choose from, empty unless the installation has several towns.
    /// </summary>
    public async Task<(TownScope Scope, IReadOnlyList<Town> Choices)> TownsAsync(ClaimsPrincipal user, IReadOnlyList<string> codes)
    {
        var scope = await towns.ScopeAsync(user);
        var all = await towns.TownsAsync();
        var choices = all.Count > 1 ? all.Where(t => scope.Includes(t.TownId)).ToList() : [];
        return (RequestQueryString.Narrow(scope, codes, all), choices);
    }

    /// <summary>The overdue rule in force (for the page's legend).</summary>
    public RequestOverdue Overdue => queue.Overdue;

    /// <summary>A page of the queue for <paramref name="user"/> (audited).</summary>
    public Task<RequestQueuePage> PageAsync(RequestFilter filter, RequestScope scope, TownScope townScope, int pageIndex, ClaimsPrincipal user) =>
        queue.PageAsync(filter, scope, townScope, pageIndex, user.Operator());

    /// <summary>One request for <paramref name="user"/> (audited), or null when missing or outside the scope or towns.</summary>
    public Task<RequestDetail?> DetailAsync(long requestId, RequestScope scope, TownScope townScope, ClaimsPrincipal user) =>
        queue.DetailAsync(requestId, scope, townScope, user.Operator());

    /// <summary>Moves a request as <paramref name="user"/>; the menus' open counts are read again at once.</summary>
    public async Task<RequestMoveResult> MoveAsync(RequestMove move, RequestScope scope, TownScope townScope, ClaimsPrincipal user)
    {
        var result = await work.MoveAsync(move, scope, townScope, user.Operator());
        counts.ForgetStartingWith(CountKeyPrefix);
        return result;
    }

    /// <summary>The open requests in <paramref name="scope"/> and <paramref name="townScope"/> (0 when it sees none).</summary>
    public Task<int> OpenCountAsync(RequestScope scope, TownScope townScope) => queue.OpenCountAsync(scope, townScope);

    private const string CountKeyPrefix = "requests:";

    /// <summary>The key of a scope's open count in <see cref="Shared.MenuCounts"/> (the same for everyone of a department and towns).</summary>
    public static string CountKey(RequestScope scope, TownScope townScope) =>
        CountKeyPrefix + (scope.SeesAll ? "all" : scope.DepartmentId?.ToString(System.Globalization.CultureInfo.InvariantCulture))
        + (townScope.IsAll ? "" : ":" + string.Join(",", townScope.TownIds!));

    /// <summary>The look-up lists of the filters: departments, categories, and the districts and prefectures that have requests in the towns.</summary>
    public async Task<RequestChoices> ChoicesAsync(TownScope townScope)
    {
        var figures = await summary.LoadAsync(townScope);
        return new RequestChoices(await queue.DepartmentsAsync(), await queue.CategoriesAsync(),
            figures.Of(RequestDimension.District).Select(t => t.Value).Where(v => v.Length > 0).Order(StringComparer.Ordinal).ToList(),
            figures.Of(RequestDimension.Prefecture).Where(t => t.Value != "-1").ToList());
    }

    /// <summary>The summary of the towns (supervisors and admins; no personal data).</summary>
    public Task<RequestSummaryFigures> SummaryAsync(TownScope townScope) => summary.LoadAsync(townScope);

    /// <summary>The summary under the page's filters and the cross table of its two dimensions, in the towns.</summary>
    public Task<(RequestSummaryFigures Figures, RequestCrossTable Cross)> SummaryAsync(RequestSummaryView view, TownScope townScope) =>
        summary.LoadWithCrossAsync(view.Filter, view.Rows, view.Columns, townScope);
}

/// <summary>The filters' look-up lists.</summary>
public sealed record RequestChoices(IReadOnlyList<RequestChoice> Departments, IReadOnlyList<RequestChoice> Categories,
    IReadOnlyList<string> Districts, IReadOnlyList<RequestTally> Prefectures);
