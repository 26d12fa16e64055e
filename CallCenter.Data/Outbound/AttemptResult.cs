namespace CallCenter.Data.Outbound;

/// <summary>The result of recording an attempt.</summary>
public sealed record AttemptResult(bool Saved, string? Error, OutboundEscalation Escalation, bool LeftQueue, bool Released)
{
    /// <summary>An attempt refused with <paramref name="error"/>: nothing was saved.</summary>
    public static AttemptResult Fail(string error) => new(false, error, OutboundEscalation.None, false, false);
}
