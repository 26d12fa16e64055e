using System.Security.Claims;
using CallCenter.Data.Accounts;
using CallCenter.Data.Audit;
using CallCenter.Data.Calls;
using CallCenter.Data.Outbound;
using CallCenter.Data.Towns;
using CallCenter.Web.Security;
using Microsoft.Extensions.Options;

namespace CallCenter.Web.Components.Pages.Outbound;

/// <summary>What the campaign page does with the data: its figures and lists, the rules, requeues and assignments, with their messages.</summary>
public sealed class CampaignBoard(OutboundCampaign campaign, OutboundFigures figures, OutboundEscalations escalations,
    OutboundDistricts districts, OutboundLists lists, OutboundQueue queue, UserRepository users, IOptions<TownOptions> town, AuditTrail audit,
    TownAccess towns, TownRepository townRepository)
{
    /// <summary>
    /// Everything the page shows when it opens, for the supervisor's towns; builds the queue when it was never built,
    /// and audits the 要対応 list (it names households and their numbers).
    /// </summary>
    public async Task<CampaignOpening> OpenAsync(ClaimsPrincipal user)
    {
        var scope = await towns.ScopeAsync(user);
        var rules = await queue.RulesAsync();
        var districtNames = await districts.DistrictsAsync(scope);
        var operators = (await users.ListAsync()).Where(u => !u.IsDisabled && u.Role == UserRole.Operator).ToList();
        var joint = await towns.IsJointAsync();
        var visible = await towns.VisibleTownsAsync(user);
        var scopes = new Dictionary<int, TownScope>();
        if (joint)
        {
            foreach (var u in operators)
            {
                scopes[u.UserId] = await townRepository.ScopeOfUserAsync(u.UserId);
            }
        }
        // Operators who could take none of the supervisor's towns are not offered at all.
        var assignees = new AssigneeChoices(town.Value.Sites,
            [.. operators.Where(u => !joint || visible.Any(t => scopes[u.UserId].Includes(t.TownId)))], joint ? scopes : null);
        if (await queue.BuiltAtAsync() is null)
        {
            await queue.RebuildAsync();
        }
        var view = await LoadAsync(scope);
        await audit.WriteAsync(user, AuditActions.ViewList, "outbound-campaign", null, details: $"要対応の世帯 {view.Needing.Count}件を表示");
        return new CampaignOpening(rules, districtNames, assignees, view)
        {
            Scope = scope,
            Names = new TownNames(joint ? await towns.TownsAsync() : []),
            Towns = joint ? visible : [],
        };
    }

    /// <summary>The figures, the 要対応 households, the assignments and lists of <paramref name="scope"/>'s towns, and when the queue was built.</summary>
    public async Task<CampaignView> LoadAsync(TownScope scope) => new(
        await figures.FiguresAsync(scope),
        await escalations.NeedingNumbersAsync(scope),
        await districts.AssignmentsAsync(scope),
        await lists.ListsAsync(scope),
        await queue.BuiltAtAsync());

    /// <summary>Rebuilds the queue; returns the message naming how many households it holds.</summary>
    public async Task<string> RebuildAsync()
    {
        var queued = await queue.RebuildAsync();
        return $"一覧を作り直しました（{queued:N0} 世帯）";
    }

    /// <summary>Saves the rules (audited by the campaign); returns what is wrong with them, empty when saved.</summary>
    public Task<IReadOnlyList<string>> SaveRulesAsync(OutboundRules rules, OperatorContext by) => campaign.SaveRulesAsync(rules, by);

    /// <summary>Puts a 要対応 household back in the queue; returns the message, or null when it was not 要対応 any more (or not of the scope's towns).</summary>
    public async Task<string?> RequeueAsync(EscalatedHousehold household, bool forgetBadNumbers, OperatorContext by, TownScope scope) =>
        await escalations.RequeueAsync(household.HouseholdId, scope, forgetBadNumbers, by) ? $"世帯 {household.HouseholdNo} を発信に戻しました" : null;

    /// <summary>
    /// Assigns the chosen district of a town of <paramref name="scope"/>; returns the error, or null when assigned. A form
    /// naming only the district means the one town of the scope that has it (two such towns: the town must be chosen).
    /// </summary>
    public async Task<string?> AssignAsync(DistrictAssignmentForm form, OperatorContext by, TownScope scope)
    {
        var (userId, site) = AssigneeChoices.Parse(form.Assignee);
        var townId = form.TownId;
        if (townId is null && !string.IsNullOrWhiteSpace(form.District))
        {
            var named = (await districts.DistrictsAsync(scope)).Where(d => d.District == form.District.Trim()).Select(d => d.TownId).Distinct().ToList();
            if (named.Count > 1)
            {
                return "同じ名前の行政区が複数の町にあります。町を選んでください。";
            }
            townId = named.Count == 1 ? named[0] : (await towns.TownsAsync()).FirstOrDefault(t => scope.Includes(t.TownId))?.TownId;
        }
        return townId is { } t
            ? await districts.AssignAsync(scope, t, form.District ?? "", userId, site, by)
            : string.IsNullOrWhiteSpace(form.District) ? "行政区を選んでください。" : "選んだ行政区の町が見つかりません。";
    }

    public static string AssignedMessage(DistrictAssignmentForm form) => $"{form.District} の担当を決めました";

    public Task UnassignAsync(OutboundAssignment assignment, OperatorContext by, TownScope scope) => districts.UnassignAsync(assignment.AssignmentId, scope, by);

    /// <summary>Assigns the pasted numbers (of the form's town, or of any town of <paramref name="scope"/>) as a named list; the result carries the error or the message.</summary>
    public Task<ListAssignmentResult> AssignListAsync(ListAssignmentForm form, OperatorContext by, TownScope scope)
    {
        var (userId, site) = AssigneeChoices.Parse(form.Assignee);
        return lists.AssignListAsync(form.Name, form.Numbers, userId, site, by, scope, form.TownId);
    }

    /// <summary>Removes a list (its households of <paramref name="scope"/>'s towns); returns the message naming how many households went back to the queue.</summary>
    public async Task<string> UnassignListAsync(OutboundListAssignment list, OperatorContext by, TownScope scope)
    {
        var removed = await lists.UnassignListAsync(list.ListName, scope, by);
        return $"「{list.ListName}」を解除しました（{removed} 世帯を発信の一覧に戻しました）";
    }
}

/// <summary>What the campaign page shows when it opens (see <see cref="CampaignBoard.OpenAsync"/>).</summary>
public sealed record CampaignOpening(OutboundRules Rules, IReadOnlyList<OutboundDistrict> Districts, AssigneeChoices Assignees, CampaignView View)
{
    /// <summary>The supervisor's towns: every figure, list and assignment of the page is of these.</summary>
    public TownScope Scope { get; init; } = TownScope.All;

    /// <summary>The installation's towns as the page names them (no names in a single-town installation).</summary>
    public TownNames Names { get; init; } = TownNames.Single;

    /// <summary>The towns the supervisor sees, offered as choices only when several towns exist (else empty).</summary>
    public IReadOnlyList<Town> Towns { get; init; } = [];
}

/// <summary>The campaign's figures and lists as the page shows them (see <see cref="CampaignBoard.LoadAsync"/>).</summary>
public sealed record CampaignView(
    CampaignFigures Figures,
    IReadOnlyList<EscalatedHousehold> Needing,
    IReadOnlyList<OutboundAssignment> Assignments,
    IReadOnlyList<OutboundListAssignment> Lists,
    DateTime? BuiltAt);
