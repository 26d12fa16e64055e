using System.Security.Claims;
using CallCenter.Data.Calls;
using CallCenter.Data.Requests;
using CallCenter.Data.Residents;
using CallCenter.Web.Components.Pages.Calls;
using CallCenter.Web.Security;

namespace CallCenter.Web.Components.Pages.Residents;

/// <summary>
/// The resident page's 「要望・相談」 panel's data work: the household's open requests and the lists to record one, the
/// closed ones on request, and the save of a new one (request, 受付 step and audit row in one transaction). Reading is
/// part of the resident view, audited when the page opened. Stateless: registered scoped.
/// </summary>
public sealed class HouseholdRequestsDesk(RequestLists lists, RequestRepository requests, RequestRecorder recorder, TimeProvider time)
{
    /// <summary>Now (UTC), for the requests' ages.</summary>
    public DateTime Now => time.GetUtcNow().UtcDateTime;

    /// <summary>The household's open requests, 対象, 分類 and 担当課.</summary>
    public Task<RequestChoices> OpenAsync(int householdId, IReadOnlyList<ResidentSummary> members) => lists.ForAsync(householdId, members);

    /// <summary>The household's closed requests (完了, 対応不可).</summary>
    public Task<IReadOnlyList<HouseholdRequest>> ClosedAsync(int householdId) => requests.ClosedOfHouseholdAsync(householdId);

    /// <summary>Checks the form's one row and saves it in the user's name; the field errors when refused (nothing written).</summary>
    public async Task<IReadOnlyList<DraftError>> SaveAsync(RequestRows form, int householdId, ClaimsPrincipal user)
    {
        if (form.Problems() is { Count: > 0 } problems)
        {
            return problems;
        }
        var (_, errors) = await recorder.SaveAsync(form.ToDrafts(householdId)![0], user.Operator());
        return errors;
    }
}
