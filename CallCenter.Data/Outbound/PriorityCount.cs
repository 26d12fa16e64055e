namespace CallCenter.Data.Outbound;

/// <summary>How many households wait in the queue at one priority tier.</summary>
/// <param name="Priority">The tier (<see cref="OutboundPriority"/>).</param>
/// <param name="Households">Households at it.</param>
public sealed record PriorityCount(int Priority, int Households);
