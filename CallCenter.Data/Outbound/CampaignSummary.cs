namespace CallCenter.Data.Outbound;

/// <summary>A campaign as the campaign page lists it.</summary>
/// <param name="CampaignId">The campaign.</param>
/// <param name="Name">Its name (「帰還意向調査 2026年度」), shown on the worklist card.</param>
/// <param name="Kind">What it calls for.</param>
/// <param name="CreatedAt">When it started (UTC).</param>
/// <param name="CreatedBy">Who started it, or null.</param>
/// <param name="EndedAt">When it was ended (UTC), or null while it runs.</param>
/// <param name="Households">The households handed to it.</param>
/// <param name="Remaining">The households it still needs to call.</param>
public sealed record CampaignSummary(int CampaignId, string Name, CampaignKind Kind, DateTime CreatedAt, string? CreatedBy, DateTime? EndedAt,
    int Households, int Remaining);
