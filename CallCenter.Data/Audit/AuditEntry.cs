namespace CallCenter.Data.Audit;

/// <summary>Who did what: one row of the append-only audit log.</summary>
public sealed record AuditEntry
{
    public long AuditId { get; init; }
    public DateTime OccurredAt { get; init; }
    public int? UserId { get; init; }
    public string? UserName { get; init; }
    public string? Site { get; init; }
    public required string Action { get; init; }
    public string? TargetType { get; init; }
    public string? TargetId { get; init; }
    public int? ResidentId { get; init; }
    public string? Details { get; init; }
}

/// <summary>The actions written to the audit log (stable names: exports and filters use them).</summary>
public static class AuditActions
{
    public const string SignIn = "sign-in";
    public const string SignInFailed = "sign-in-failed";
    public const string SignOut = "sign-out";
    public const string ImportResidents = "import-residents";
    public const string SeedDemo = "seed-demo";
}
