namespace CallCenter.Data.Outbound;

/// <summary>Why a household needs a supervisor (要対応).</summary>
public enum OutboundEscalation : byte
{
    /// <summary>Not escalated.</summary>
    None = 0,
    /// <summary>Every usable number was tried K times without reaching anyone.</summary>
    AttemptsExhausted = 1,
    /// <summary>Every known number is wrong or out of service.</summary>
    NoUsableNumber = 2,
}
