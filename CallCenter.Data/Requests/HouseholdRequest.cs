namespace CallCenter.Data.Requests;

/// <summary>A household's request as the resident page and the call form list it.</summary>
/// <param name="RequestId">Its id.</param>
/// <param name="ResidentId">The member it is for; null for the whole household.</param>
/// <param name="FamilyName">That member's family name; null for the whole household.</param>
/// <param name="GivenName">That member's given name; null for the whole household.</param>
/// <param name="Category">Its category's label.</param>
/// <param name="Department">Its department's name.</param>
/// <param name="Status">Where it stands.</param>
/// <param name="IsUrgent">至急.</param>
/// <param name="Body">What the resident asked.</param>
/// <param name="CreatedAt">When it was recorded (UTC).</param>
/// <param name="CreatedBy">Who recorded it (display name), or null.</param>
/// <param name="ClosedAt">When it was closed (完了 / 対応不可, UTC), or null while open.</param>
public sealed record HouseholdRequest(long RequestId, int? ResidentId, string? FamilyName, string? GivenName, string Category, string Department,
    RequestStatus Status, bool IsUrgent, string Body, DateTime CreatedAt, string? CreatedBy, DateTime? ClosedAt)
{
    // For Dapper: SQLite returns every integer as Int64; with this constructor Dapper sets the properties and converts.
    private HouseholdRequest() : this(0, null, null, null, "", "", RequestStatus.Received, false, "", default, null, null)
    {
    }

    /// <summary>「世帯全体」 or the member's name (「山田　太郎」).</summary>
    public string ForWhom => FamilyName is null ? "世帯全体" : $"{FamilyName}　{GivenName}";

    /// <summary>Whole days since it was recorded, as of <paramref name="nowUtc"/>.</summary>
    public int AgeInDays(DateTime nowUtc) => Math.Max(0, (int)(nowUtc - CreatedAt).TotalDays);
}
