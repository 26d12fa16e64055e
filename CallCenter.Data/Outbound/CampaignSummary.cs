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

/// <summary>
/// What starting a campaign gave: the campaign and its size, or the message why nothing was started (a town outside
/// the creator's towns, say); <see cref="None"/> when there was nothing to hand over.
/// </summary>
public sealed record CampaignStart(int CampaignId, string Name, int Households, string? Error)
{
    /// <summary>Nothing to hand over (every household has answered or been told): no campaign, no error.</summary>
    public static CampaignStart None { get; } = new(0, "", 0, null);

    /// <summary>Refused with a message; nothing written.</summary>
    public static CampaignStart Fail(string error) => new(0, "", 0, error);

    /// <summary>Whether a campaign was started.</summary>
    public bool Started => CampaignId != 0;
}
