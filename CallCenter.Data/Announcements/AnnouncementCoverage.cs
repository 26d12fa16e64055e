using System.Globalization;
using CallCenter.Data.Audit;
using CallCenter.Data.Calls;
using CallCenter.Data.Common;
using CallCenter.Data.Dashboard;
using CallCenter.Data.Database;
using CallCenter.Data.Outbound;
using CallCenter.Data.Settings;
using CallCenter.Data.Towns;
using Dapper;

namespace CallCenter.Data.Announcements;

/// <summary>An announcement's coverage: households targeted now, told (targeted with a delivery), not yet told, and the trend.</summary>
/// <param name="Targeted">Households the announcement applies to now.</param>
/// <param name="Told">Of those, households with a delivery.</param>
/// <param name="Trend">Per Japan date, the targeted households first told that day (their sum is <see cref="Told"/>).</param>
public sealed record CoverageFigures(int Targeted, int Told, IReadOnlyList<(DateOnly Day, int Households)> Trend)
{
    /// <summary>Targeted households not yet told.</summary>
    public int NotYetTold => Targeted - Told;
}

/// <summary>
/// Coverage of an announcement, computed fresh on each read with two set queries over the targeting rule
/// (<see cref="AnnouncementTargeting"/>): one count over the households (index seeks per household, no per-row
/// round trip), and the first delivery of each told household read from the deliveries' index by announcement. Nothing
/// is kept in step, so the figures cannot drift from the rows when residents move or members die. Also hands the
/// not-yet-told households to the outbound worklist as a campaign (<see cref="CampaignKind.Announcement"/>).
/// </summary>
public sealed class AnnouncementCoverage(ConnectionFactory connections, SettingsRepository settings, TimeProvider time)
{
    private const string TargetedSql = $"""
        SELECT COUNT(*)
          FROM Households h
          JOIN Announcements a ON a.AnnouncementId = @AnnouncementId
         WHERE {AnnouncementTargeting.Applies} /*towns*/
        """;

    // Driven by IX_AnnouncementDeliveries_Announcement: only the households told are read, then checked against the rule.
    private const string FirstToldSql = $"""
          SELECT d.HouseholdId, MIN(d.ToldAt) AS FirstToldAt
            FROM AnnouncementDeliveries d
            JOIN Households h ON h.HouseholdId = d.HouseholdId
            JOIN Announcements a ON a.AnnouncementId = d.AnnouncementId
           WHERE d.AnnouncementId = @AnnouncementId
             AND {AnnouncementTargeting.Applies} /*towns*/
        GROUP BY d.HouseholdId
        """;

    /// <summary>The announcement's coverage now among the households of <paramref name="scope"/>'s towns.</summary>
    public async Task<CoverageFigures> FiguresAsync(int announcementId, TownScope scope, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var args = new { AnnouncementId = announcementId, scope.TownIds };
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var transaction = await connections.Dialect.BeginReadAsync(connection, cancellationToken);
        var targeted = await connection.ExecuteScalarAsync<int>(new CommandDefinition(TownFilter.Apply(TargetedSql, scope, "h.TownId"), args, transaction,
            cancellationToken: cancellationToken));
        var first = await connection.QueryAsync<(long HouseholdId, DateTime FirstToldAt)>(new CommandDefinition(TownFilter.Apply(FirstToldSql, scope, "h.TownId"), args, transaction,
            cancellationToken: cancellationToken));
        var trend = first.GroupBy(f => DateOnly.FromDateTime(JapanTime.FromUtc(f.FirstToldAt)))
            .OrderBy(g => g.Key).Select(g => (g.Key, g.Count())).ToList();
        return new CoverageFigures(targeted, trend.Sum(t => t.Item2), trend);
    }

    private const string RunningCampaignSql = """
        SELECT Name
          FROM OutboundCampaigns
         WHERE AnnouncementId = @AnnouncementId
           AND EndedAt IS NULL
        """;

    private const string StateSql = """
        SELECT Title, ValidFrom, ValidTo, WithdrawnAt
          FROM Announcements
         WHERE AnnouncementId = @AnnouncementId
        """;

    private const string InsertCampaignSql = """
        INSERT INTO OutboundCampaigns (Name, Kind, AnnouncementId, CreatedAt, CreatedBy)
             VALUES (@Name, @Kind, @AnnouncementId, @Now, @UserId);
        {last_id}
        """;

    private const string InsertNotYetToldSql = $"""
        INSERT INTO OutboundCampaignHouseholds (CampaignId, HouseholdId)
        SELECT @CampaignId, h.HouseholdId
          FROM Households h
          JOIN Announcements a ON a.AnnouncementId = @AnnouncementId
         WHERE {AnnouncementTargeting.Applies}
           AND NOT EXISTS (SELECT 1
                             FROM AnnouncementDeliveries d
                            WHERE d.AnnouncementId = a.AnnouncementId
                              AND d.HouseholdId = h.HouseholdId) /*towns*/
        """;

    /// <summary>
    /// Hands the targeted households not yet told to the worklist as an お知らせ伝達 campaign named after the announcement,
    /// in one transaction with its audit row, then rebuilds the queue; a household leaves it once told (anywhere). Refused
    /// (the message in Japanese) when the announcement is not current, a campaign for it is running, or nobody is left.
    /// Only households of <paramref name="scope"/>'s towns within the creator's own towns go to the campaign
    /// (<see cref="OutboundCampaigns.CampaignTownsAsync"/>).
    /// </summary>
    public async Task<(int? CampaignId, string? Name, int Households, string? Error)> StartCampaignAsync(int announcementId, OperatorContext by,
        TownScope scope, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        string name;
        int campaignId, households;
        await using (var write = await AuditedWrite.BeginAsync(connections, time, by, cancellationToken))
        {
            var (connection, transaction) = (write.Connection, write.Transaction);
            var args = new DynamicParameters(new { AnnouncementId = announcementId, Kind = (int)CampaignKind.Announcement, write.Now, by.UserId });
            var a = await connection.QuerySingleOrDefaultAsync<StoredState>(
                new CommandDefinition(StateSql, args, transaction, cancellationToken: cancellationToken));
            var today = DateOnly.FromDateTime(JapanTime.FromUtc(write.Now));
            if (a is null)
            {
                return (null, null, 0, "このお知らせは見つかりません。");
            }
            if (!a.IsCurrentOn(today))
            {
                return (null, null, 0, "掲示中のお知らせだけを発信リストへ渡せます。");
            }
            if (await connection.ExecuteScalarAsync<string>(new CommandDefinition(RunningCampaignSql, args, transaction, cancellationToken: cancellationToken))
                is { } running)
            {
                return (null, null, 0, $"このお知らせのキャンペーン「{running}」が実施中です。");
            }
            var (towns, townProblem, townsPhrase) = await OutboundCampaigns.CampaignTownsAsync(connection, transaction, by, scope, cancellationToken);
            if (townProblem is not null)
            {
                return (null, null, 0, townProblem);
            }
            args.Add("TownIds", towns.TownIds);
            name = $"お知らせ伝達 {a.Title}";
            args.Add("Name", name);
            campaignId = (int)await connection.ExecuteScalarAsync<long>(new CommandDefinition(connections.Dialect.Render(InsertCampaignSql), args, transaction,
                cancellationToken: cancellationToken));
            args.Add("CampaignId", campaignId);
            households = await connection.ExecuteAsync(new CommandDefinition(TownFilter.Apply(InsertNotYetToldSql, towns, "h.TownId"), args, transaction, cancellationToken: cancellationToken));
            if (households == 0)
            {
                return (null, null, 0, "まだ伝えていない世帯はありません。");
            }
            await write.AuditAsync(AuditActions.StartCampaign, "campaign", campaignId.ToString(CultureInfo.InvariantCulture),
                details: $"{name}・未伝達{townsPhrase} {households}世帯を発信リストへ");
            await write.CommitAsync();
        }
        await new OutboundQueue(connections, settings, time).RebuildAsync(cancellationToken);
        return (campaignId, name, households, null);
    }
}
