namespace CallCenter.Data.Outbound;

/// <summary>The result of recording an attempt.</summary>
public sealed record AttemptResult(bool Saved, string? Error, OutboundEscalation Escalation, bool LeftQueue, bool Released)
{
    public static AttemptResult Fail(string error) => new(false, error, OutboundEscalation.None, false, false);
}
