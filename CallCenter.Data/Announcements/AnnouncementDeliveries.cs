using System.Globalization;
using CallCenter.Data.Audit;
using CallCenter.Data.Common;
using CallCenter.Data.Database;
using CallCenter.Data.Towns;
using Dapper;

namespace CallCenter.Data.Announcements;

/// <summary>
/// 伝達記録: which announcements apply to a household now (the call form's 「伝えること」, the outbound card), the rows
/// written when an operator ticks 伝達済 (inside the call's or the attempt's transaction, <see cref="AppendAsync"/>), and
/// the household's history for the resident page. Rows are append-only (migration 0019's triggers).
/// </summary>
public sealed class AnnouncementDeliveries(ConnectionFactory connections, TimeProvider time)
{
    private const string ForHouseholdSql = $"""
          SELECT a.AnnouncementId, a.Title, a.Body, a.Priority, a.ValidFrom, a.ValidTo,
                 (SELECT MAX(d.ToldAt)
                    FROM AnnouncementDeliveries d
                   WHERE d.AnnouncementId = a.AnnouncementId
                     AND d.HouseholdId = h.HouseholdId) AS LastToldAt
            FROM Households h
            JOIN Announcements a ON {AnnouncementTargeting.Current}
           WHERE h.HouseholdId = @HouseholdId /*towns*/
             AND {AnnouncementTargeting.Applies}
        ORDER BY a.Priority, a.ValidFrom DESC, a.AnnouncementId DESC
        """;

    /// <summary>
    /// The current announcements that apply to a household of <paramref name="scope"/>'s towns (none for a household of
    /// another town): 重要 first, then the newest.
    /// </summary>
    public async Task<IReadOnlyList<HouseholdAnnouncement>> ForHouseholdAsync(int householdId, TownScope scope, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        await using var connection = await connections.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<Row>(new CommandDefinition(Dashboard.TownFilter.Apply(ForHouseholdSql, scope, "h.TownId"),
                new { HouseholdId = householdId, Today = JapanTime.Today(time), scope.TownIds },
                cancellationToken: cancellationToken)))
            .Select(r => new HouseholdAnnouncement(r.AnnouncementId, r.Title, r.Body, (AnnouncementPriority)r.Priority, r.ValidFrom, r.ValidTo, r.LastToldAt))
            .ToList();
    }

    private const string HistorySql = """
          SELECT d.DeliveryId, d.AnnouncementId, a.Title, d.ToldAt, u.DisplayName AS ToldBy, d.CallId, d.AttemptId
            FROM AnnouncementDeliveries d
            JOIN Announcements a ON a.AnnouncementId = d.AnnouncementId
            LEFT JOIN Users u ON u.UserId = d.ToldBy
           WHERE d.HouseholdId = @HouseholdId
        ORDER BY d.ToldAt DESC, d.DeliveryId DESC
        """;

    /// <summary>What a household has been told, newest first, by whom and in which call or attempt (the resident page's panel).</summary>
    public async Task<IReadOnlyList<AnnouncementDelivery>> HistoryAsync(int householdId, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<DeliveryRow>(new CommandDefinition(HistorySql, new { HouseholdId = householdId },
                cancellationToken: cancellationToken)))
            .Select(d => new AnnouncementDelivery(d.DeliveryId, d.AnnouncementId, d.Title, d.ToldAt, d.ToldBy, d.CallId, d.AttemptId))
            .ToList();
    }

    private const string StateSql = """
        SELECT AnnouncementId, Title, ValidFrom, ValidTo, WithdrawnAt
          FROM Announcements
         WHERE AnnouncementId = @AnnouncementId
        """;

    private const string InsertSql = """
        INSERT INTO AnnouncementDeliveries (AnnouncementId, HouseholdId, CallId, AttemptId, ToldAt, ToldBy)
             VALUES (@AnnouncementId, @HouseholdId, @CallId, @AttemptId, @Now, @UserId)
        """;

    /// <summary>
    /// Writes one delivery per announcement in <paramref name="announcementIds"/> for the household, inside
    /// <paramref name="write"/>'s transaction (the caller commits), with one audit row. Each announcement must still be
    /// current: one withdrawn or ended while the form was open refuses the whole write with a message naming it (nothing
    /// is written; the caller must not commit).
    /// </summary>
    /// <returns>null when written (or nothing to write), else the refusal in Japanese.</returns>
    public static async Task<string?> AppendAsync(AuditedWrite write, int householdId, IReadOnlyList<int>? announcementIds, long? callId, long? attemptId,
        CancellationToken cancellationToken = default)
    {
        if (announcementIds is not { Count: > 0 })
        {
            return null;
        }
        var today = DateOnly.FromDateTime(JapanTime.FromUtc(write.Now));
        var titles = new List<string>();
        foreach (var id in announcementIds.Distinct())
        {
            var a = await write.Connection.QuerySingleOrDefaultAsync<StateRow>(new CommandDefinition(StateSql, new { AnnouncementId = id }, write.Transaction,
                cancellationToken: cancellationToken));
            if (a is null)
            {
                return "伝えたお知らせが見つかりません。画面を開き直してください。";
            }
            if (a.WithdrawnAt is not null)
            {
                return $"お知らせ「{a.Title}」は取り下げられました。「伝えること」の印を外してから保存してください。";
            }
            if (a.ValidFrom > today || a.ValidTo is { } to && to < today)
            {
                return $"お知らせ「{a.Title}」は掲示期間外です。「伝えること」の印を外してから保存してください。";
            }
            await write.Connection.ExecuteAsync(new CommandDefinition(InsertSql, new
            {
                AnnouncementId = id, HouseholdId = householdId, CallId = callId, AttemptId = attemptId, write.Now, write.By.UserId,
            }, write.Transaction, cancellationToken: cancellationToken));
            titles.Add($"「{a.Title}」");
        }
        await write.AuditAsync(AuditActions.TellAnnouncement, "household", householdId.ToString(CultureInfo.InvariantCulture),
            details: AuditDetails.Join($"伝達 {string.Join("", titles)}",
                callId is { } c ? $"通話 #{c.ToString(CultureInfo.InvariantCulture)}" : null,
                attemptId is { } t ? $"発信 #{t.ToString(CultureInfo.InvariantCulture)}" : null));
        return null;
    }

    private const string HouseholdOfSql = """
        SELECT HouseholdId
          FROM Residents
         WHERE ResidentId = @ResidentId
        """;

    /// <summary>
    /// <see cref="AppendAsync"/> for a call (called by <see cref="Calls.CallRecordingService"/> inside its transaction): the
    /// household is the one of the persons the call was about.
    /// </summary>
    public static async Task<string?> AppendForCallAsync(AuditedWrite write, IReadOnlyList<int> residentIds, IReadOnlyList<int>? announcementIds,
        long callId, CancellationToken cancellationToken = default)
    {
        if (announcementIds is not { Count: > 0 })
        {
            return null;
        }
        int? householdId = null;
        foreach (var residentId in residentIds)
        {
            householdId ??= await write.Connection.ExecuteScalarAsync<int?>(new CommandDefinition(HouseholdOfSql, new { ResidentId = residentId },
                write.Transaction, cancellationToken: cancellationToken));
        }
        return householdId is { } id
            ? await AppendAsync(write, id, announcementIds, callId, null, cancellationToken)
            : "世帯のない人の通話には伝達記録を残せません。「伝えること」の印を外してください。";
    }

    private sealed class Row
    {
        public int AnnouncementId { get; init; }
        public string Title { get; init; } = "";
        public string Body { get; init; } = "";
        public int Priority { get; init; }
        public DateOnly ValidFrom { get; init; }
        public DateOnly? ValidTo { get; init; }
        public DateTime? LastToldAt { get; init; }
    }

    private sealed class DeliveryRow
    {
        public long DeliveryId { get; init; }
        public int AnnouncementId { get; init; }
        public string Title { get; init; } = "";
        public DateTime ToldAt { get; init; }
        public string? ToldBy { get; init; }
        public long? CallId { get; init; }
        public long? AttemptId { get; init; }
    }

    private sealed class StateRow
    {
        public int AnnouncementId { get; init; }
        public string Title { get; init; } = "";
        public DateOnly ValidFrom { get; init; }
        public DateOnly? ValidTo { get; init; }
        public DateTime? WithdrawnAt { get; init; }
    }
}
