namespace CallCenter.Data.Outbound;

/// <summary>What a campaign calls for (<c>OutboundCampaigns.Kind</c>), and so when a household leaves it.</summary>
public enum CampaignKind
{
    /// <summary>帰還意向調査: the household leaves once it has a counting answer in the campaign's round.</summary>
    IntentionSurvey = 1,

    /// <summary>お知らせ伝達: the household leaves once it has a delivery of the campaign's announcement (issue 18).</summary>
    Announcement = 2,
}
