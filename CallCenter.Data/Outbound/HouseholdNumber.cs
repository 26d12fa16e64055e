namespace CallCenter.Data.Outbound;

/// <summary>One number a household can be reached on, with where it came from.</summary>
public sealed record HouseholdNumber(string Phone, string PhoneKey, IReadOnlyList<string> Sources, OutboundOutcome? BadOutcome, int NoContactAttempts)
{
    /// <summary>Marked 番号違い or 不通: skipped.</summary>
    public bool IsBad => BadOutcome is not null;
}
