namespace CallCenter.Data.Outbound;

/// <summary>The campaign's figures for supervisors.</summary>
public sealed record CampaignFigures(
    IReadOnlyList<PriorityCount> QueueByPriority,
    int AttemptsToday,
    int ConnectedToday,
    IReadOnlyList<OutcomeCount> OutcomesToday,
    int CallbacksDue,
    int CallbacksLater,
    int ClaimedNow,
    int NeedNewNumber)
{
    /// <summary>Households waiting in the queue (numbers known, not escalated).</summary>
    public int QueueLength => QueueByPriority.Where(p => p.Priority != OutboundPriority.NoNumber).Sum(p => p.Households);

    /// <summary>通話済 among today's attempts, 0..1 (null when nothing was dialed).</summary>
    public double? ContactRate => AttemptsToday == 0 ? null : (double)ConnectedToday / AttemptsToday;
}
