using System.Globalization;
using CallCenter.Data.Calls;
using CallCenter.Data.Residents;
using CallCenter.Web.Security;

namespace CallCenter.Web.Components.Pages.Inquiries;

/// <summary>
/// <c>/residents/{ResidentNo}/inquiry[?town=CODE][&amp;call=ID]</c>: the person exists for the caller (<see cref="ResidentExists"/>),
/// and the call named by <c>call=</c>, when given, is one the caller may see (<see cref="CallLog"/>'s rule): another
/// town's call is not found, so an inquiry cannot be linked to it (which would also show it to this town's staff).
/// </summary>
public sealed class InquiryPageExists(ResidentRepository residents, CallLog calls, TownAccess towns) : IPageExistence
{
    public async Task<bool> ExistsAsync(HttpContext context, CancellationToken cancellationToken)
    {
        if (!await new ResidentExists(residents, towns).ExistsAsync(context, cancellationToken))
        {
            return false;
        }
        var call = context.Request.Query["call"].ToString();
        if (call.Length == 0)
        {
            return true;
        }
        return long.TryParse(call, NumberStyles.None, CultureInfo.InvariantCulture, out var callId)
            && await VisibleAsync(calls, callId, await towns.ScopeAsync(context.User, cancellationToken), context.User.UserId(), cancellationToken);
    }

    /// <summary>Whether the viewer (of <paramref name="scope"/>, user <paramref name="viewerUserId"/>) may see the call.</summary>
    public static async Task<bool> VisibleAsync(CallLog calls, long callId, Data.Towns.TownScope scope, int? viewerUserId, CancellationToken cancellationToken = default) =>
        await calls.DetailAsync(callId, scope, viewerUserId, cancellationToken) is not null;
}
