using CallCenter.Data.Reports;

namespace CallCenter.Data.Outbound;

/// <summary>What came of dialing one number.</summary>
public enum OutboundOutcome : byte
{
    /// <summary>通話済: someone answered; the call form follows.</summary>
    Connected = 1,
    /// <summary>不在: no answer.</summary>
    NoAnswer = 2,
    /// <summary>留守電: an answering machine.</summary>
    Voicemail = 3,
    /// <summary>話し中: busy.</summary>
    Busy = 4,
    /// <summary>番号違い: someone else's number; the number is not tried again for this household.</summary>
    WrongNumber = 5,
    /// <summary>不通: out of service; the number is not tried again for this household.</summary>
    Unreachable = 6,
    /// <summary>拒否: the household refuses calls; it leaves the queue.</summary>
    Refused = 7,
    /// <summary>折り返し依頼: call again at a given time.</summary>
    CallbackRequested = 8,
}

/// <summary>Why a household needs a supervisor (要対応).</summary>
public enum OutboundEscalation : byte
{
    None = 0,
    /// <summary>Every usable number was tried K times without reaching anyone.</summary>
    AttemptsExhausted = 1,
    /// <summary>Every known number is wrong or out of service.</summary>
    NoUsableNumber = 2,
}

/// <summary>Reasons a household is called early (a bit set stored in OutboundQueue.Reasons).</summary>
[Flags]
public enum PriorityReasons
{
    None = 0,
    /// <summary>A 避難行動要支援者 in the household.</summary>
    Vulnerable = 1,
    /// <summary>Someone at or above the old-age threshold.</summary>
    Old = 2,
    /// <summary>A household of one.</summary>
    LivingAlone = 4,
    /// <summary>A child under the infant threshold.</summary>
    Infant = 8,
}

/// <summary>Japanese labels of the outbound values.</summary>
public static class OutboundLabels
{
    /// <summary>Outcomes in the order the operator's buttons show them.</summary>
    public static IReadOnlyList<OutboundOutcome> Outcomes { get; } =
    [
        OutboundOutcome.Connected, OutboundOutcome.NoAnswer, OutboundOutcome.Voicemail, OutboundOutcome.Busy,
        OutboundOutcome.WrongNumber, OutboundOutcome.Unreachable, OutboundOutcome.Refused, OutboundOutcome.CallbackRequested,
    ];

    public static string Label(this OutboundOutcome outcome) => outcome switch
    {
        OutboundOutcome.Connected => "通話済",
        OutboundOutcome.NoAnswer => "不在",
        OutboundOutcome.Voicemail => "留守電",
        OutboundOutcome.Busy => "話し中",
        OutboundOutcome.WrongNumber => "番号違い",
        OutboundOutcome.Unreachable => "不通",
        OutboundOutcome.Refused => "拒否",
        OutboundOutcome.CallbackRequested => "折り返し依頼",
        _ => "不明",
    };

    /// <summary>不在, 留守電, 話し中: the attempts counted towards K.</summary>
    public static bool IsNoContact(this OutboundOutcome outcome) =>
        outcome is OutboundOutcome.NoAnswer or OutboundOutcome.Voicemail or OutboundOutcome.Busy;

    /// <summary>番号違い, 不通: the number is marked and skipped.</summary>
    public static bool MarksNumberBad(this OutboundOutcome outcome) =>
        outcome is OutboundOutcome.WrongNumber or OutboundOutcome.Unreachable;

    public static string Label(this OutboundEscalation escalation) => escalation switch
    {
        OutboundEscalation.AttemptsExhausted => "全番号に規定回数かけてもつながらない",
        OutboundEscalation.NoUsableNumber => "使える番号がない",
        _ => "",
    };

    /// <summary>The priority tier's label: 1 優先・未確認 ... 9 番号なし.</summary>
    public static string PriorityLabel(int priority) => priority switch
    {
        OutboundPriority.Callback => "折り返し",
        OutboundPriority.UnconfirmedFirst => "未確認（優先）",
        OutboundPriority.Unconfirmed => "未確認",
        OutboundPriority.ReconfirmFirst => "再確認（優先）",
        OutboundPriority.Reconfirm => "再確認",
        OutboundPriority.NoNumber => "番号なし",
        _ => "",
    };

    /// <summary>要支援者・高齢・独居・乳幼児, as set.</summary>
    public static string ReasonsLabel(PriorityReasons reasons, OutboundRules rules)
    {
        var parts = new List<string>();
        if (reasons.HasFlag(PriorityReasons.Vulnerable))
        {
            parts.Add("要支援者");
        }
        if (reasons.HasFlag(PriorityReasons.Old))
        {
            parts.Add($"{rules.OldAge}歳以上");
        }
        if (reasons.HasFlag(PriorityReasons.LivingAlone))
        {
            parts.Add("独居");
        }
        if (reasons.HasFlag(PriorityReasons.Infant))
        {
            parts.Add($"{rules.InfantAge}歳未満");
        }
        return string.Join("・", parts);
    }
}

/// <summary>The priority tiers stored in OutboundQueue.Priority (lower is called first).</summary>
public static class OutboundPriority
{
    /// <summary>A callback that is due (not stored in the queue: callbacks are served before it).</summary>
    public const int Callback = 0;
    public const int UnconfirmedFirst = 1;
    public const int Unconfirmed = 2;
    public const int ReconfirmFirst = 3;
    public const int Reconfirm = 4;
    /// <summary>Needs calling but no number is known: shown to supervisors, never handed out.</summary>
    public const int NoNumber = 9;
}

/// <summary>One number a household can be reached on, with where it came from.</summary>
public sealed record HouseholdNumber(string Phone, string PhoneKey, IReadOnlyList<string> Sources, OutboundOutcome? BadOutcome, int NoContactAttempts)
{
    /// <summary>Marked 番号違い or 不通: skipped.</summary>
    public bool IsBad => BadOutcome is not null;
}

/// <summary>One dialed number and its outcome.</summary>
public sealed class OutboundAttempt
{
    public long AttemptId { get; init; }
    public int HouseholdId { get; init; }
    public string Phone { get; init; } = "";
    public OutboundOutcome Outcome { get; init; }
    public DateTime? CallbackAt { get; init; }
    public int? UserId { get; init; }
    public string? UserDisplayName { get; init; }
    public string? Site { get; init; }
    public DateTime AttemptedAt { get; init; }
    public string? Note { get; init; }
}

/// <summary>A household member as the worklist shows them.</summary>
public sealed class OutboundMember
{
    public int ResidentId { get; init; }
    public string ResidentNo { get; init; } = "";
    public string? Relationship { get; init; }
    public string FamilyName { get; init; } = "";
    public string GivenName { get; init; } = "";
    public string FamilyNameKana { get; init; } = "";
    public string GivenNameKana { get; init; } = "";
    public DateOnly? BirthDate { get; init; }
    public bool IsVulnerable { get; init; }
    public string? VulnerableReason { get; init; }
    public SafetyStatus Status { get; init; }
    public DateTime? StatusReportedAt { get; init; }
    public string? Phone { get; init; }
    public string? ContactPhone { get; init; }

    public string Name => $"{FamilyName}　{GivenName}";
}

/// <summary>A household handed to an operator: who lives there, how to reach them, what was tried.</summary>
public sealed record OutboundHousehold(
    int HouseholdId,
    string HouseholdNo,
    string? District,
    string? Address,
    int Priority,
    PriorityReasons Reasons,
    DateTime? ClaimExpiresAt,
    DateTime? CallbackAt,
    IReadOnlyList<OutboundMember> Members,
    IReadOnlyList<HouseholdNumber> Numbers,
    IReadOnlyList<OutboundAttempt> Attempts)
{
    /// <summary>Numbers still worth dialing.</summary>
    public IEnumerable<HouseholdNumber> UsableNumbers => Numbers.Where(n => !n.IsBad);
}

/// <summary>What pressing 「次へ」 gave: a household, or nothing left to call.</summary>
public sealed record ClaimResult(OutboundHousehold? Household, bool IsCallback);

/// <summary>The result of recording an attempt.</summary>
public sealed record AttemptResult(bool Saved, string? Error, OutboundEscalation Escalation, bool LeftQueue, bool Released)
{
    public static AttemptResult Fail(string error) => new(false, error, OutboundEscalation.None, false, false);
}

/// <summary>
/// A queue rebuild so far: households queued, ranges written (each its own short write transaction), and the
/// longest time one of them held the write lock.
/// </summary>
public sealed record OutboundRebuild(int Queued, int Chunks, TimeSpan LongestHold);
