using System.Data.Common;
using CallCenter.Data.Common;
using CallCenter.Data.Database;
using Dapper;

namespace CallCenter.Data.Demo;

/// <summary>
/// The demo town's announcements (お知らせ, issue 18): 一時帰宅の申込受付 (重要, everyone), 賠償説明会 (households now in
/// 福島県), 健康診断 (households with a vulnerable member), one for the largest district only, and one 公開 notice; and
/// deliveries to about one household in six for the first and the district one over the last week, as calls would have
/// left them. Written in the seeding transaction. In a joint demo (<c>Demo:Towns</c> above 1) a 行政区 target also
/// names the first town (its 町 target): district names repeat across towns, and the district is the first town's.
/// </summary>
internal static class DemoAnnouncements
{
    private const string InsertSql = """
        INSERT INTO Announcements (Title, Body, ValidFrom, ValidTo, Priority, IsPublic, ForVulnerable, CreatedAt, CreatedBy, UpdatedAt, UpdatedBy, Version)
             VALUES (@Title, @Body, @ValidFrom, @ValidTo, @Priority, @IsPublic, @ForVulnerable, @Now, NULL, @Now, NULL, 0);
        {last_id}
        """;

    private const string InsertTargetSql = """
        INSERT INTO AnnouncementTargets (AnnouncementId, Kind, Value)
             VALUES (@AnnouncementId, @Kind, @Value)
        """;

    private const string InsertDeliverySql = """
        INSERT INTO AnnouncementDeliveries (AnnouncementId, HouseholdId, CallId, AttemptId, ToldAt, ToldBy)
             VALUES (@AnnouncementId, @HouseholdId, NULL, NULL, @ToldAt, @ToldBy)
        """;

    private const string OperatorsSql = """
          SELECT UserId
            FROM Users
           WHERE Role IN (1, 2)
        ORDER BY UserId
        """;

    /// <summary>
    /// Writes the announcements and their deliveries; <paramref name="households"/>: every household (of the first town)
    /// with its district; <paramref name="townCode"/>: the first town's code when the demo has several towns (null: one town).
    /// </summary>
    public static async Task SeedAsync(DbConnection connection, DbTransaction transaction, SqlDialect dialect,
        IReadOnlyList<(long HouseholdId, string? District)> households, int seed, DateTime nowUtc, CancellationToken ct, string? townCode = null)
    {
        if (households.Count == 0)
        {
            return;
        }
        var today = DateOnly.FromDateTime(JapanTime.FromUtc(nowUtc));
        var district = households.Where(h => h.District is not null).GroupBy(h => h.District!).MaxBy(g => g.Count())?.Key;
        var visit = await InsertAsync(connection, transaction, dialect, nowUtc, "一時帰宅の申込受付（来月実施分）",
            "来月の一時帰宅（立入り）の申込を受け付けています。\n申込期限: 今月20日まで\n申込先: 役場 総務課 一時帰宅担当（0240-00-1111）\n" +
            "同行される方の人数と、車の有無をお知らせください。", today.AddDays(-10), today.AddDays(20), 1, false, false, [], ct);
        await InsertAsync(connection, transaction, dialect, nowUtc, "賠償説明会の開催（いわき市・郡山市）",
            "東京電力による賠償の説明会を開きます。\n・いわき市会場: 来週土曜 13時〜\n・郡山市会場: 来週日曜 13時〜\n事前の申込は不要です。",
            today.AddDays(-3), today.AddDays(30), 2, false, false, [(2, "7")], ct);
        await InsertAsync(connection, transaction, dialect, nowUtc, "健康診断のご案内（避難先での受診）",
            "避難先の医療機関で町の健康診断を受けられます。\n受診券をお送りしますので、送付先をお伝えください。\n介助が必要な方は付き添いの方の分もご相談ください。",
            today.AddDays(-5), today.AddDays(40), 2, false, true, [], ct);
        var local = district is null ? (long?)null : await InsertAsync(connection, transaction, dialect, nowUtc, $"{district}地区 集会所の再開",
            $"{district}地区の集会所を再開しました。\n毎週水曜 10時〜15時、町職員が相談を受け付けます。", today.AddDays(-1), today.AddDays(14), 2, false, false,
            townCode is null ? [(1, district)] : [(1, district), (4, townCode)], ct);
        await InsertAsync(connection, transaction, dialect, nowUtc, "役場 臨時窓口の開設（いわき出張所）",
            "いわき市内に役場の臨時窓口を開設しました。\n各種証明書の発行と、生活の相談を受け付けます。\n開庁時間: 平日 8時30分〜17時15分",
            today.AddDays(-7), null, 2, true, false, [], ct);

        var operators = (await connection.QueryAsync<long>(new CommandDefinition(OperatorsSql, transaction: transaction, cancellationToken: ct))).AsList();
        var random = new Random(seed + 18);
        foreach (var (id, inDistrict, days) in new[] { (visit, (string?)null, 9), (local ?? 0, district, 1) })
        {
            if (id == 0)
            {
                continue;
            }
            foreach (var h in households.Where(h => (inDistrict is null || h.District == inDistrict) && random.Next(6) == 0))
            {
                var toldAt = nowUtc.AddMinutes(-random.Next(10, days * 24 * 60));
                await connection.ExecuteAsync(new CommandDefinition(InsertDeliverySql, new
                {
                    AnnouncementId = id, h.HouseholdId, ToldAt = toldAt,
                    ToldBy = operators.Count == 0 ? (long?)null : operators[random.Next(operators.Count)],
                }, transaction, cancellationToken: ct));
            }
        }
    }

    private static async Task<long> InsertAsync(DbConnection connection, DbTransaction transaction, SqlDialect dialect, DateTime nowUtc, string title, string body,
        DateOnly from, DateOnly? to, byte priority, bool isPublic, bool forVulnerable, (byte Kind, string Value)[] targets, CancellationToken ct)
    {
        var id = await connection.ExecuteScalarAsync<long>(new CommandDefinition(dialect.Render(InsertSql), new
        {
            Title = title, Body = body, ValidFrom = from, ValidTo = to, Priority = priority, IsPublic = isPublic, ForVulnerable = forVulnerable, Now = nowUtc,
        }, transaction, cancellationToken: ct));
        foreach (var (kind, value) in targets)
        {
            await connection.ExecuteAsync(new CommandDefinition(InsertTargetSql, new { AnnouncementId = id, Kind = kind, Value = value }, transaction, cancellationToken: ct));
        }
        return id;
    }
}
