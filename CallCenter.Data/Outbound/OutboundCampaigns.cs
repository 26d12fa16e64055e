using System.Globalization;
using CallCenter.Data.Audit;
using CallCenter.Data.Calls;
using CallCenter.Data.Common;
using CallCenter.Data.Dashboard;
using CallCenter.Data.Database;
using CallCenter.Data.Intentions;
using CallCenter.Data.Settings;
using CallCenter.Data.Towns;
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
         WHERE {IntentionHouseholdFilter.Where} /*towns*/
        """;

    /// <summary>
    /// Hands the households without a counting answer in <paramref name="filter"/>'s round (and group) of
    /// <paramref name="towns"/>' towns to the worklist as a 帰還意向調査 campaign named after the round (and the group), in
    /// one transaction with its audit row, then rebuilds the queue. The towns are the page's choice; they never go beyond
    /// the creator's own towns (read from their account here): <see cref="TownScope.All"/> means "all of mine", and a
    /// named town outside them is refused with a message, nothing written. Returns the campaign and its size, or the
    /// message; no campaign (and no message) when every such household has answered.
    /// </summary>
    public async Task<CampaignStart> StartIntentionSurveyAsync(IntentionHouseholdFilter filter, string roundName, OperatorContext by, TownScope towns,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(towns);
        var unanswered = filter with { Intention = IntentionHouseholdFilter.Unanswered };
        var name = unanswered.By is { } grouping
            ? $"帰還意向調査 {roundName}（{IntentionSummary.Heading(grouping)} {IntentionSummary.LabelOf(grouping, unanswered.Key ?? "")}）"
            : $"帰還意向調査 {roundName}";
        int campaignId, households;
        await using (var write = await AuditedWrite.BeginAsync(connections, time, by, cancellationToken))
        {
            var (connection, transaction) = (write.Connection, write.Transaction);
            var (scope, problem, townsPhrase) = await CampaignTownsAsync(connection, transaction, by, towns, cancellationToken);
            if (problem is not null)
            {
                await write.RollbackAsync();
                return CampaignStart.Fail(problem);
            }
            campaignId = (int)await connection.ExecuteScalarAsync<long>(new CommandDefinition(connections.Dialect.Render(InsertCampaignSql), new
            {
                Name = name, Kind = (int)CampaignKind.IntentionSurvey, filter.RoundId, Now = write.Now, by.UserId,
            }, transaction, cancellationToken: cancellationToken));
            var args = new DynamicParameters(unanswered.Parameters(JapanTime.Today(time)));
            args.Add("CampaignId", campaignId);
            args.Add("TownIds", scope.TownIds);
            households = await connection.ExecuteAsync(new CommandDefinition(TownFilter.Apply(InsertUnansweredSql, scope, "ih.TownId"), args, transaction,
                cancellationToken: cancellationToken));
            if (households == 0)
            {
                return CampaignStart.None;
            }
            await write.AuditAsync(AuditActions.StartCampaign, "campaign", Id(campaignId),
                details: $"{name}・{unanswered.Describe(roundName)}{townsPhrase} {households}世帯を発信リストへ");
            await write.CommitAsync();
        }
        await new OutboundQueue(connections, settings, time).RebuildAsync(cancellationToken);
        return new CampaignStart(campaignId, name, households, null);
    }

    private const string TownsOfScopeSql = """
          SELECT TownId, Name
            FROM Towns
        ORDER BY TownId
        """;

    /// <summary>
    /// The towns a campaign the creator starts may cover: <paramref name="requested"/> within the creator's own towns
    /// (all of theirs when <paramref name="requested"/> is all towns). A requested town outside their towns is a problem
    /// naming it. Also the phrase for the audit row (「・浜風町」) when several towns exist and the campaign does not
    /// cover all of them.
    /// </summary>
    internal static async Task<(TownScope Scope, string? Problem, string Phrase)> CampaignTownsAsync(System.Data.Common.DbConnection connection,
        System.Data.Common.DbTransaction transaction, OperatorContext by, TownScope requested, CancellationToken cancellationToken)
    {
        var own = by.UserId is { } userId ? await OutboundTowns.ScopeOfUserAsync(connection, transaction, userId, cancellationToken) : TownScope.All;
        var all = (await connection.QueryAsync<TownRow>(new CommandDefinition(TownsOfScopeSql, transaction: transaction,
            cancellationToken: cancellationToken))).AsList();
        if ((requested.TownIds ?? []).Where(id => !own.Includes(id)).Select(id => (int?)id).FirstOrDefault() is { } outside)
        {
            var town = all.FirstOrDefault(t => t.TownId == outside)?.Name ?? $"町 {outside}";
            return (requested, $"{town}の世帯はキャンペーンに含められません（あなたの担当する町ではありません）。", "");
        }
        var scope = requested.IsAll ? own : requested;
        var covered = all.Where(t => scope.Includes(t.TownId)).Select(t => t.Name).ToList();
        var phrase = all.Count > 1 && covered.Count < all.Count ? $"・{string.Join("、", covered)}" : "";
        return (scope, null, phrase);
    }

    private const string ListSql = """
          SELECT c.CampaignId, c.Name, c.Kind, c.CreatedAt, u.DisplayName AS CreatedBy, c.EndedAt,
                 (SELECT COUNT(*) FROM OutboundCampaignHouseholds ch WHERE ch.CampaignId = c.CampaignId /*campaign-towns*/) AS Households,
                 (SELECT COUNT(*)
                    FROM OutboundCampaignHouseholds ch
                   WHERE ch.CampaignId = c.CampaignId /*campaign-towns*/
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
           WHERE 1 = 1 /*visible*/
        ORDER BY CASE WHEN c.EndedAt IS NULL THEN 0 ELSE 1 END, c.CreatedAt DESC, c.CampaignId DESC
        """;

    // A campaign household of the scope's towns (ch: OutboundCampaignHouseholds).
    private const string CampaignHouseholdInTowns = " AND ch.HouseholdId IN (SELECT h.HouseholdId FROM Households h WHERE h.TownId IN @TownIds)";

    // A campaign with a household of the scope's towns (c: OutboundCampaigns).
    private const string CampaignVisible = """
         AND EXISTS (SELECT 1
                       FROM OutboundCampaignHouseholds ch
                       JOIN Households h ON h.HouseholdId = ch.HouseholdId
                      WHERE ch.CampaignId = c.CampaignId
                        AND h.TownId IN @TownIds)
        """;

    /// <summary>
    /// The campaigns with households of <paramref name="scope"/>'s towns, running ones first, newest first, with their
    /// size and the households they still need, counting only households of those towns.
    /// </summary>
    public async Task<IReadOnlyList<CampaignSummary>> ListAsync(TownScope scope, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var sql = scope.IsAll
            ? ListSql.Replace("/*campaign-towns*/", "", StringComparison.Ordinal).Replace("/*visible*/", "", StringComparison.Ordinal)
            : ListSql.Replace("/*campaign-towns*/", CampaignHouseholdInTowns, StringComparison.Ordinal).Replace("/*visible*/", CampaignVisible, StringComparison.Ordinal);
        await using var connection = await connections.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<Row>(new CommandDefinition(sql, new { scope.TownIds }, cancellationToken: cancellationToken)))
            .Select(r => new CampaignSummary(r.CampaignId, r.Name, (CampaignKind)r.Kind, r.CreatedAt, r.CreatedBy, r.EndedAt, r.Households, r.Remaining))
            .ToList();
    }

    // Only a campaign all of whose households are of the scope's towns (/*towns*/: none of another town).
    private const string EndSql = """
        UPDATE OutboundCampaigns
           SET EndedAt = @Now
         WHERE CampaignId = @CampaignId
           AND EndedAt IS NULL /*towns*/
        """;

    private const string NoHouseholdOutsideTowns = """
         AND NOT EXISTS (SELECT 1
                           FROM OutboundCampaignHouseholds ch
                           JOIN Households h ON h.HouseholdId = ch.HouseholdId
                          WHERE ch.CampaignId = @CampaignId
                            AND h.TownId NOT IN @TownIds)
        """;

    private const string NameSql = """
        SELECT Name
          FROM OutboundCampaigns
         WHERE CampaignId = @CampaignId
        """;

    /// <summary>
    /// Ends a running campaign (its households leave the queue unless a member needs confirming); false when it is not
    /// running, or when it has households of a town outside <paramref name="scope"/> (a one-town supervisor cannot end
    /// a campaign that also calls other towns).
    /// </summary>
    public async Task<bool> EndAsync(int campaignId, TownScope scope, OperatorContext by, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        await using (var write = await AuditedWrite.BeginAsync(connections, time, by, cancellationToken))
        {
            var (connection, transaction) = (write.Connection, write.Transaction);
            var args = new { CampaignId = campaignId, write.Now, scope.TownIds };
            var end = EndSql.Replace("/*towns*/", scope.IsAll ? "" : NoHouseholdOutsideTowns, StringComparison.Ordinal);
            if (await connection.ExecuteAsync(new CommandDefinition(end, args, transaction, cancellationToken: cancellationToken)) == 0)
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

    private sealed class TownRow
    {
        public int TownId { get; init; }
        public string Name { get; init; } = "";
    }

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
