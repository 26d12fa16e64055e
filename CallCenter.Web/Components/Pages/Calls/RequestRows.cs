using CallCenter.Data.Calls;
using CallCenter.Data.Requests;

namespace CallCenter.Web.Components.Pages.Calls;

/// <summary>Whom a request is for, as the 対象 list offers it: the whole household (null) or a member.</summary>
public sealed record RequestTarget(int? ResidentId, string Name)
{
    /// <summary>世帯全体.</summary>
    public static RequestTarget Household { get; } = new(null, "世帯全体");
}

/// <summary>One request row of a form, as the operator fills it.</summary>
public sealed class RequestRow
{
    /// <summary>Whom it is for (世帯全体 by default).</summary>
    public RequestTarget Target { get; set; } = RequestTarget.Household;

    /// <summary>分類; null until chosen.</summary>
    public ListEntry? Category { get; set; }

    /// <summary>担当課; null until chosen.</summary>
    public ListEntry? Department { get; set; }

    /// <summary>至急.</summary>
    public bool IsUrgent { get; set; }

    /// <summary>内容.</summary>
    public string? Body { get; set; }
}

/// <summary>
/// The request rows of a form (the call form's 「要望・相談」, the resident page's 「要望を記録」) and their checks before
/// the save: every row added must be filled (分類, 担当課, 内容), or the save is refused with the row's fields named.
/// Field keys are <see cref="RequestRecorder.FieldKey"/>'s, so the service's refusals land on the same fields.
/// </summary>
public sealed class RequestRows
{
    /// <summary>The rows, in the order added.</summary>
    public List<RequestRow> Rows { get; } = [];

    /// <summary>Adds an empty row (世帯全体, 通常) and returns it.</summary>
    public RequestRow Add()
    {
        var row = new RequestRow();
        Rows.Add(row);
        return row;
    }

    /// <summary>Removes a row.</summary>
    public void Remove(RequestRow row) => Rows.Remove(row);

    /// <summary>What is missing or wrong in the rows, in Japanese, before the service sees them.</summary>
    public IReadOnlyList<DraftError> Problems()
    {
        var errors = new List<DraftError>();
        for (var i = 0; i < Rows.Count; i++)
        {
            var number = Rows.Count > 1 ? $"{i + 1}件目の" : "";
            if (Rows[i].Category is null)
            {
                errors.Add(new DraftError(null, RequestRecorder.FieldKey(i, "category"), $"{number}分類を選んでください。"));
            }
            if (Rows[i].Department is null)
            {
                errors.Add(new DraftError(null, RequestRecorder.FieldKey(i, "department"), $"{number}担当課を選んでください。"));
            }
        }
        errors.AddRange(RequestRecorder.Validate(ToDrafts(0)));
        return errors;
    }

    /// <summary>The rows as drafts for <paramref name="householdId"/>; null when there are none (the call draft then carries no requests).</summary>
    public IReadOnlyList<RequestDraft>? ToDrafts(int householdId) => Rows.Count == 0 ? null :
        [.. Rows.Select(r => new RequestDraft(householdId, r.Target.ResidentId, r.Category?.Id ?? 0, r.Department?.Id ?? 0, r.IsUrgent, r.Body ?? ""))];
}
