using CallCenter.Data.Accounts;
using CallCenter.Data.Requests;
using CallCenter.Data.Residents;
using CallCenter.Data.Towns;
using CallCenter.Web.Security;
using Microsoft.AspNetCore.Components.Endpoints;

namespace CallCenter.Web.Components.Pages;

/// <summary>
/// Whether the record a page is about exists for the signed-in caller (inside its towns, and for requests its
/// department). Answered from the URL alone, reading no personal data and writing no audit row.
/// </summary>
public interface IPageExistence
{
    /// <summary>False: the plain GET of the page answers HTTP 404.</summary>
    Task<bool> ExistsAsync(HttpContext context, CancellationToken cancellationToken);
}

/// <summary>
/// On a page about one person, household, request or call: its plain GET answers HTTP 404 (not 200 with the
/// not-found text) when <see cref="Check"/> says the record is missing or outside the caller's towns. Pages render
/// nothing personal while prerendering (MainLayout), so the answer is decided by <see cref="PrerenderNotFound"/> in
/// Routes from the URL, before any page runs: <c>@attribute [NotFoundUnless(typeof(ResidentExists))]</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class NotFoundUnlessAttribute(Type check) : Attribute
{
    /// <summary>An <see cref="IPageExistence"/>, created per request from the request's services.</summary>
    public Type Check { get; } = check;

    /// <summary>
    /// Whether the record of the page serving <paramref name="context"/> exists (true when the page declares no check,
    /// or the caller is not signed in: sign-in and authorization answer those).
    /// </summary>
    public static async Task<bool> ExistsAsync(HttpContext context, CancellationToken cancellationToken)
    {
        if (context.User.Identity?.IsAuthenticated != true
            || context.GetEndpoint()?.Metadata.GetMetadata<ComponentTypeMetadata>()?.Type is not { } page
            || page.GetCustomAttributes(typeof(NotFoundUnlessAttribute), true).FirstOrDefault() is not NotFoundUnlessAttribute declared)
        {
            return true;
        }
        var check = (IPageExistence)ActivatorUtilities.CreateInstance(context.RequestServices, declared.Check);
        return await check.ExistsAsync(context, cancellationToken);
    }
}

/// <summary>
/// <c>/residents/{ResidentNo}[?town=CODE]</c> and the pages under it: the number is in one of the caller's towns (or in
/// the town named, which must be one of them). A number in several visible towns without <c>town=</c> exists (the page
/// offers the choice).
/// </summary>
public sealed class ResidentExists(ResidentRepository residents, TownAccess towns) : IPageExistence
{
    public async Task<bool> ExistsAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var residentNo = (context.GetRouteValue("ResidentNo") as string ?? "").Trim();
        var scope = await towns.ScopeAsync(context.User, cancellationToken);
        var code = context.Request.Query["town"].ToString().Trim();
        if (code.Length > 0)
        {
            if ((await towns.TownsAsync(cancellationToken)).FirstOrDefault(t => t.Code == code) is not { } town || !scope.Includes(town.TownId))
            {
                return false;
            }
            scope = TownScope.Only([town.TownId]);
        }
        return (await residents.TownsOfNumberAsync(residentNo, scope, cancellationToken)).Count > 0;
    }
}

/// <summary><c>/requests/{RequestId}</c>: the request is in the caller's department (or all for supervisors) and towns.</summary>
public sealed class RequestExists(CallCenter.Data.Database.ConnectionFactory connections, RequestWork work, TownAccess towns) : IPageExistence
{
    public async Task<bool> ExistsAsync(HttpContext context, CancellationToken cancellationToken)
    {
        if (!long.TryParse(context.GetRouteValue("RequestId") as string, System.Globalization.NumberStyles.None,
                System.Globalization.CultureInfo.InvariantCulture, out var requestId))
        {
            return false;
        }
        var scope = await work.ScopeAsync(context.User.UserId(), context.User.Role() ?? UserRole.Operator, cancellationToken);
        return await new RequestExistence(connections).ExistsAsync(requestId, scope, await towns.ScopeAsync(context.User, cancellationToken), cancellationToken);
    }
}

/// <summary><c>/calls/{CallId}</c>: the call is about someone of the caller's towns (or about no one and visible to it, see <see cref="CallCenter.Data.Calls.CallLog"/>).</summary>
public sealed class CallExists(CallCenter.Data.Calls.CallLog log, TownAccess towns) : IPageExistence
{
    public async Task<bool> ExistsAsync(HttpContext context, CancellationToken cancellationToken)
    {
        if (!long.TryParse(context.GetRouteValue("CallId") as string, System.Globalization.NumberStyles.None,
                System.Globalization.CultureInfo.InvariantCulture, out var callId))
        {
            return false;
        }
        var scope = await towns.ScopeAsync(context.User, cancellationToken);
        return await log.DetailAsync(callId, scope, context.User.UserId(), cancellationToken) is not null;
    }
}

/// <summary>
/// <c>/announcements/{AnnouncementId}</c>: the announcement exists and can reach the caller's towns (it names no town, or
/// one of them: the list's rule, <see cref="CallCenter.Data.Announcements.AnnouncementTargeting.ReachesScope"/>).
/// </summary>
public sealed class AnnouncementExists(CallCenter.Data.Announcements.AnnouncementBoard board, TownAccess towns) : IPageExistence
{
    public async Task<bool> ExistsAsync(HttpContext context, CancellationToken cancellationToken)
    {
        if (!int.TryParse(context.GetRouteValue("AnnouncementId")?.ToString(), System.Globalization.NumberStyles.None,
                System.Globalization.CultureInfo.InvariantCulture, out var announcementId))
        {
            return false;
        }
        var scope = await towns.ScopeAsync(context.User, cancellationToken);
        return await board.GetAsync(announcementId, scope, cancellationToken) is not null;
    }
}
