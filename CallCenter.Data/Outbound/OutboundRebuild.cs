namespace CallCenter.Data.Outbound;

/// <summary>
/// A queue rebuild so far: households queued, ranges written (each its own short write transaction), and the
/// longest time one of them held the write lock.
/// </summary>
public sealed record OutboundRebuild(int Queued, int Chunks, TimeSpan LongestHold);
