using System.Globalization;
using System.Security.Claims;
using CallCenter.Data.Audit;
using CallCenter.Data.Calls;
using CallCenter.Web.Security;
using Microsoft.AspNetCore.Authorization;

namespace CallCenter.Web.Components.Pages.Calls;

/// <summary>
/// The data work of a call's detail (<c>/calls/{id}</c>): who may see it (supervisors and admins every call, an operator
/// the calls they took), the read with its audit row, and linking the call to a resident. One per page.
/// </summary>
public sealed class CallDetailDesk(CallLog log, CallLinks links, AuditTrail audit, IAuthorizationService authorization,
    TownAccess? towns = null)
{
    private bool supervisor;
    private Data.Towns.TownScope scope = Data.Towns.TownScope.All;

    /// <summary>The installation's towns: the detail names each person's town when several exist.</summary>
    public TownNames Towns { get; private set; } = TownNames.Single;

    /// <summary>The call shown; null when there is none or it may not be seen.</summary>
    public CallLogEntry? Call { get; private set; }

    /// <summary>The call exists but this user may not see it (an operator, another operator's call).</summary>
    public bool Forbidden { get; private set; }

    /// <summary>The message of the last link: what went wrong, or what was done.</summary>
    public string? LinkMessage { get; private set; }

    /// <summary>Whether <see cref="LinkMessage"/> reports a failure.</summary>
    public bool LinkFailed { get; private set; }

    /// <summary>Reads the call for <paramref name="user"/>, and audits it when shown.</summary>
    public async Task OpenAsync(long callId, ClaimsPrincipal user)
    {
        supervisor = (await authorization.AuthorizeAsync(user, Policies.Supervisor)).Succeeded;
        // A call about residents of other towns only is not found, as an unknown number is (never "forbidden").
        scope = towns is null ? Data.Towns.TownScope.All : await towns.ScopeAsync(user);
        Towns = towns is null ? TownNames.Single : new TownNames(await towns.TownsAsync());
        var call = await log.DetailAsync(callId, scope, user.UserId());
        (Call, Forbidden, LinkMessage) = (null, false, null);
        if (call is null)
        {
            return;
        }
        if (!supervisor && call.OperatorUserId != user.UserId())
        {
            Forbidden = true;
            return;
        }
        Call = call;
        await audit.WriteAsync(user, AuditActions.ViewCall, "call", callId.ToString(CultureInfo.InvariantCulture),
            $"通話 {callId} の詳細を表示（対象者 {(call.Persons.Count == 0 ? "登録なし" : string.Join("、", call.Persons.Select(p => p.ResidentNo)))}）",
            call.Persons.Count == 1 ? call.Persons[0].ResidentId : null);
    }

    /// <summary>Links the call shown to a resident (an operator only their own call) and reads it again.</summary>
    public async Task LinkAsync(string residentNo, ClaimsPrincipal user)
    {
        if (Call is null)
        {
            return;
        }
        var result = await links.LinkAsync(Call.CallId, residentNo, user.Operator(), ownCallOnly: !supervisor, scope);
        (LinkFailed, LinkMessage) = result switch
        {
            { Error: { } error } => (true, error),
            { Added: true, Person: { } p } => (false, $"{p.Name}（{p.ResidentNo}）を対象者に加えました。"),
            { Person: { } p } => (false, $"{p.Name}（{p.ResidentNo}）はすでにこの通話の対象者です。"),
            _ => (true, "対象者に加えられませんでした。"),
        };
        Call = await log.DetailAsync(Call.CallId, scope, user.UserId()) ?? Call;
    }
}
