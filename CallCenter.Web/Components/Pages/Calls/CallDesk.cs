using System.Security.Claims;
using CallCenter.Data.Accounts;
using CallCenter.Data.Audit;
using CallCenter.Data.Calls;
using CallCenter.Data.Common;
using CallCenter.Data.Residents;
using CallCenter.Web.Security;

namespace CallCenter.Web.Components.Pages.Calls;

/// <summary>The person a call form is opened for, and their household as it is now.</summary>
public sealed record CallSubject(ResidentSummary Person, IReadOnlyList<ResidentSummary> Household);

/// <summary>
/// The call form's reads and its save: the person and household (the opening audited as a read of the person), the
/// save itself, what a refused save brings back (field errors, newer reports and who wrote them), and the household
/// again after a newer report. One per page: it holds the refused save's errors and newer reports.
/// </summary>
public sealed class CallDesk(ResidentRepository residents, CallRecordingService recorder, UserRepository users, AuditTrail audit,
    TimeProvider time, WrapUpCodes wrapUpCodes, RequestLists requestLists, Residents.SearchContext? searchContext = null,
    TownAccess? towns = null)
{
    /// <summary>The household's open requests and the lists the 「要望・相談」 section offers, read when the form opens.</summary>
    public RequestChoices Requests { get; private set; } = RequestChoices.None;

    /// <summary>The wrap-up codes (要件) offered: the active ones, read when the form opens and again after a refused code.</summary>
    public IReadOnlyList<WrapUpCode> Codes { get; private set; } = [];

    /// <summary>Now (UTC, the server's clock): when a form opens, its call timer starts.</summary>
    public DateTime Now => time.GetUtcNow().UtcDateTime;

    /// <summary>
    /// A warning when the person was opened from a search whose birth date or year they do not match (the wrong 佐藤
    /// 麻美), shown before saving; null otherwise.
    /// </summary>
    public string? BirthMismatch(ResidentSummary opened) => searchContext?.MismatchWith(opened);

    /// <summary>Today in Japan, for the form's date checks.</summary>
    public DateOnly Today => JapanTime.Today(time);

    /// <summary>The field errors of the last refused save.</summary>
    public IReadOnlyList<DraftError> Errors { get; private set; } = [];

    /// <summary>The errors of the call's own fields (<paramref name="residentId"/> null) or of one person's report.</summary>
    public IReadOnlyList<DraftError> ErrorsFor(int? residentId) => [.. Errors.Where(e => e.ResidentId == residentId)];

    /// <summary>The message of one field's error, if any.</summary>
    public string? ErrorText(int? residentId, string field) =>
        Errors.FirstOrDefault(e => e.ResidentId == residentId && e.Field == field)?.Message;

    /// <summary>The reports written by others since the form was opened, found by the last refused save.</summary>
    public IReadOnlyList<NewerReport> Newer { get; private set; } = [];

    /// <summary>The display names of the operators who wrote <see cref="Newer"/>, by user id.</summary>
    public Dictionary<int, string> OperatorNames { get; } = [];

    /// <summary>The installation's towns: the form names the person's town when several exist.</summary>
    public TownNames Towns { get; private set; } = TownNames.Single;

    /// <summary>
    /// Reads the person and household and writes the view-resident audit row; null when there is no such person in the
    /// user's towns (in the town of <paramref name="townCode"/> when given; a number in several of them needs one).
    /// Forgets the errors and newer reports of an earlier form.
    /// </summary>
    public async Task<CallSubject?> OpenAsync(string residentNo, ClaimsPrincipal user, string? townCode = null)
    {
        (Errors, Newer) = ([], []);
        var scope = towns is null ? Data.Towns.TownScope.All : await towns.ScopeAsync(user);
        Towns = towns is null ? TownNames.Single : new TownNames(await towns.TownsAsync());
        int? townId = null;
        if (!string.IsNullOrEmpty(townCode))
        {
            // An unknown town or one outside the scope: no one there (not found), never "forbidden".
            if (Towns.Towns.FirstOrDefault(t => t.Code == townCode) is not { } named || !scope.Includes(named.TownId))
            {
                return null;
            }
            townId = named.TownId;
        }
        residentNo = residentNo.Trim();
        if (residentNo.Length is 0 or > 50
            || (await residents.GetDetailAsync(residentNo, scope, townId))?.Summary is not { } person)
        {
            return null;
        }
        var household = await HouseholdAsync(person);
        Codes = await wrapUpCodes.ListAsync();
        Requests = await requestLists.ForAsync(person.HouseholdId, household);
        // The form shows the person and their household: a read of a person, audited once per opened form.
        await audit.WriteAsync(user, AuditActions.ViewResident, "resident", person.ResidentNo,
            details: "通話記録の画面で表示", residentId: person.ResidentId);
        return new CallSubject(person, household);
    }

    /// <summary>Saves what the form holds, in the operator's name; nothing when a typed 都道府県 stands for no prefecture.</summary>
    public Task<CallSaveResult> SaveAsync(CallForm form, ClaimsPrincipal user) => form.TypedErrors() is { Count: > 0 } typed
        ? Task.FromResult(new CallSaveResult(null, typed, []))
        : recorder.SaveAsync(form.ToDraft(), user.Operator());

    /// <summary>Keeps what a refused save brought back, and reads the names of the operators who wrote the newer reports (不明 when gone).</summary>
    public async Task KeepRefusalAsync(CallSaveResult result)
    {
        (Errors, Newer) = (result.Errors, result.Newer);
        if (ErrorText(null, "wrapUpCode") is not null)
        {
            // The code may have been retired while the form was open: offer the list as it is now.
            Codes = await wrapUpCodes.ListAsync();
        }
        foreach (var id in Newer.Select(n => n.Newest?.OperatorUserId).OfType<int>().Distinct().Where(id => !OperatorNames.ContainsKey(id)))
        {
            OperatorNames[id] = (await users.FindByIdAsync(id))?.DisplayName ?? "不明";
        }
    }

    /// <summary>
    /// Takes the household's current records and versions into <paramref name="form"/> (what the operator typed stays)
    /// and forgets the errors and newer reports; returns the person as they are now (as before when they cannot be read).
    /// </summary>
    public async Task<ResidentSummary> ReloadAsync(string residentNo, ResidentSummary opened, CallForm form)
    {
        // The person opened, in their own town (already checked against the scope when the form opened).
        var person = (await residents.GetDetailAsync(residentNo, Data.Towns.TownScope.All, opened.TownId))?.Summary ?? opened;
        form.Refresh(await HouseholdAsync(person));
        (Newer, Errors) = ([], []);
        return person;
    }

    private async Task<IReadOnlyList<ResidentSummary>> HouseholdAsync(ResidentSummary person) =>
        person.HouseholdId is { } householdId ? await residents.HouseholdMembersAsync(householdId) : [person];
}
