using CallCenter.Data.Outbound;

namespace CallCenter.Web.Components.Pages.Outbound;

/// <summary>
/// What the supervisor has chosen in the district form: a district of a town and an assignee choice (see
/// <see cref="AssigneeChoices"/>). A district of the same name in two towns is two choices.
/// </summary>
public sealed class DistrictAssignmentForm
{
    public string? District { get; set; }

    public string? Assignee { get; set; }

    /// <summary>The district's town; null when the form names only the district (the only town that has it is meant).</summary>
    public int? TownId { get; set; }

    /// <summary>The district and its town as the district select binds them.</summary>
    public OutboundDistrict? Selected
    {
        get => District is null ? null : new OutboundDistrict { TownId = TownId ?? 0, District = District };
        set => (District, TownId) = (value?.District, value?.TownId);
    }
}

/// <summary>
/// What the supervisor has typed in the list form: its name, the assignee choice, the pasted numbers, and the town the
/// numbers are of (chosen only when several towns exist; null: looked up in every town the supervisor sees).
/// </summary>
public sealed class ListAssignmentForm
{
    public string? Name { get; set; }

    public string? Assignee { get; set; }

    public string? Numbers { get; set; }

    public int? TownId { get; set; }
}
