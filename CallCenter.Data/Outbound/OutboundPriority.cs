namespace CallCenter.Data.Outbound;

/// <summary>The priority tiers stored in OutboundQueue.Priority (lower is called first).</summary>
public static class OutboundPriority
{
    /// <summary>A callback that is due (not stored in the queue: callbacks are served before it).</summary>
    public const int Callback = 0;
    /// <summary>Unconfirmed, and a priority reason applies (vulnerable, old, alone, infant).</summary>
    public const int UnconfirmedFirst = 1;
    /// <summary>Unconfirmed.</summary>
    public const int Unconfirmed = 2;
    /// <summary>Confirmed long ago (reconfirmation), and a priority reason applies.</summary>
    public const int ReconfirmFirst = 3;
    /// <summary>Confirmed long ago (reconfirmation).</summary>
    public const int Reconfirm = 4;
    /// <summary>In a running campaign (OutboundCampaigns) that still needs the call, and a priority reason applies; no member to confirm.</summary>
    public const int CampaignFirst = 5;
    /// <summary>In a running campaign that still needs the call; no member to confirm.</summary>
    public const int Campaign = 6;
    /// <summary>Needs calling but no number is known: shown to supervisors, never handed out.</summary>
    public const int NoNumber = 9;
}
