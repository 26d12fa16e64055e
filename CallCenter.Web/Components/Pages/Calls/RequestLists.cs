using CallCenter.Data.Requests;
using CallCenter.Data.Residents;

namespace CallCenter.Web.Components.Pages.Calls;

/// <summary>What a form that records requests offers: the household's open requests, 対象 (世帯全体 and each member), 分類 and 担当課.</summary>
public sealed record RequestChoices(IReadOnlyList<HouseholdRequest> Open, IReadOnlyList<RequestTarget> Targets,
    IReadOnlyList<ListEntry> Categories, IReadOnlyList<ListEntry> Departments)
{
    /// <summary>Nothing to offer (a person with no household).</summary>
    public static RequestChoices None { get; } = new([], [], [], []);
}

/// <summary>Reads <see cref="RequestChoices"/> for a household (the call form, the resident page): four indexed reads.</summary>
public sealed class RequestLists(RequestRepository requests, RequestCategories categories, Departments departments)
{
    /// <summary>The choices for <paramref name="householdId"/> and its <paramref name="members"/>; <see cref="RequestChoices.None"/> without a household.</summary>
    public async Task<RequestChoices> ForAsync(int? householdId, IReadOnlyList<ResidentSummary> members, CancellationToken cancellationToken = default)
    {
        if (householdId is not { } household)
        {
            return RequestChoices.None;
        }
        return new RequestChoices(await requests.OpenOfHouseholdAsync(household, cancellationToken),
            [RequestTarget.Household, .. members.Select(m => new RequestTarget(m.ResidentId, m.Name))],
            await categories.ListAsync(cancellationToken: cancellationToken), await departments.ListAsync(cancellationToken: cancellationToken));
    }
}
