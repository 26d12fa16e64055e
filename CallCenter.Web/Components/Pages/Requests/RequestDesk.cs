using System.Security.Claims;
using CallCenter.Data.Accounts;
using CallCenter.Data.Requests;
using CallCenter.Web.Security;

namespace CallCenter.Web.Components.Pages.Requests;

/// <summary>
/// The data work of the requests pages (/requests, /requests/{id}, /requests/summary, the navigation's count): who
/// sees what (<see cref="RequestWork.ScopeAsync"/>), the audited reads, the moves. Stateless: registered scoped.
/// </summary>
public sealed class RequestDesk(RequestQueue queue, RequestWork work, RequestSummary summary, Shared.MenuCounts counts)
{
    /// <summary>What <paramref name="user"/> may see and work.</summary>
    public Task<RequestScope> ScopeAsync(ClaimsPrincipal user) =>
        work.ScopeAsync(user.UserId(), user.Role() ?? UserRole.Operator);

    /// <summary>The overdue rule in force (for the page's legend).</summary>
    public RequestOverdue Overdue => queue.Overdue;

    /// <summary>A page of the queue for <paramref name="user"/> (audited).</summary>
    public Task<RequestQueuePage> PageAsync(RequestFilter filter, RequestScope scope, int pageIndex, ClaimsPrincipal user) =>
        queue.PageAsync(filter, scope, pageIndex, user.Operator());

    /// <summary>One request for <paramref name="user"/> (audited), or null when missing or outside the scope.</summary>
    public Task<RequestDetail?> DetailAsync(long requestId, RequestScope scope, ClaimsPrincipal user) =>
        queue.DetailAsync(requestId, scope, user.Operator());

    /// <summary>Moves a request as <paramref name="user"/>; the menus' open counts are read again at once.</summary>
    public async Task<RequestMoveResult> MoveAsync(RequestMove move, RequestScope scope, ClaimsPrincipal user)
    {
        var result = await work.MoveAsync(move, scope, user.Operator());
        counts.ForgetStartingWith(CountKeyPrefix);
        return result;
    }

    /// <summary>The open requests in <paramref name="scope"/> (0 when it sees none).</summary>
    public Task<int> OpenCountAsync(RequestScope scope) => queue.OpenCountAsync(scope);

    private const string CountKeyPrefix = "requests:";

    /// <summary>The key of a scope's open count in <see cref="Shared.MenuCounts"/> (the same for everyone of a department).</summary>
    public static string CountKey(RequestScope scope) =>
        CountKeyPrefix + (scope.SeesAll ? "all" : scope.DepartmentId?.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>The look-up lists of the filters: departments, categories, and the districts and prefectures that have requests.</summary>
    public async Task<RequestChoices> ChoicesAsync()
    {
        var figures = await summary.LoadAsync();
        return new RequestChoices(await queue.DepartmentsAsync(), await queue.CategoriesAsync(),
            figures.Of(RequestDimension.District).Select(t => t.Value).Where(v => v.Length > 0).Order(StringComparer.Ordinal).ToList(),
            figures.Of(RequestDimension.Prefecture).Where(t => t.Value != "-1").ToList());
    }

    /// <summary>The summary (supervisors and admins; no personal data).</summary>
    public Task<RequestSummaryFigures> SummaryAsync() => summary.LoadAsync();

    /// <summary>The summary under the page's filters (the tallies when no value is filtered).</summary>
    public Task<RequestSummaryFigures> SummaryAsync(RequestSummaryFilter filter) => summary.LoadAsync(filter);

    /// <summary>The cross table of two dimensions under the page's filters.</summary>
    public Task<RequestCrossTable> CrossAsync(RequestSummaryView view) => summary.CrossAsync(view.Filter, view.Rows, view.Columns);
}

/// <summary>The filters' look-up lists.</summary>
public sealed record RequestChoices(IReadOnlyList<RequestChoice> Departments, IReadOnlyList<RequestChoice> Categories,
    IReadOnlyList<string> Districts, IReadOnlyList<RequestTally> Prefectures);
