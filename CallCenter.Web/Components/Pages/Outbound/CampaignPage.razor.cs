using System.Security.Claims;
using CallCenter.Data.Accounts;
using CallCenter.Data.Audit;
using CallCenter.Data.Calls;
using CallCenter.Data.Outbound;
using CallCenter.Web.Components.Shared;
using CallCenter.Web.Security;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Options;
using MudBlazor;

namespace CallCenter.Web.Components.Pages.Outbound;

/// <summary>The supervisor's view of the outbound campaign: figures, rules, 要対応 households, district and list assignments.</summary>
public partial class CampaignPage
{
    [Inject] private OutboundCampaign Campaign { get; set; } = default!;
    [Inject] private OutboundFigures Figures { get; set; } = default!;
    [Inject] private OutboundEscalations Escalations { get; set; } = default!;
    [Inject] private OutboundDistricts Districts { get; set; } = default!;
    [Inject] private OutboundLists Lists { get; set; } = default!;
    [Inject] private OutboundQueue Queue { get; set; } = default!;
    [Inject] private UserRepository Users { get; set; } = default!;
    [Inject] private IOptions<TownOptions> Town { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private AuditTrail Audit { get; set; } = default!;
    [Inject] private SaveGuard Save { get; set; } = default!;

    [CascadingParameter]
    private Task<AuthenticationState>? AuthenticationState { get; set; }

    private CampaignFigures? figures;
    private OutboundRules? rules;
    private RulesEdit rulesEdit = new();
    private IReadOnlyList<string> ruleErrors = [];
    private DateTime? builtAt;
    private IReadOnlyList<EscalatedHousehold> needing = [];
    private IReadOnlyList<OutboundAssignment> assignments = [];
    private IReadOnlyList<OutboundListAssignment> lists = [];
    private IReadOnlyList<string> districts = [];
    private AssigneeChoices assignees = AssigneeChoices.None;
    private DistrictAssignmentForm districtForm = new();
    private ListAssignmentForm listForm = new();
    private string? assignError;
    private string? listError;
    private bool busy;

    protected override async Task OnInitializedAsync()
    {
        rules = await Queue.RulesAsync();
        rulesEdit = RulesEdit.From(rules);
        districts = await Districts.DistrictsAsync();
        assignees = new AssigneeChoices(Town.Value.Sites,
            [.. (await Users.ListAsync()).Where(u => !u.IsDisabled && u.Role == UserRole.Operator)]);
        if (await Queue.BuiltAtAsync() is null)
        {
            await Queue.RebuildAsync();
        }
        await LoadAsync();
        // The 要対応 list names households and their numbers.
        await Audit.WriteAsync(await UserAsync(), AuditActions.ViewList, "outbound-campaign", null, details: $"escalated {needing.Count}");
    }

    private async Task LoadAsync()
    {
        figures = await Figures.FiguresAsync();
        needing = await Escalations.NeedingNumbersAsync();
        assignments = await Districts.AssignmentsAsync();
        lists = await Lists.ListsAsync();
        builtAt = await Queue.BuiltAtAsync();
    }

    private async Task<ClaimsPrincipal> UserAsync() => AuthenticationState is null ? new ClaimsPrincipal() : (await AuthenticationState).User;

    private async Task<OperatorContext> ByAsync() => (await UserAsync()).Operator();

    private async Task RebuildAsync()
    {
        busy = true;
        try
        {
            var queued = 0;
            if (!await Save.TryAsync(async () => queued = await Queue.RebuildAsync()))
            {
                return;
            }
            await LoadAsync();
            Snackbar.Add($"一覧を作り直しました（{queued:N0} 世帯）", Severity.Success);
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
        if (!await Save.TryAsync(async () => errors = await Campaign.SaveRulesAsync(edited, by)) || errors is null)
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
        var requeued = false;
        if (!await Save.TryAsync(async () => requeued = await Escalations.RequeueAsync(household.HouseholdId, forgetBadNumbers, by)))
        {
            return;
        }
        if (requeued)
        {
            Snackbar.Add($"世帯 {household.HouseholdNo} を発信に戻しました", Severity.Success);
        }
        await LoadAsync();
    }

    private async Task AssignAsync()
    {
        var (userId, site) = AssigneeChoices.Parse(districtForm.Assignee);
        var by = await ByAsync();
        string? error = null;
        if (!await Save.TryAsync(async () => error = await Districts.AssignAsync(districtForm.District ?? "", userId, site, by)))
        {
            return;
        }
        assignError = error;
        if (assignError is null)
        {
            Snackbar.Add($"{districtForm.District} の担当を決めました", Severity.Success);
            await LoadAsync();
        }
    }

    private async Task UnassignAsync(OutboundAssignment assignment)
    {
        var by = await ByAsync();
        if (!await Save.TryAsync(() => Districts.UnassignAsync(assignment.AssignmentId, by)))
        {
            return;
        }
        await LoadAsync();
    }

    private async Task AssignListAsync()
    {
        busy = true;
        try
        {
            var (userId, site) = AssigneeChoices.Parse(listForm.Assignee);
            var by = await ByAsync();
            ListAssignmentResult? result = null;
            if (!await Save.TryAsync(async () => result = await Lists.AssignListAsync(listForm.Name, listForm.Numbers, userId, site, by)) || result is null)
            {
                return;
            }
            listError = result.Error;
            if (result.Error is null)
            {
                Snackbar.Add(result.Message, Severity.Success);
                // The assignee stays chosen for the next list, as before.
                listForm.Name = null;
                listForm.Numbers = null;
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
        var removed = 0;
        if (!await Save.TryAsync(async () => removed = await Lists.UnassignListAsync(list.ListName, by)))
        {
            return;
        }
        Snackbar.Add($"「{list.ListName}」を解除しました（{removed} 世帯を発信の一覧に戻しました）", Severity.Success);
        await LoadAsync();
    }
}
