namespace CallCenter.Data.Outbound;

/// <summary>What came of dialing one number.</summary>
public enum OutboundOutcome : byte
{
    /// <summary>通話済: someone answered; the call form follows.</summary>
    Connected = 1,
    /// <summary>不在: no answer.</summary>
    NoAnswer = 2,
    /// <summary>留守電: an answering machine.</summary>
    Voicemail = 3,
    /// <summary>話し中: busy.</summary>
    Busy = 4,
    /// <summary>番号違い: someone else's number; the number is not tried again for this household.</summary>
    WrongNumber = 5,
    /// <summary>不通: out of service; the number is not tried again for this household.</summary>
    Unreachable = 6,
    /// <summary>拒否: the household refuses calls; it leaves the queue.</summary>
    Refused = 7,
    /// <summary>折り返し依頼: call again at a given time.</summary>
    CallbackRequested = 8,
}
