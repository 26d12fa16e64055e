namespace CallCenter.Data.Audit;

/// <summary>Who did what: one row of the append-only audit log.</summary>
public sealed record AuditEntry
{
    /// <summary>The row's id, in the order rows were written.</summary>
    public long AuditId { get; init; }
    /// <summary>When it happened (UTC).</summary>
    public DateTime OccurredAt { get; init; }
    /// <summary>The staff member's user id, or null (an API key, the command line, a failed sign-in).</summary>
    public int? UserId { get; init; }
    /// <summary>The staff member's user name (or the API key's name) as it was at the time.</summary>
    public string? UserName { get; init; }
    /// <summary>The site (拠点) the staff member worked from.</summary>
    public string? Site { get; init; }
    /// <summary>What was done: one of <see cref="AuditActions"/>.</summary>
    public required string Action { get; init; }
    /// <summary>The kind of thing acted on (<c>resident</c>, <c>report</c>, <c>user</c>, the name of a list…).</summary>
    public string? TargetType { get; init; }
    /// <summary>The id or number of the thing acted on (a resident number, a user name…).</summary>
    public string? TargetId { get; init; }
    /// <summary>The resident whose personal data was read or written, or null.</summary>
    public int? ResidentId { get; init; }
    /// <summary>A short free text: the search text, a filter, a reason (never a password).</summary>
    public string? Details { get; init; }
}

/// <summary>The actions written to the audit log (stable names: exports and filters use them).</summary>
public static class AuditActions
{
    /// <summary>A staff member signed in.</summary>
    public const string SignIn = "sign-in";
    /// <summary>A sign-in was refused (wrong name or password, locked, disabled).</summary>
    public const string SignInFailed = "sign-in-failed";
    /// <summary>A staff member signed out (or the session ended).</summary>
    public const string SignOut = "sign-out";
    /// <summary>The resident register (住民基本台帳) was imported.</summary>
    public const string ImportResidents = "import-residents";
    /// <summary>A town was added (its code as the target, its name in Details).</summary>
    public const string AddTown = "add-town";
    /// <summary>A search that showed persons (the search text in Details).</summary>
    public const string Search = "search";
    /// <summary>A resident's page was opened.</summary>
    public const string ViewResident = "view-resident";
    /// <summary>A page of the resident list (住民一覧) was shown.</summary>
    public const string ViewResidentList = "view-resident-list";
    /// <summary>A page listing persons (provisional list, approvals, review queue, outbound campaign): TargetType names the list.</summary>
    public const string ViewList = "view-list";
    /// <summary>A CSV export was made.</summary>
    public const string Export = "export";
    /// <summary>A call (通話) was recorded.</summary>
    public const string RecordCall = "record-call";
    /// <summary>A safety report (安否報告) was recorded for one person.</summary>
    public const string RecordReport = "record-report";
    /// <summary>A provisional person (仮登録) was created.</summary>
    public const string CreateProvisional = "create-provisional";
    /// <summary>A provisional person was merged into a registered resident.</summary>
    public const string MergeProvisional = "merge-provisional";
    /// <summary>The demo town was seeded.</summary>
    public const string SeedDemo = "seed-demo";
    /// <summary>An admin created a staff account.</summary>
    public const string CreateUser = "create-user";
    /// <summary>An admin disabled a staff account.</summary>
    public const string DisableUser = "disable-user";
    /// <summary>An admin enabled a staff account again.</summary>
    public const string EnableUser = "enable-user";
    /// <summary>An admin set a new password for a staff member.</summary>
    public const string ResetPassword = "reset-password";
    /// <summary>An admin lifted a sign-in lockout.</summary>
    public const string UnlockUser = "unlock-user";
    /// <summary>Data-protection keys stored unencrypted by an earlier version were removed at start-up.</summary>
    public const string RemoveUnsealedKeys = "remove-unsealed-keys";
    /// <summary>A staff member changed (or failed to change) their own password.</summary>
    public const string ChangePassword = "change-password";
    /// <summary>An admin created an API key.</summary>
    public const string CreateApiKey = "create-api-key";
    /// <summary>An admin revoked an API key.</summary>
    public const string RevokeApiKey = "revoke-api-key";
    /// <summary>The audit log was viewed.</summary>
    public const string ViewAuditLog = "view-audit-log";
    /// <summary>The audit log was exported as CSV.</summary>
    public const string ExportAuditLog = "export-audit-log";
    /// <summary>An operator took a household from the outbound worklist (発信リスト).</summary>
    public const string ClaimHousehold = "outbound-claim";
    /// <summary>An operator gave a household back to the outbound worklist.</summary>
    public const string ReleaseHousehold = "outbound-release";
    /// <summary>An outbound call attempt and its outcome were recorded.</summary>
    public const string OutboundAttempt = "outbound-attempt";
    /// <summary>A supervisor changed the outbound worklist's rules.</summary>
    public const string OutboundRules = "outbound-rules";
    /// <summary>A supervisor assigned outbound households to a site or operator.</summary>
    public const string OutboundAssign = "outbound-assign";
    /// <summary>A supervisor put households back in the outbound queue.</summary>
    public const string OutboundRequeue = "outbound-requeue";
    /// <summary>A supervisor approved a report waiting for approval (承認).</summary>
    public const string ApproveReport = "approve-report";
    /// <summary>A supervisor rejected a report waiting for approval (却下).</summary>
    public const string RejectReport = "reject-report";
    /// <summary>An inquiry (照会) about a resident was recorded.</summary>
    public const string RecordInquiry = "record-inquiry";
    /// <summary>A message (伝言) left with an inquiry was marked handled.</summary>
    public const string HandleMessage = "handle-message";
    /// <summary>A page of the inquiry log was shown.</summary>
    public const string ViewInquiries = "view-inquiries";
    /// <summary>A status list (安否名簿) was previewed before import.</summary>
    public const string PreviewStatusImport = "preview-status-import";
    /// <summary>A status list was imported.</summary>
    public const string ImportStatus = "import-status";
    /// <summary>A status-list line in the review queue was recorded on the person chosen.</summary>
    public const string ResolveStatusImport = "resolve-status-import";
    /// <summary>A status-list line in the review queue was skipped.</summary>
    public const string SkipStatusImport = "skip-status-import";
    /// <summary>A supervisor edited the wrap-up codes (要件): added, renamed, moved, retired or restored one.</summary>
    public const string EditWrapUpCodes = "edit-wrap-up-codes";
    /// <summary>A call's detail (its caller and the persons it was about) was shown.</summary>
    public const string ViewCall = "view-call";
    /// <summary>The households behind a figure of the intention summary were read (issue 17).</summary>
    public const string ViewIntentionHouseholds = "view-intention-households";
    /// <summary>Households were handed to the outbound worklist as a campaign.</summary>
    public const string StartCampaign = "start-campaign";
    /// <summary>An outbound campaign was ended.</summary>
    public const string EndCampaign = "end-campaign";
    /// <summary>A recorded call was linked to a person it was about.</summary>
    public const string LinkCall = "link-call";
    /// <summary>An admin edited the request categories (分類) or departments (担当課): added, renamed, moved, retired or restored one.</summary>
    public const string EditRequestLists = "edit-request-lists";
    /// <summary>A resident's request (要望・相談) was recorded, in a call or from the resident page.</summary>
    public const string RecordRequest = "record-request";
    /// <summary>An admin set or cleared an account's department (担当課).</summary>
    public const string SetUserDepartment = "set-user-department";
    /// <summary>An admin changed the towns an account may see (issue 19): details 「町 すべての町 → 大熊町（075451）」.</summary>
    public const string SetUserTowns = "set-user-towns";
    /// <summary>An admin changed the towns an API key may see (issue 19): details 「名前「…」・町 … → …」.</summary>
    public const string SetApiKeyTowns = "set-api-key-towns";
    /// <summary>A supervisor created, closed or reopened a round of the intention survey (回答ラウンド).</summary>
    public const string EditSurveyRounds = "edit-survey-rounds";
    /// <summary>A household's answer to the intention survey (帰還意向) was recorded.</summary>
    public const string RecordIntention = "record-intention";
    /// <summary>A file of intention answers (postal returns) was imported or checked.</summary>
    public const string ImportIntentions = "import-intentions";
    /// <summary>A supervisor created an announcement (お知らせ, issue 18).</summary>
    public const string CreateAnnouncement = "create-announcement";
    /// <summary>A supervisor edited an announcement.</summary>
    public const string EditAnnouncement = "edit-announcement";
    /// <summary>A supervisor withdrew an announcement (its campaigns ended with it).</summary>
    public const string WithdrawAnnouncement = "withdraw-announcement";
    /// <summary>Announcements were told to a household (伝達記録), in a call or an outbound attempt.</summary>
    public const string TellAnnouncement = "tell-announcement";
    /// <summary>A household's mailing address (送付先) was recorded, in a call or from the resident page (issue 18).</summary>
    public const string RecordMailingAddress = "record-mailing-address";
    /// <summary>A file of mailing addresses was imported or checked (issue 18).</summary>
    public const string ImportMailing = "import-mailing";

    /// <summary>A talk script or FAQ written, changed, retired or offered again (応対スクリプト・FAQ).</summary>
    public const string EditTalkScript = "edit-talk-script";
    /// <summary>Returned letters recorded for a household (宛所不明, issue 18).</summary>
    public const string RecordReturnedMail = "record-returned-mail";
}
