namespace CallCenter.Data.Outbound;

/// <summary>How many attempts had one outcome (today's figures).</summary>
/// <param name="Outcome">The outcome.</param>
/// <param name="Attempts">Attempts with it.</param>
public sealed record OutcomeCount(OutboundOutcome Outcome, int Attempts);
