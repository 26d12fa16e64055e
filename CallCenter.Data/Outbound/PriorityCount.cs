namespace CallCenter.Data.Outbound;

public sealed record PriorityCount(int Priority, int Households);
