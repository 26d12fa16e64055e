namespace CallCenter.Data.Outbound;

/// <summary>
/// The per-household priority statement the worklist, the campaign view and the unconfirmed export share, so they
/// can never disagree. Set-based: one GROUP BY over the residents (an index seek per household when narrowed to
/// one). Parameters: <see cref="PriorityParameters"/>.
/// </summary>
public static class OutboundQueries
{
    /// <summary>
    /// Per household: living unconfirmed members (a resident with a 死亡 report still waiting for approval counts as
    /// settled), confirmed members whose last report is older than the re-confirmation age, the priority reasons as a
    /// bit set, and whether any member has a number. Deceased members are not counted (so a widow is living alone).
    /// Ends just before GROUP BY, so a caller can narrow it with AND.
    /// </summary>
    public const string HouseholdPrioritiesSelect = $"""
        SELECT {HouseholdPrioritiesColumns}
          FROM Residents r
         WHERE {HouseholdPrioritiesFilter}
        """;

    /// <summary>The columns of <see cref="HouseholdPrioritiesSelect"/>, over residents aliased <c>r</c>, grouped by household.</summary>
    public const string HouseholdPrioritiesColumns = """
        r.HouseholdId,
               SUM(CASE WHEN r.Status = 0 THEN 1 ELSE 0 END) AS Unconfirmed,
               SUM(CASE WHEN r.Status IN (1, 2, 3) AND r.StatusReportedAt < @ReconfirmBefore THEN 1 ELSE 0 END) AS Stale,
               MAX(CASE WHEN @UseVulnerable = 1 AND r.IsVulnerable = 1 THEN 1 ELSE 0 END)
             + MAX(CASE WHEN r.BirthDate <= @OldBornBy THEN 2 ELSE 0 END)
             + CASE WHEN @UseAlone = 1 AND COUNT(*) = 1 THEN 4 ELSE 0 END
             + MAX(CASE WHEN r.BirthDate > @InfantBornAfter THEN 8 ELSE 0 END) AS Reasons,
               MAX(CASE WHEN r.PhoneKey IS NOT NULL OR r.ContactPhoneKey IS NOT NULL THEN 1 ELSE 0 END) AS HasNumber
        """;

    /// <summary>The residents <see cref="HouseholdPrioritiesSelect"/> counts (living, registered, in a household).</summary>
    public const string HouseholdPrioritiesFilter = """
        r.HouseholdId IS NOT NULL
           AND r.IsProvisional = 0
           AND r.MergedIntoResidentId IS NULL
           AND r.Status <> 5
           AND COALESCE(r.PendingStatus, 0) <> 5
        """;

    /// <summary>The priority tier of a row of <see cref="HouseholdPrioritiesSelect"/> aliased <c>g</c>.</summary>
    public const string PriorityCase = """
        CASE WHEN g.HasNumber = 0 THEN 9
             WHEN g.Unconfirmed > 0 AND g.Reasons > 0 THEN 1
             WHEN g.Unconfirmed > 0 THEN 2
             WHEN g.Reasons > 0 THEN 3
             ELSE 4 END
        """;

    /// <summary>
    /// Whether the household of a row aliased <c>g</c> is in a running campaign (OutboundCampaigns, migration 0018) that
    /// still needs the call: for a 帰還意向調査 campaign (Kind 1), no counting answer in its round yet; for an お知らせ伝達 campaign
    /// (Kind 2, issue 18), no delivery of its announcement to the household yet. Read when the
    /// queue is built and again at each 「次へ」, so an answer recorded anywhere takes the household out without a hook.
    /// </summary>
    public const string CampaignNeed = """
        EXISTS (SELECT 1
                  FROM OutboundCampaignHouseholds ch
                  JOIN OutboundCampaigns c ON c.CampaignId = ch.CampaignId
                 WHERE ch.HouseholdId = g.HouseholdId
                   AND c.EndedAt IS NULL
                   AND NOT (c.Kind = 1 AND EXISTS (SELECT 1
                                                     FROM HouseholdIntentions hi
                                                    WHERE hi.RoundId = c.RoundId
                                                      AND hi.HouseholdId = ch.HouseholdId))
                   AND NOT (c.Kind = 2 AND EXISTS (SELECT 1
                                                     FROM AnnouncementDeliveries ad
                                                    WHERE ad.AnnouncementId = c.AnnouncementId
                                                      AND ad.HouseholdId = ch.HouseholdId)))
        """;

    /// <summary>
    /// Whether letters to the current 送付先 of the household of a row aliased <c>g</c> come back (宛所不明, issue 18:
    /// HouseholdMailing.ReturnedOn set, migration 0020). Read when the queue is built and again at each 「次へ」, so a new
    /// address recorded anywhere (which clears ReturnedOn) takes the household out without a hook.
    /// </summary>
    public const string ReturnedMailNeed = """
        EXISTS (SELECT 1
                  FROM HouseholdMailing hm
                 WHERE hm.HouseholdId = g.HouseholdId
                   AND hm.ReturnedOn IS NOT NULL)
        """;

    /// <summary>
    /// The queue's tier of a row aliased <c>g</c>: the unconfirmed tiers of <see cref="PriorityCase"/> first; a household
    /// whose mail comes back (<see cref="ReturnedMailNeed"/>) is 再確認（優先） (3) whatever its reasons; then the other
    /// safety tiers when a member needs confirming, else a campaign's household by its reasons (5 with a priority reason,
    /// 6 without); 9 without a number.
    /// </summary>
    public const string QueuePriorityCase = $"""
        CASE WHEN g.HasNumber = 1 AND g.Unconfirmed = 0 AND {ReturnedMailNeed} THEN 3
             WHEN g.Unconfirmed > 0 OR g.Stale > 0 THEN {PriorityCase}
             WHEN g.HasNumber = 0 THEN 9
             WHEN g.Reasons > 0 THEN 5
             ELSE 6 END
        """;
}
