using System.Security.Claims;
using CallCenter.Data.Audit;
using CallCenter.Data.Calls;
using CallCenter.Data.Inquiries;
using CallCenter.Data.Outbound;
using CallCenter.Data.Reports;
using CallCenter.Web.Components.Shared;
using CallCenter.Web.Security;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace CallCenter.Web.Components.Pages.Outbound;

/// <summary>The operator's outbound worklist: 「次へ」 claims a household, an outcome button records the attempt.</summary>
public partial class OutboundPage
{
    [Inject] private OutboundQueue Queue { get; set; } = default!;
    [Inject] private OutboundWorklist Worklist { get; set; } = default!;
    [Inject] private OutboundAttempts Attempts { get; set; } = default!;
    [Inject] private OutboundHouseholdView Households { get; set; } = default!;
    [Inject] private InquiryRepository Inquiries { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private TimeProvider Time { get; set; } = default!;
    [Inject] private AuditTrail Audit { get; set; } = default!;
    [Inject] private SaveGuard Save { get; set; } = default!;

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

    protected override async Task OnInitializedAsync()
    {
        rules = await Queue.RulesAsync();
        var user = await UserAsync();
        if (user.Operator().UserId is { } userId && await Worklist.HeldByAsync(userId) is { } held)
        {
            await ShowAsync(held, held.CallbackAt is not null);
            // The household this operator still holds is shown again (its claim was audited when it was taken).
            await Audit.WriteAsync(user, AuditActions.ViewList, "outbound", held.HouseholdNo, details: "held household shown again");
        }
    }

    private async Task<ClaimsPrincipal> UserAsync() => AuthenticationState is null ? new ClaimsPrincipal() : (await AuthenticationState).User;

    private async Task<OperatorContext> ByAsync() => (await UserAsync()).Operator();

    private async Task NextAsync()
    {
        if (busy)
        {
            return;
        }
        busy = true;
        try
        {
            var by = await ByAsync();
            ClaimResult? result = null;
            if (!await Save.TryAsync(async () => result = await Worklist.ClaimNextAsync(by)) || result is null)
            {
                return;
            }
            done = null;
            await ShowAsync(result.Household, result.IsCallback);
            empty = result.Household is null;
        }
        finally
        {
            busy = false;
        }
    }

    private async Task ShowAsync(OutboundHousehold? h, bool callback)
    {
        // Messages (伝言) left by inquirers for any member: the operator passes them on while on the phone.
        messages = h is null ? [] : await Inquiries.OpenMessagesForHouseholdAsync(h.HouseholdId);
        household = h;
        isCallback = callback;
        note = null;
        error = null;
        askingCallback = false;
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
        if (!await Save.TryAsync(() => Worklist.ReleaseAsync(household.HouseholdId, by)))
        {
            return;
        }
        done = $"世帯 {household.HouseholdNo} を解放しました。";
        doneSeverity = Severity.Info;
        household = null;
        empty = false;
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
        var number = h.Numbers.FirstOrDefault(n => n.PhoneKey == selectedKey);
        if (number is null)
        {
            error = "かける番号を選んでください。";
            return;
        }
        busy = true;
        try
        {
            var by = await ByAsync();
            AttemptResult? result = null;
            if (!await Save.TryAsync(async () => result = await Attempts.RecordAttemptAsync(h.HouseholdId, number.Phone, outcome, callbackAt, note, by))
                || result is null)
            {
                // The chosen number, the note and the callback time stay: the same outcome button tries again.
                return;
            }
            if (!result.Saved)
            {
                error = result.Error;
                return;
            }
            if (outcome == OutboundOutcome.Connected)
            {
                // The same call form as an inbound call, as an outbound call to the dialed number; back here after saving.
                var person = h.Members.FirstOrDefault(m => m.Status == SafetyStatus.Unconfirmed) ?? h.Members.First();
                Navigation.NavigateTo($"/residents/{Uri.EscapeDataString(person.ResidentNo)}/call?direction=outbound&phone={Uri.EscapeDataString(number.Phone)}&from=outbound");
                return;
            }
            var message = AttemptMessage.For(outcome, result, callbackAt);
            var severity = result.Escalation != OutboundEscalation.None ? Severity.Warning : Severity.Success;
            if (result.Released)
            {
                household = null;
                empty = false;
            }
            else
            {
                await ShowAsync(await Households.GetHouseholdAsync(h.HouseholdId), isCallback);
            }
            (done, doneSeverity) = (message, severity);
        }
        finally
        {
            busy = false;
        }
    }
}
