using System.Security.Claims;
using CallCenter.Data.Audit;
using CallCenter.Data.Calls;
using CallCenter.Data.Common;
using CallCenter.Data.Residents;
using CallCenter.Web.Security;

namespace CallCenter.Web.Components.Pages.Calls;

/// <summary>
/// The data work of <c>/calls/new</c>: the 要件 offered, the screen-pop (the residents known by the number a PBX sends,
/// and the earlier calls from it, audited as a search) and the save of a call about no registered person, timed from
/// when the page opened. One per page: it holds the page's opening time, the number's matches and a refused save.
/// </summary>
public sealed class NewCallDesk(PhoneLookup phones, CallLog log, UnregisteredCalls calls, WrapUpCodes codes, AuditTrail audit,
    TimeProvider time, TownAccess? towns = null)
{
    /// <summary>The installation's towns: each match names its town, and its call form link carries it, when several exist.</summary>
    public TownNames Towns { get; private set; } = TownNames.Single;

    /// <summary>How many earlier calls from the number are listed.</summary>
    public const int EarlierCount = 5;

    /// <summary>When the page opened (UTC): the call's start.</summary>
    public DateTime OpenedAt { get; } = time.GetUtcNow().UtcDateTime;

    /// <summary>The 要件 an operator may choose (active ones, in list order).</summary>
    public IReadOnlyList<WrapUpCode> Codes { get; private set; } = [];

    /// <summary>The number the page was opened with, in display form (as typed when it is not a number).</summary>
    public string? Phone { get; private set; }

    /// <summary>Why the number given is not one, in Japanese; null when it is (or none was given).</summary>
    public string? PhoneError { get; private set; }

    /// <summary>The residents known by the number; null when no number (or no valid one) was given.</summary>
    public IReadOnlyList<ResidentSummary>? Matches { get; private set; }

    /// <summary>The newest calls from the number.</summary>
    public IReadOnlyList<CallLogEntry> Earlier { get; private set; } = [];

    /// <summary>The field errors of the last refused save.</summary>
    public IReadOnlyList<DraftError> Errors { get; private set; } = [];

    /// <summary>The message of one field's error, if any.</summary>
    public string? ErrorText(string field) => Errors.FirstOrDefault(e => e.Field == field)?.Message;

    /// <summary>Forgets a field's error once the operator has changed that field.</summary>
    public void Forget(string field) => Errors = [.. Errors.Where(e => e.Field != field)];

    /// <summary>Reads the 要件 and, when a number is given, who is known by it (one search audit row naming the number).</summary>
    public async Task LoadAsync(string? phone, ClaimsPrincipal user)
    {
        Codes = await codes.ListAsync();
        if (string.IsNullOrWhiteSpace(phone))
        {
            return;
        }
        if (PhoneLookup.KeyOf(phone) is null)
        {
            (Phone, PhoneError) = (phone.Trim(), $"「{phone.Trim()}」は電話番号として読めません。数字（ハイフン可）で 6〜15 桁の番号を入れてください。");
            return;
        }
        Phone = PhoneNumbers.Display(phone);
        // Only the user's towns: the residents known by the number and the earlier calls about them.
        var scope = towns is null ? Data.Towns.TownScope.All : await towns.ScopeAsync(user);
        Towns = towns is null ? TownNames.Single : new TownNames(await towns.TownsAsync());
        // Members of one household together, in register order.
        Matches = [.. (await phones.FindAsync(phone, scope)).OrderBy(r => r.TownId).ThenBy(r => r.HouseholdNo ?? "\uffff", StringComparer.Ordinal)
            .ThenBy(r => r.ResidentNo, StringComparer.Ordinal)];
        Earlier = await log.FromNumberAsync(phone, EarlierCount, scope, user.UserId());
        await audit.WriteAsync(user, AuditActions.Search, "search", null,
            details: $"着信表示 {Phone}（該当 {Matches.Count}人・以前の通話 {Earlier.Count}件）");
    }

    /// <summary>The call form for <paramref name="person"/> with the number filled in.</summary>
    public string CallFormHref(ResidentSummary person) =>
        Towns.ResidentHref(person.ResidentNo, person.TownId, $"/call?phone={Uri.EscapeDataString(Phone ?? "")}");

    /// <summary>Saves the call in the operator's name, started when the page opened; returns its id, or null with <see cref="Errors"/> set.</summary>
    public async Task<long?> SaveAsync(UnregisteredCallDraft draft, ClaimsPrincipal user)
    {
        var result = await calls.SaveAsync(draft with { StartedAt = OpenedAt }, user.Operator());
        Errors = result.Errors;
        return result.CallId;
    }
}
