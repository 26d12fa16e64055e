namespace CallCenter.Data.Outbound;

/// <summary>The priority tiers stored in OutboundQueue.Priority (lower is called first).</summary>
public static class OutboundPriority
{
    /// <summary>A callback that is due (not stored in the queue: callbacks are served before it).</summary>
    public const int Callback = 0;
    public const int UnconfirmedFirst = 1;
    public const int Unconfirmed = 2;
    public const int ReconfirmFirst = 3;
    public const int Reconfirm = 4;
    /// <summary>Needs calling but no number is known: shown to supervisors, never handed out.</summary>
    public const int NoNumber = 9;
}
