namespace CallCenter.Data.Outbound;

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
    /// <summary>The household's town (Households.TownId): the card names it when several towns exist.</summary>
    public int TownId { get; init; } = 1;

    /// <summary>The names of the running campaigns that call this household now (why it is called, beside the safety tiers).</summary>
    public IReadOnlyList<string> Campaigns { get; init; } = [];

    /// <summary>Since when letters to the household's 送付先 come back (宛所不明: called to learn the new address), or null.</summary>
    public DateOnly? MailReturnedOn { get; init; }

    /// <summary>Numbers still worth dialing.</summary>
    public IEnumerable<HouseholdNumber> UsableNumbers => Numbers.Where(n => !n.IsBad);
}
