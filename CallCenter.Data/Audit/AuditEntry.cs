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
    public const string Search = "search";
    public const string ViewResident = "view-resident";
    public const string ViewResidentList = "view-resident-list";
    /// <summary>A page listing persons (provisional list, approvals, review queue, outbound campaign): TargetType names the list.</summary>
    public const string ViewList = "view-list";
    public const string Export = "export";
    public const string RecordCall = "record-call";
    public const string RecordReport = "record-report";
    public const string CreateProvisional = "create-provisional";
    public const string MergeProvisional = "merge-provisional";
    public const string SeedDemo = "seed-demo";
    public const string CreateUser = "create-user";
    public const string DisableUser = "disable-user";
    public const string EnableUser = "enable-user";
    public const string ResetPassword = "reset-password";
    public const string UnlockUser = "unlock-user";
    public const string RemoveUnsealedKeys = "remove-unsealed-keys";
    public const string ChangePassword = "change-password";
    public const string CreateApiKey = "create-api-key";
    public const string RevokeApiKey = "revoke-api-key";
    public const string ViewAuditLog = "view-audit-log";
    public const string ExportAuditLog = "export-audit-log";
    public const string ClaimHousehold = "outbound-claim";
    public const string ReleaseHousehold = "outbound-release";
    public const string OutboundAttempt = "outbound-attempt";
    public const string OutboundRules = "outbound-rules";
    public const string OutboundAssign = "outbound-assign";
    public const string OutboundRequeue = "outbound-requeue";
    public const string ApproveReport = "approve-report";
    public const string RejectReport = "reject-report";
    public const string RecordInquiry = "record-inquiry";
    public const string HandleMessage = "handle-message";
    public const string ViewInquiries = "view-inquiries";
    public const string PreviewStatusImport = "preview-status-import";
    public const string ImportStatus = "import-status";
    public const string ResolveStatusImport = "resolve-status-import";
    public const string SkipStatusImport = "skip-status-import";
}
