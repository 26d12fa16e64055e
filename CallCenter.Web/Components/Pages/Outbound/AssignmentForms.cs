namespace CallCenter.Web.Components.Pages.Outbound;

/// <summary>What the supervisor has chosen in the district form: a district and an assignee choice (see <see cref="AssigneeChoices"/>).</summary>
public sealed class DistrictAssignmentForm
{
    public string? District { get; set; }

    public string? Assignee { get; set; }
}

/// <summary>What the supervisor has typed in the list form: its name, the assignee choice and the pasted numbers.</summary>
public sealed class ListAssignmentForm
{
    public string? Name { get; set; }

    public string? Assignee { get; set; }

    public string? Numbers { get; set; }
}
