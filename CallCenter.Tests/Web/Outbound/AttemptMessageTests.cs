using CallCenter.Data.Outbound;
using CallCenter.Web.Components.Pages.Outbound;

namespace CallCenter.Tests.Web.Outbound;

public sealed class AttemptMessageTests
{
    private static AttemptResult Saved(OutboundEscalation escalation = OutboundEscalation.None) => new(true, null, escalation, false, false);

    [Fact]
    public void Escalation_SaysTheHouseholdWentToTheSupervisor() =>
        Assert.Equal("「不在」を記録しました。全番号に規定回数かけてもつながらないため、要対応に回しました。",
            AttemptMessage.For(OutboundOutcome.NoAnswer, Saved(OutboundEscalation.AttemptsExhausted), null));

    [Fact]
    public void Callback_NamesItsTimeInJapan() =>
        Assert.Equal("折り返し（2026/03/14 18:00）を記録しました。その時刻にあなたに回ります。",
            AttemptMessage.For(OutboundOutcome.CallbackRequested, Saved(), new DateTime(2026, 3, 14, 9, 0, 0, DateTimeKind.Utc)));

    [Theory]
    [InlineData(OutboundOutcome.Refused, "拒否を記録しました。この世帯には発信しません。")]
    [InlineData(OutboundOutcome.WrongNumber, "「番号違い」を記録しました。この番号には今後かけません。")]
    [InlineData(OutboundOutcome.Unreachable, "「不通」を記録しました。この番号には今後かけません。")]
    [InlineData(OutboundOutcome.Busy, "「話し中」を記録しました。別の番号にかけるか「次へ」を押してください。")]
    public void Outcome_SaysWhatHappensNext(OutboundOutcome outcome, string expected) =>
        Assert.Equal(expected, AttemptMessage.For(outcome, Saved(), null));
}
