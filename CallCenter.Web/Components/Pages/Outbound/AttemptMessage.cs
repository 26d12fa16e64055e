using CallCenter.Data.Common;
using CallCenter.Data.Outbound;

namespace CallCenter.Web.Components.Pages.Outbound;

/// <summary>What the worklist tells the operator after an attempt other than 通話済 was recorded.</summary>
public static class AttemptMessage
{
    public static string For(OutboundOutcome outcome, AttemptResult result, DateTime? callbackAt) =>
        result.Escalation != OutboundEscalation.None ? $"「{outcome.Label()}」を記録しました。{result.Escalation.Label()}ため、要対応に回しました。"
        : outcome == OutboundOutcome.CallbackRequested ? $"折り返し（{JapanTime.Format(callbackAt!.Value)}）を記録しました。その時刻にあなたに回ります。"
        : outcome == OutboundOutcome.Refused ? "拒否を記録しました。この世帯には発信しません。"
        : outcome.MarksNumberBad() ? $"「{outcome.Label()}」を記録しました。この番号には今後かけません。"
        : $"「{outcome.Label()}」を記録しました。別の番号にかけるか「次へ」を押してください。";
}
