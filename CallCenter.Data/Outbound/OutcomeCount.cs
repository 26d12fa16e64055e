namespace CallCenter.Data.Outbound;

public sealed record OutcomeCount(OutboundOutcome Outcome, int Attempts);
