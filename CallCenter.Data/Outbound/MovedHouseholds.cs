namespace CallCenter.Data.Outbound;

/// <summary>Households that were on another list and were moved to the one being assigned.</summary>
public sealed record MovedHouseholds(string ListName, int Households);
