using System.Security.Claims;
using CallCenter.Data.Audit;
using CallCenter.Data.Calls;
using CallCenter.Data.Inquiries;
using CallCenter.Data.Outbound;
using CallCenter.Data.Reports;
using CallCenter.Data.Towns;
using CallCenter.Web.Security;
using MudBlazor;

namespace CallCenter.Web.Components.Pages.Outbound;

/// <summary>What the outbound page does with the data: claims, releases and attempts, the audit row and what is shown next.</summary>
public sealed class OutboundDesk(OutboundQueue queue, OutboundWorklist worklist, OutboundAttempts attempts, OutboundHouseholdView households,
    InquiryRepository inquiries, AuditTrail audit, TownAccess towns)
{
    public Task<OutboundRules> RulesAsync() => queue.RulesAsync();

    /// <summary>The towns the signed-in operator calls (their account's scope).</summary>
    public Task<TownScope> ScopeAsync(ClaimsPrincipal user) => towns.ScopeAsync(user);

    /// <summary>The installation's towns as the card names them (a town only when several exist).</summary>
    public async Task<TownNames> NamesAsync() => new(await towns.TownsAsync());

    /// <summary>
    /// The household the operator still holds (of their towns) with its messages, audited as shown again; null when
    /// none.
    /// </summary>
    public async Task<(OutboundHousehold Household, IReadOnlyList<Inquiry> Messages)?> HeldAsync(ClaimsPrincipal user)
    {
        if (user.Operator().UserId is not { } userId || await worklist.HeldByAsync(userId, await towns.ScopeAsync(user)) is not { } held)
        {
            return null;
        }
        var messages = await MessagesAsync(held);
        // The household this operator still holds is shown again (its claim was audited when it was taken).
        await audit.WriteAsync(user, AuditActions.ViewList, "outbound", held.HouseholdNo, details: "担当中の世帯を再表示");
        return (held, messages);
    }

    /// <summary>「次へ」: the next household of <paramref name="scope"/>'s towns (see <see cref="OutboundWorklist.ClaimNextAsync"/>).</summary>
    public Task<ClaimResult> ClaimNextAsync(OperatorContext by, TownScope scope) => worklist.ClaimNextAsync(by, scope);

    /// <summary>Messages (伝言) left by inquirers for any member: the operator passes them on while on the phone.</summary>
    public async Task<IReadOnlyList<Inquiry>> MessagesAsync(OutboundHousehold? household) =>
        household is null ? [] : await inquiries.OpenMessagesForHouseholdAsync(household.HouseholdId);

    /// <summary>Gives the household back to the queue; returns the message for the operator.</summary>
    public async Task<string> ReleaseAsync(OutboundHousehold household, OperatorContext by)
    {
        await worklist.ReleaseAsync(household.HouseholdId, by);
        return $"世帯 {household.HouseholdNo} を解放しました。";
    }

    public Task<AttemptResult> RecordAttemptAsync(OutboundHousehold household, string phone, OutboundOutcome outcome, DateTime? callbackAt,
        string? note, OperatorContext by, IReadOnlyList<int>? toldAnnouncements = null) =>
        attempts.RecordAttemptAsync(household.HouseholdId, phone, outcome, callbackAt, note, by, toldAnnouncements: toldAnnouncements);

    /// <summary>
    /// What the page shows after the attempt was written: the error when it was refused, the call form when the call
    /// connected, else the message and the household as it is now (none when the attempt released it).
    /// </summary>
    public async Task<AttemptFollowUp> FollowUpAsync(OutboundHousehold household, string phone, OutboundOutcome outcome, DateTime? callbackAt,
        AttemptResult result, TownScope scope, TownNames? names = null)
    {
        if (!result.Saved)
        {
            return new AttemptFollowUp { Error = result.Error };
        }
        if (outcome == OutboundOutcome.Connected)
        {
            return new AttemptFollowUp { CallFormPath = CallFormPath(household, phone, names) };
        }
        var message = AttemptMessage.For(outcome, result, callbackAt);
        var severity = result.Escalation != OutboundEscalation.None ? Severity.Warning : Severity.Success;
        if (result.Released)
        {
            return new AttemptFollowUp { Message = message, Severity = severity, Released = true };
        }
        var reloaded = await households.GetHouseholdAsync(household.HouseholdId, scope);
        return new AttemptFollowUp { Message = message, Severity = severity, Household = reloaded, Messages = await MessagesAsync(reloaded) };
    }

    /// <summary>
    /// The same call form as an inbound call, as an outbound call to the dialed number, for the first member still
    /// unconfirmed (or the first member); the form comes back to the worklist after saving. With several towns the path
    /// names the household's town (<c>town=CODE</c>): the same resident number may be someone else in another town.
    /// </summary>
    public static string CallFormPath(OutboundHousehold household, string phone, TownNames? names = null)
    {
        var person = household.Members.FirstOrDefault(m => m.Status == SafetyStatus.Unconfirmed) ?? household.Members.First();
        return (names ?? TownNames.Single).ResidentHref(person.ResidentNo, household.TownId,
            $"/call?direction=outbound&phone={Uri.EscapeDataString(phone)}&from=outbound");
    }
}

/// <summary>What follows a written attempt on the outbound page (see <see cref="OutboundDesk.FollowUpAsync"/>).</summary>
public sealed record AttemptFollowUp
{
    public string? Error { get; init; }

    public string? CallFormPath { get; init; }

    public string? Message { get; init; }

    public Severity Severity { get; init; } = Severity.Success;

    public bool Released { get; init; }

    public OutboundHousehold? Household { get; init; }

    public IReadOnlyList<Inquiry> Messages { get; init; } = [];
}
