namespace CallCenter.Data.Residents;

/// <summary>The town at a glance: registered residents, households and how many are confirmed.</summary>
public sealed record TownCounts(int Residents, int Households, int Confirmed)
{
    /// <summary>Confirmed residents as a percentage of the register (0 when empty).</summary>
    public double ConfirmedPercent => Residents == 0 ? 0 : 100.0 * Confirmed / Residents;
}
