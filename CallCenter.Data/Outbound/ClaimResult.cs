namespace CallCenter.Data.Outbound;

/// <summary>What pressing 「次へ」 gave: a household, or nothing left to call.</summary>
public sealed record ClaimResult(OutboundHousehold? Household, bool IsCallback);
