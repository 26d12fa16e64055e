using System.Security.Claims;
using CallCenter.Data.Accounts;
using CallCenter.Data.Audit;
using CallCenter.Data.Calls;
using CallCenter.Data.Outbound;
using CallCenter.Web.Security;
using Microsoft.Extensions.Options;

namespace CallCenter.Web.Components.Pages.Outbound;

/// <summary>What the campaign page does with the data: its figures and lists, the rules, requeues and assignments, with their messages.</summary>
public sealed class CampaignBoard(OutboundCampaign campaign, OutboundFigures figures, OutboundEscalations escalations,
    OutboundDistricts districts, OutboundLists lists, OutboundQueue queue, UserRepository users, IOptions<TownOptions> town, AuditTrail audit)
{
    /// <summary>
    /// Everything the page shows when it opens; builds the queue when it was never built, and audits the 要対応 list
    /// (it names households and their numbers).
    /// </summary>
    public async Task<CampaignOpening> OpenAsync(ClaimsPrincipal user)
    {
        var rules = await queue.RulesAsync();
        var districtNames = await districts.DistrictsAsync();
        var assignees = new AssigneeChoices(town.Value.Sites,
            [.. (await users.ListAsync()).Where(u => !u.IsDisabled && u.Role == UserRole.Operator)]);
        if (await queue.BuiltAtAsync() is null)
        {
            await queue.RebuildAsync();
        }
        var view = await LoadAsync();
        await audit.WriteAsync(user, AuditActions.ViewList, "outbound-campaign", null, details: $"要対応の世帯 {view.Needing.Count}件を表示");
        return new CampaignOpening(rules, districtNames, assignees, view);
    }

    /// <summary>The figures, the 要対応 households, the assignments and lists, and when the queue was built.</summary>
    public async Task<CampaignView> LoadAsync() => new(
        await figures.FiguresAsync(),
        await escalations.NeedingNumbersAsync(),
        await districts.AssignmentsAsync(),
        await lists.ListsAsync(),
        await queue.BuiltAtAsync());

    /// <summary>Rebuilds the queue; returns the message naming how many households it holds.</summary>
    public async Task<string> RebuildAsync()
    {
        var queued = await queue.RebuildAsync();
        return $"一覧を作り直しました（{queued:N0} 世帯）";
    }

    /// <summary>Saves the rules (audited by the campaign); returns what is wrong with them, empty when saved.</summary>
    public Task<IReadOnlyList<string>> SaveRulesAsync(OutboundRules rules, OperatorContext by) => campaign.SaveRulesAsync(rules, by);

    /// <summary>Puts a 要対応 household back in the queue; returns the message, or null when it was not 要対応 any more.</summary>
    public async Task<string?> RequeueAsync(EscalatedHousehold household, bool forgetBadNumbers, OperatorContext by) =>
        await escalations.RequeueAsync(household.HouseholdId, forgetBadNumbers, by) ? $"世帯 {household.HouseholdNo} を発信に戻しました" : null;

    /// <summary>Assigns the chosen district; returns the error, or null when assigned.</summary>
    public Task<string?> AssignAsync(DistrictAssignmentForm form, OperatorContext by)
    {
        var (userId, site) = AssigneeChoices.Parse(form.Assignee);
        return districts.AssignAsync(form.District ?? "", userId, site, by);
    }

    public static string AssignedMessage(DistrictAssignmentForm form) => $"{form.District} の担当を決めました";

    public Task UnassignAsync(OutboundAssignment assignment, OperatorContext by) => districts.UnassignAsync(assignment.AssignmentId, by);

    /// <summary>Assigns the pasted numbers as a named list; the result carries the error or the message.</summary>
    public Task<ListAssignmentResult> AssignListAsync(ListAssignmentForm form, OperatorContext by)
    {
        var (userId, site) = AssigneeChoices.Parse(form.Assignee);
        return lists.AssignListAsync(form.Name, form.Numbers, userId, site, by);
    }

    /// <summary>Removes a list; returns the message naming how many households went back to the queue.</summary>
    public async Task<string> UnassignListAsync(OutboundListAssignment list, OperatorContext by)
    {
        var removed = await lists.UnassignListAsync(list.ListName, by);
        return $"「{list.ListName}」を解除しました（{removed} 世帯を発信の一覧に戻しました）";
    }
}

/// <summary>What the campaign page shows when it opens (see <see cref="CampaignBoard.OpenAsync"/>).</summary>
public sealed record CampaignOpening(OutboundRules Rules, IReadOnlyList<string> Districts, AssigneeChoices Assignees, CampaignView View);

/// <summary>The campaign's figures and lists as the page shows them (see <see cref="CampaignBoard.LoadAsync"/>).</summary>
public sealed record CampaignView(
    CampaignFigures Figures,
    IReadOnlyList<EscalatedHousehold> Needing,
    IReadOnlyList<OutboundAssignment> Assignments,
    IReadOnlyList<OutboundListAssignment> Lists,
    DateTime? BuiltAt);
