namespace CallCenter.Data.Requests;

/// <summary>A request (要望・相談) as staff recorded it, in a call or from the resident page.</summary>
/// <param name="HouseholdId">The household it comes from.</param>
/// <param name="ResidentId">The member it is for; null for the whole household (世帯全体).</param>
/// <param name="CategoryId">Its category (分類, see <see cref="RequestCategories"/>).</param>
/// <param name="DepartmentId">The department it goes to (担当課, see <see cref="Departments"/>).</param>
/// <param name="IsUrgent">至急 (true) or 通常.</param>
/// <param name="Body">What the resident asks, 1–1000 characters.</param>
public sealed record RequestDraft(int HouseholdId, int? ResidentId, int CategoryId, int DepartmentId, bool IsUrgent, string Body);
