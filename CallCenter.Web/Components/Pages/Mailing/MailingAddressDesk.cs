using System.Security.Claims;
using CallCenter.Data.Accounts;
using CallCenter.Data.Calls;
using CallCenter.Data.Common;
using CallCenter.Data.Mailing;
using CallCenter.Web.Security;

namespace CallCenter.Web.Components.Pages.Mailing;

/// <summary>
/// The mailing address's reads and the resident page's save: the current address and the history of a household (part
/// of the resident view or the call form, audited when they opened), and an address recorded from the resident page by
/// a supervisor or an admin (operators record addresses in calls). Stateless: registered scoped.
/// </summary>
public sealed class MailingAddressDesk(MailingAddresses addresses, MailingAddressRecorder recorder, TimeProvider time)
{
    /// <summary>Today in Japan.</summary>
    public DateOnly Today => JapanTime.Today(time);

    /// <summary>Whether <paramref name="user"/> may record an address on the resident page (supervisors and admins).</summary>
    public static bool CanRecordOnPage(ClaimsPrincipal user) => user.Role() is UserRole.Supervisor or UserRole.Admin;

    /// <summary>The call form's section for a household (null: the person belongs to no household).</summary>
    public async Task<MailingAddressForm?> ForCallAsync(int? householdId) =>
        householdId is { } id ? MailingAddressForm.For(id, await addresses.CurrentAsync(id)) : null;

    /// <summary>The current address, or null.</summary>
    public Task<CurrentMailingAddress?> CurrentAsync(int householdId) => addresses.CurrentAsync(householdId);

    /// <summary>Every address recorded, newest first.</summary>
    public Task<IReadOnlyList<MailingAddress>> HistoryAsync(int householdId) => addresses.HistoryAsync(householdId);

    /// <summary>Saves the resident page's form in the user's name (supervisors and admins only); the field errors when refused.</summary>
    public async Task<(bool Written, IReadOnlyList<DraftError> Errors)> SaveAsync(MailingAddressForm form, ClaimsPrincipal user)
    {
        if (!CanRecordOnPage(user))
        {
            return (false, [new DraftError(null, "mailing.household", "送付先は通話の記録から登録してください（この画面での登録はスーパーバイザー・管理者）。")]);
        }
        if (form.ToDraft() is not { } draft)
        {
            return (false, []);
        }
        var (id, errors) = await recorder.SaveAsync(draft, user.Operator());
        return (id is not null, errors);
    }
}
