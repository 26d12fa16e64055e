namespace CallCenter.Data.Outbound;

/// <summary>Japanese labels of the outbound values.</summary>
public static class OutboundLabels
{
    /// <summary>Outcomes in the order the operator's buttons show them.</summary>
    public static IReadOnlyList<OutboundOutcome> Outcomes { get; } =
    [
        OutboundOutcome.Connected, OutboundOutcome.NoAnswer, OutboundOutcome.Voicemail, OutboundOutcome.Busy,
        OutboundOutcome.WrongNumber, OutboundOutcome.Unreachable, OutboundOutcome.Refused, OutboundOutcome.CallbackRequested,
    ];

    /// <summary>The outcome's label: 通話済, 不在, 留守電, 話し中, 番号違い, 不通, 拒否 or 折り返し依頼.</summary>
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

    /// <summary>Why a household was escalated, in a phrase for supervisors (empty when it was not).</summary>
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
        OutboundPriority.CampaignFirst => "キャンペーン（優先）",
        OutboundPriority.Campaign => "キャンペーン",
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
