using System.Globalization;
using CallCenter.Data.Audit;
using CallCenter.Data.Calls;
using CallCenter.Data.Common;
using CallCenter.Data.Database;
using CallCenter.Data.Intentions;
using CallCenter.Data.Settings;
using Dapper;

namespace CallCenter.Data.Outbound;

/// <summary>
/// Campaigns on the outbound worklist (migration 0018): a named set of households called for a purpose beside the
/// safety tiers. The queue takes in a running campaign's households that still need the call
/// (<see cref="OutboundQueries.CampaignNeed"/>), ranked after the safety tiers by their reasons; 「次へ」 checks the need
/// again live, so an answer recorded anywhere, or the campaign's end, takes a household out.
/// </summary>
public sealed class OutboundCampaigns(ConnectionFactory connections, SettingsRepository settings, TimeProvider time)
{
    private const string InsertCampaignSql = """
        INSERT INTO OutboundCampaigns (Name, Kind, RoundId, CreatedAt, CreatedBy)
             VALUES (@Name, @Kind, @RoundId, @Now, @UserId);
        {last_id}
        """;

    // The households without a counting answer in the round (of one group when the filter names one).
    private const string InsertUnansweredSql = $"""
        INSERT INTO OutboundCampaignHouseholds (CampaignId, HouseholdId)
        SELECT @CampaignId, ih.HouseholdId
          FROM IntentionHouseholds ih
          LEFT JOIN HouseholdIntentions a ON a.HouseholdId = ih.HouseholdId AND a.RoundId = @RoundId
         WHERE {IntentionHouseholdFilter.Where}
        """;

    /// <summary>
    /// Hands the households without a counting answer in <paramref name="filter"/>'s round (and group) to the worklist as a
    /// 帰還意向調査 campaign named after the round (and the group), in one transaction with its audit row, then rebuilds
    /// the queue. Returns the campaign and its size; no campaign (null) when every such household has answered.
    /// </summary>
    public async Task<(int CampaignId, string Name, int Households)?> StartIntentionSurveyAsync(IntentionHouseholdFilter filter, string roundName,
        OperatorContext by, CancellationToken cancellationToken = default)
    {
        var unanswered = filter with { Intention = IntentionHouseholdFilter.Unanswered };
        var name = unanswered.By is { } grouping
            ? $"帰還意向調査 {roundName}（{IntentionSummary.Heading(grouping)} {IntentionSummary.LabelOf(grouping, unanswered.Key ?? "")}）"
            : $"帰還意向調査 {roundName}";
        int campaignId, households;
        await using (var write = await AuditedWrite.BeginAsync(connections, time, by, cancellationToken))
        {
            var (connection, transaction) = (write.Connection, write.Transaction);
            campaignId = (int)await connection.ExecuteScalarAsync<long>(new CommandDefinition(connections.Dialect.Render(InsertCampaignSql), new
            {
                Name = name, Kind = (int)CampaignKind.IntentionSurvey, filter.RoundId, Now = write.Now, by.UserId,
            }, transaction, cancellationToken: cancellationToken));
            var args = new DynamicParameters(unanswered.Parameters(JapanTime.Today(time)));
            args.Add("CampaignId", campaignId);
            households = await connection.ExecuteAsync(new CommandDefinition(InsertUnansweredSql, args, transaction, cancellationToken: cancellationToken));
            if (households == 0)
            {
                return null;
            }
            await write.AuditAsync(AuditActions.StartCampaign, "campaign", Id(campaignId),
                details: $"{name}・{unanswered.Describe(roundName)} {households}世帯を発信リストへ");
            await write.CommitAsync();
        }
        await new OutboundQueue(connections, settings, time).RebuildAsync(cancellationToken);
        return (campaignId, name, households);
    }

    private const string ListSql = """
          SELECT c.CampaignId, c.Name, c.Kind, c.CreatedAt, u.DisplayName AS CreatedBy, c.EndedAt,
                 (SELECT COUNT(*) FROM OutboundCampaignHouseholds ch WHERE ch.CampaignId = c.CampaignId) AS Households,
                 (SELECT COUNT(*)
                    FROM OutboundCampaignHouseholds ch
                   WHERE ch.CampaignId = c.CampaignId
                     AND c.EndedAt IS NULL
                     AND NOT (c.Kind = 1 AND EXISTS (SELECT 1
                                                       FROM HouseholdIntentions hi
                                                      WHERE hi.RoundId = c.RoundId
                                                        AND hi.HouseholdId = ch.HouseholdId))
                     AND NOT (c.Kind = 2 AND EXISTS (SELECT 1
                                                       FROM AnnouncementDeliveries ad
                                                      WHERE ad.AnnouncementId = c.AnnouncementId
                                                        AND ad.HouseholdId = ch.HouseholdId))) AS Remaining
            FROM OutboundCampaigns c
            LEFT JOIN Users u ON u.UserId = c.CreatedBy
        ORDER BY CASE WHEN c.EndedAt IS NULL THEN 0 ELSE 1 END, c.CreatedAt DESC, c.CampaignId DESC
        """;

    /// <summary>Every campaign, running ones first, newest first, with its size and the households it still needs.</summary>
    public async Task<IReadOnlyList<CampaignSummary>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<Row>(new CommandDefinition(ListSql, cancellationToken: cancellationToken)))
            .Select(r => new CampaignSummary(r.CampaignId, r.Name, (CampaignKind)r.Kind, r.CreatedAt, r.CreatedBy, r.EndedAt, r.Households, r.Remaining))
            .ToList();
    }

    private const string EndSql = """
        UPDATE OutboundCampaigns
           SET EndedAt = @Now
         WHERE CampaignId = @CampaignId
           AND EndedAt IS NULL
        """;

    private const string NameSql = """
        SELECT Name
          FROM OutboundCampaigns
         WHERE CampaignId = @CampaignId
        """;

    /// <summary>Ends a running campaign (its households leave the queue unless a member needs confirming); false when it is not running.</summary>
    public async Task<bool> EndAsync(int campaignId, OperatorContext by, CancellationToken cancellationToken = default)
    {
        await using (var write = await AuditedWrite.BeginAsync(connections, time, by, cancellationToken))
        {
            var (connection, transaction) = (write.Connection, write.Transaction);
            var args = new { CampaignId = campaignId, write.Now };
            if (await connection.ExecuteAsync(new CommandDefinition(EndSql, args, transaction, cancellationToken: cancellationToken)) == 0)
            {
                return false;
            }
            var name = await connection.ExecuteScalarAsync<string>(new CommandDefinition(NameSql, args, transaction, cancellationToken: cancellationToken));
            await write.AuditAsync(AuditActions.EndCampaign, "campaign", Id(campaignId), details: $"{name} を終了");
            await write.CommitAsync();
        }
        await new OutboundQueue(connections, settings, time).RebuildAsync(cancellationToken);
        return true;
    }

    private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);

    private sealed class Row
    {
        public int CampaignId { get; init; }
        public string Name { get; init; } = "";
        public int Kind { get; init; }
        public DateTime CreatedAt { get; init; }
        public string? CreatedBy { get; init; }
        public DateTime? EndedAt { get; init; }
        public int Households { get; init; }
        public int Remaining { get; init; }
    }
}
