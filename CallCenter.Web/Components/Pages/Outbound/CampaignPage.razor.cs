using System.Security.Claims;
using CallCenter.Data.Calls;
using CallCenter.Data.Outbound;
using CallCenter.Data.Towns;
using CallCenter.Web.Components.Shared;
using CallCenter.Web.Security;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace CallCenter.Web.Components.Pages.Outbound;

/// <summary>The supervisor's view of the outbound campaign: figures, rules, 要対応 households, district and list assignments.</summary>
public partial class CampaignPage
{
    [Inject] private CampaignBoard Board { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private SaveGuard Save { get; set; } = default!;

    [CascadingParameter]
    private Task<AuthenticationState>? AuthenticationState { get; set; }

    private CampaignView? view;
    private OutboundRules? rules;
    private RulesEdit rulesEdit = new();
    private IReadOnlyList<string> ruleErrors = [];
    private IReadOnlyList<OutboundDistrict> districts = [];
    private TownScope scope = TownScope.Only([]);
    private TownNames names = TownNames.Single;
    private IReadOnlyList<Town> towns = [];
    private AssigneeChoices assignees = AssigneeChoices.None;
    private DistrictAssignmentForm districtForm = new();
    private ListAssignmentForm listForm = new();
    private string? assignError;
    private string? listError;
    private bool busy;

    protected override async Task OnInitializedAsync()
    {
        var opening = await Board.OpenAsync(await UserAsync());
        (rules, rulesEdit, districts, assignees, view) = (opening.Rules, RulesEdit.From(opening.Rules), opening.Districts, opening.Assignees, opening.View);
        (scope, names, towns) = (opening.Scope, opening.Names, opening.Towns);
    }

    private async Task LoadAsync() => view = await Board.LoadAsync(scope);

    private async Task<ClaimsPrincipal> UserAsync() => AuthenticationState is null ? new ClaimsPrincipal() : (await AuthenticationState).User;

    private async Task<OperatorContext> ByAsync() => (await UserAsync()).Operator();

    private async Task RebuildAsync()
    {
        busy = true;
        try
        {
            string? message = null;
            if (!await Save.TryAsync(async () => message = await Board.RebuildAsync()) || message is null)
            {
                return;
            }
            await LoadAsync();
            Snackbar.Add(message, Severity.Success);
        }
        finally
        {
            busy = false;
        }
    }

    private async Task SaveRulesAsync()
    {
        var edited = rulesEdit.ToRules();
        var by = await ByAsync();
        IReadOnlyList<string>? errors = null;
        if (!await Save.TryAsync(async () => errors = await Board.SaveRulesAsync(edited, by)) || errors is null)
        {
            return;
        }
        ruleErrors = errors;
        if (ruleErrors.Count == 0)
        {
            rules = edited;
            await RebuildAsync();
            Snackbar.Add("ルールを保存しました", Severity.Success);
        }
    }

    private async Task RequeueAsync(EscalatedHousehold household, bool forgetBadNumbers)
    {
        var by = await ByAsync();
        string? message = null;
        if (!await Save.TryAsync(async () => message = await Board.RequeueAsync(household, forgetBadNumbers, by, scope)))
        {
            return;
        }
        if (message is not null)
        {
            Snackbar.Add(message, Severity.Success);
        }
        await LoadAsync();
    }

    private async Task AssignAsync()
    {
        var by = await ByAsync();
        string? error = null;
        if (!await Save.TryAsync(async () => error = await Board.AssignAsync(districtForm, by, scope)))
        {
            return;
        }
        assignError = error;
        if (assignError is null)
        {
            Snackbar.Add(CampaignBoard.AssignedMessage(districtForm), Severity.Success);
            await LoadAsync();
        }
    }

    private async Task UnassignAsync(OutboundAssignment assignment)
    {
        var by = await ByAsync();
        if (await Save.TryAsync(() => Board.UnassignAsync(assignment, by, scope)))
        {
            await LoadAsync();
        }
    }

    private async Task AssignListAsync()
    {
        busy = true;
        try
        {
            var by = await ByAsync();
            ListAssignmentResult? result = null;
            if (!await Save.TryAsync(async () => result = await Board.AssignListAsync(listForm, by, scope)) || result is null)
            {
                return;
            }
            listError = result.Error;
            if (result.Error is null)
            {
                Snackbar.Add(result.Message, Severity.Success);
                // The assignee stays chosen for the next list, as before.
                (listForm.Name, listForm.Numbers) = (null, null);
                await LoadAsync();
            }
        }
        finally
        {
            busy = false;
        }
    }

    private async Task UnassignListAsync(OutboundListAssignment list)
    {
        var by = await ByAsync();
        string? message = null;
        if (await Save.TryAsync(async () => message = await Board.UnassignListAsync(list, by, scope)) && message is not null)
        {
            Snackbar.Add(message, Severity.Success);
            await LoadAsync();
        }
    }
}
