using System.Security.Claims;
using CallCenter.Data.Calls;
using CallCenter.Data.Inquiries;
using CallCenter.Data.Outbound;
using CallCenter.Web.Components.Shared;
using CallCenter.Web.Security;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace CallCenter.Web.Components.Pages.Outbound;

/// <summary>The operator's outbound worklist: 「次へ」 claims a household, an outcome button records the attempt.</summary>
public partial class OutboundPage
{
    [Inject] private OutboundDesk Desk { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private TimeProvider Time { get; set; } = default!;
    [Inject] private SaveGuard Save { get; set; } = default!;
    [Inject] private CallCenter.Data.Announcements.AnnouncementDeliveries Announcements { get; set; } = default!;

    [CascadingParameter]
    private Task<AuthenticationState>? AuthenticationState { get; set; }

    private OutboundRules? rules;
    private OutboundHousehold? household;
    private bool isCallback;
    private bool empty;
    private bool busy;
    private string? selectedKey;
    private string? note;
    private string? error;
    private string? done;
    private Severity doneSeverity = Severity.Success;
    private bool askingCallback;
    private string? callbackText;
    private IReadOnlyList<Inquiry> messages = [];
    private Announcements.AnnouncementTicks? told;

    private TownNames names = TownNames.Single;

    protected override async Task OnInitializedAsync()
    {
        rules = await Desk.RulesAsync();
        names = await Desk.NamesAsync();
        if (await Desk.HeldAsync(await UserAsync()) is { } held)
        {
            Show(held.Household, held.Household.CallbackAt is not null, held.Messages);
        }
        await LoadToldAsync();
    }

    private async Task<ClaimsPrincipal> UserAsync() => AuthenticationState is null ? new ClaimsPrincipal() : (await AuthenticationState).User;

    private async Task<OperatorContext> ByAsync() => (await UserAsync()).Operator();

    private Task NextAsync() => WhileBusyAsync(async () =>
    {
        var by = await ByAsync();
        var scope = await Desk.ScopeAsync(await UserAsync());
        ClaimResult? result = null;
        if (!await Save.TryAsync(async () => result = await Desk.ClaimNextAsync(by, scope)) || result is null)
        {
            return;
        }
        done = null;
        Show(result.Household, result.IsCallback, await Desk.MessagesAsync(result.Household));
        empty = result.Household is null;
        await LoadToldAsync();
    });

    // The announcements that apply to the household shown, with their 伝達済 boxes (saved with the attempt).
    private async Task LoadToldAsync() =>
        told = household is null ? null : new() { Items = await Announcements.ForHouseholdAsync(household.HouseholdId, await Desk.ScopeAsync(await UserAsync())) };

    private void Show(OutboundHousehold? h, bool callback, IReadOnlyList<Inquiry> messagesForHousehold)
    {
        (messages, household, isCallback, note, error, askingCallback) = (messagesForHousehold, h, callback, null, null, false);
        // The first usable number, or the one the operator had chosen when it is still usable.
        selectedKey = h?.UsableNumbers.Any(n => n.PhoneKey == selectedKey) == true ? selectedKey : h?.UsableNumbers.FirstOrDefault()?.PhoneKey;
    }

    private async Task ReleaseAsync()
    {
        if (household is null)
        {
            return;
        }
        var by = await ByAsync();
        string? released = null;
        if (!await Save.TryAsync(async () => released = await Desk.ReleaseAsync(household, by)))
        {
            return;
        }
        (done, doneSeverity, household, empty) = (released, Severity.Info, null, false);
    }

    private async Task OutcomeAsync(OutboundOutcome outcome)
    {
        if (outcome == OutboundOutcome.CallbackRequested)
        {
            askingCallback = true;
            callbackText ??= CallbackTime.PresetText(Time, 1, null);
            return;
        }
        await RecordAsync(outcome, null);
    }

    private async Task ConfirmCallbackAsync()
    {
        if (!CallbackTime.TryParseUtc(callbackText, out var callbackAt))
        {
            error = "折り返しの日時を選んでください。";
            return;
        }
        await RecordAsync(OutboundOutcome.CallbackRequested, callbackAt);
    }

    private async Task RecordAsync(OutboundOutcome outcome, DateTime? callbackAt)
    {
        if (household is not { } h || busy)
        {
            return;
        }
        if (h.Numbers.FirstOrDefault(n => n.PhoneKey == selectedKey) is not { } number)
        {
            error = "かける番号を選んでください。";
            return;
        }
        await WhileBusyAsync(async () =>
        {
            var by = await ByAsync();
            AttemptResult? result = null;
            if (!await Save.TryAsync(async () => result = await Desk.RecordAttemptAsync(h, number.Phone, outcome, callbackAt, note, by, told?.ToDraft())) || result is null)
            {
                // The chosen number, the note and the callback time stay: the same outcome button tries again.
                return;
            }
            var next = await Desk.FollowUpAsync(h, number.Phone, outcome, callbackAt, result, await Desk.ScopeAsync(await UserAsync()), names);
            if (next.CallFormPath is { } callForm)
            {
                Navigation.NavigateTo(callForm);
            }
            else if (next.Message is null)
            {
                error = next.Error;
            }
            else
            {
                if (next.Released)
                {
                    (household, empty) = (null, false);
                }
                else
                {
                    Show(next.Household, isCallback, next.Messages);
                }
                (done, doneSeverity) = (next.Message, next.Severity);
                await LoadToldAsync();
            }
        });
    }

    private async Task WhileBusyAsync(Func<Task> work)
    {
        if (busy)
        {
            return;
        }
        busy = true;
        try
        {
            await work();
        }
        finally
        {
            busy = false;
        }
    }
}
