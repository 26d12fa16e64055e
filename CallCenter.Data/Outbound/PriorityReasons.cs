namespace CallCenter.Data.Outbound;

/// <summary>Reasons a household is called early (a bit set stored in OutboundQueue.Reasons).</summary>
[Flags]
public enum PriorityReasons
{
    /// <summary>No reason: called in turn.</summary>
    None = 0,
    /// <summary>A 避難行動要支援者 in the household.</summary>
    Vulnerable = 1,
    /// <summary>Someone at or above the old-age threshold.</summary>
    Old = 2,
    /// <summary>A household of one.</summary>
    LivingAlone = 4,
    /// <summary>A child under the infant threshold.</summary>
    Infant = 8,
}
