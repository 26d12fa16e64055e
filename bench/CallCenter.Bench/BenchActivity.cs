using System.Diagnostics;
using System.Globalization;
using CallCenter.Data.Common;
using CallCenter.Data.Database;
using CallCenter.Data.Settings;
using Dapper;

namespace CallCenter.Bench;

/// <summary>
/// A month of call-center activity on the bench register, added set-based right after the import so that every
/// scenario after it (search, save, dashboard, 「次へ」, exports) runs on a register that looks worked: 60 operators
/// at two sites with open sessions, the disaster 30 days ago, one call per resident (front-loaded in the first
/// days, a quarter outbound), three reports per resident (one in that call, a shelter list and an agency's report a
/// day or two later; about a quarter of the residents still 未確認, their reports saying so), and today 20,000
/// calls with one report each. Residents' current statuses and first confirmations are set from their newest and
/// first confirming reports, as the product's report writer sets them; the dashboard summaries follow through the
/// schema's triggers, exactly as they do for the product's writes. SQLite only (the bench runs on SQLite): one
/// transaction of INSERT … SELECT statements, no per-row round trip.
/// </summary>
public static class BenchActivity
{
    public const int Operators = 60;
    public const int CallsToday = 20_000;
    public const int DaysSinceDisaster = 30;

    private const string OperatorsTableSql = """
        CREATE TEMP TABLE IF NOT EXISTS BenchOperators (Slot INTEGER PRIMARY KEY, UserId INTEGER NOT NULL, Site TEXT NOT NULL);
        DELETE FROM temp.BenchOperators;
        """;

    private const string InsertOperatorSql = """
        INSERT INTO Users (UserName, DisplayName, Role, Site, PasswordHash, CreatedAt)
        VALUES (@UserName, @DisplayName, 1, @Site, 'bench: no sign-in', @Now)
        ON CONFLICT (UserName) DO UPDATE SET Site = excluded.Site;
        INSERT INTO temp.BenchOperators (Slot, UserId, Site)
        SELECT @Slot, UserId, @Site FROM Users WHERE UserName = @UserName;
        INSERT INTO UserSessions (SessionId, UserId, Site, CreatedAt, LastSeenAt)
        SELECT 'bench-' || @Slot || '-' || @Stamp, UserId, @Site, @Now, @Now FROM Users WHERE UserName = @UserName;
        """;

    // The status a resident's reports carry: a quarter still 未確認, most 無事, a few 負傷, 入院中, 行方不明, 死亡.
    private const string StatusCase = """
        CASE WHEN b < 25 THEN 0 WHEN b < 90 THEN 1 WHEN b < 94 THEN 2 WHEN b < 97 THEN 3 WHEN b < 99 THEN 4 ELSE 5 END
        """;

    // One call per registered resident, front-loaded (the square of a uniform draw) over the days before today.
    private const string ResidentCallsSql = """
        WITH c AS (
            SELECT r.ResidentId, o.UserId, o.Site,
                   datetime(@DisasterUtc, '+' || (@HistorySeconds * ((r.ResidentId * 7919) % 10007) * ((r.ResidentId * 7919) % 10007) / 100140049) || ' seconds') AS StartedAt
              FROM Residents r
              JOIN temp.BenchOperators o ON o.Slot = r.ResidentId % @Operators
             WHERE r.IsProvisional = 0 AND r.MergedIntoResidentId IS NULL)
        INSERT INTO Calls (CallId, Direction, CallerName, CallerRelation, OperatorUserId, Site, StartedAt, EndedAt, WrapUpCodeId)
        SELECT @CallBase + ResidentId, CASE WHEN ResidentId % 4 = 0 THEN 2 ELSE 1 END,
               CASE WHEN ResidentId % 4 = 0 THEN NULL ELSE '汐見 太郎' END, CASE WHEN ResidentId % 4 = 0 THEN NULL ELSE '長男' END,
               UserId, Site, StartedAt, datetime(StartedAt, '+180 seconds'),
               CASE WHEN ResidentId % 4 = 0 THEN NULL ELSE @WrapUpCodeId END
          FROM c;
        INSERT INTO CallResidents (CallId, ResidentId)
        SELECT @CallBase + ResidentId, ResidentId
          FROM Residents
         WHERE IsProvisional = 0 AND MergedIntoResidentId IS NULL;
        """;

    // Three reports per resident: in its call, then a shelter list a day later and an agency's report two days later
    // (never after now).
    private const string ResidentReportsSql = $"""
        WITH p AS (
            SELECT r.ResidentId, c.CallId, c.OperatorUserId, c.StartedAt, (r.ResidentId * 104729) % 100 AS b
              FROM Residents r
              JOIN Calls c ON c.CallId = @CallBase + r.ResidentId
             WHERE r.IsProvisional = 0 AND r.MergedIntoResidentId IS NULL),
        k AS (SELECT 1 AS n UNION ALL SELECT 2 UNION ALL SELECT 3),
        s AS (
            SELECT p.ResidentId, CASE WHEN k.n = 1 THEN p.CallId END AS CallId, {StatusCase} AS Status,
                   CASE k.n WHEN 1 THEN 2 WHEN 2 THEN 4 ELSE 5 END AS Source, b, k.n,
                   CASE WHEN k.n = 1 THEN p.OperatorUserId END AS OperatorUserId,
                   min(datetime(p.StartedAt, '+' || (120 + (k.n - 1) * 86400) || ' seconds'), @NowUtc) AS ReportedAt
              FROM p CROSS JOIN k)
        INSERT INTO SafetyReports (ResidentId, CallId, Status, Source, WhereaboutsType, PrefectureCode, Municipality, Place,
                                   ReporterName, OperatorUserId, ReportedAt, RecordedAt)
        SELECT ResidentId, CallId, Status, Source,
               CASE WHEN Status = 0 THEN NULL ELSE 1 + (ResidentId + n) % 10 END,
               CASE WHEN Status = 0 THEN NULL WHEN ResidentId % 5 = 0 THEN 13 ELSE 7 END,
               CASE WHEN Status = 0 THEN NULL WHEN ResidentId % 5 = 0 THEN '新宿区' ELSE '会津若松市' END,
               CASE WHEN Status = 0 THEN NULL ELSE '避難所 第' || (ResidentId % 40 + 1) || '番' END,
               CASE WHEN n = 1 THEN '汐見 太郎' END, OperatorUserId, ReportedAt, ReportedAt
          FROM s
         ORDER BY ReportedAt;
        """;

    // Today's calls, spread over the working day so far (from 08:00 Japan time when it is later than 09:00), each about
    // one resident with one report.
    private const string TodaySql = $"""
        WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < @CallsToday)
        INSERT INTO Calls (CallId, Direction, CallerName, CallerRelation, OperatorUserId, Site, StartedAt, EndedAt, WrapUpCodeId)
        SELECT @TodayBase + n.i, 1, '汐見 花子', '長女', o.UserId, o.Site,
               datetime(@TodayFromUtc, '+' || ((n.i * 7919) % @TodaySeconds) || ' seconds'),
               datetime(@TodayFromUtc, '+' || ((n.i * 7919) % @TodaySeconds + 150) || ' seconds'), @WrapUpCodeId
          FROM n
          JOIN temp.BenchOperators o ON o.Slot = n.i % @Operators;
        WITH t AS (
            SELECT c.CallId, c.OperatorUserId, c.StartedAt, r.ResidentId, (r.ResidentId * 104729) % 100 AS b
              FROM Calls c
              JOIN Residents r ON r.ResidentId = ((c.CallId - @TodayBase) * 104729) % @MaxResidentId + 1
             WHERE c.CallId > @TodayBase AND r.IsProvisional = 0 AND r.MergedIntoResidentId IS NULL)
        INSERT INTO SafetyReports (ResidentId, CallId, Status, Source, WhereaboutsType, PrefectureCode, Municipality, Place,
                                   ReporterName, OperatorUserId, ReportedAt, RecordedAt)
        SELECT ResidentId, CallId, {StatusCase}, 2, CASE WHEN b < 25 THEN NULL ELSE 4 END,
               CASE WHEN b < 25 THEN NULL ELSE 7 END, CASE WHEN b < 25 THEN NULL ELSE 'いわき市' END,
               CASE WHEN b < 25 THEN NULL ELSE '借上げ住宅' END, '汐見 花子', OperatorUserId,
               datetime(StartedAt, '+60 seconds'), datetime(StartedAt, '+60 seconds')
          FROM t;
        INSERT OR IGNORE INTO CallResidents (CallId, ResidentId)
        SELECT c.CallId, ((c.CallId - @TodayBase) * 104729) % @MaxResidentId + 1
          FROM Calls c
          JOIN Residents r ON r.ResidentId = ((c.CallId - @TodayBase) * 104729) % @MaxResidentId + 1
         WHERE c.CallId > @TodayBase;
        """;

    // Current status = the newest report (later-recorded wins a tie); first confirmation = the earliest confirming one.
    private const string CurrentSql = """
        UPDATE Residents
           SET Status = s.Status, StatusReportId = s.ReportId, StatusReportedAt = s.ReportedAt, StatusSource = s.Source,
               WhereaboutsType = s.WhereaboutsType, PrefectureCode = s.PrefectureCode, Municipality = s.Municipality,
               Place = s.Place, FirstConfirmedAt = f.FirstConfirmedAt, Version = Residents.Version + 1, UpdatedAt = @NowUtc
          FROM (SELECT x.ResidentId,
                       (SELECT y.ReportId FROM SafetyReports y WHERE y.ResidentId = x.ResidentId
                         ORDER BY y.ReportedAt DESC, y.ReportId DESC LIMIT 1) AS ReportId,
                       (SELECT MIN(z.ReportedAt) FROM SafetyReports z WHERE z.ResidentId = x.ResidentId AND z.Status <> 0) AS FirstConfirmedAt
                  FROM Residents x
                 WHERE x.IsProvisional = 0 AND x.MergedIntoResidentId IS NULL) AS f
          JOIN SafetyReports s ON s.ReportId = f.ReportId
         WHERE Residents.ResidentId = f.ResidentId;
        DROP TABLE temp.BenchOperators;
        """;

    private const string CountsSql = """
        SELECT (SELECT COUNT(*) FROM Calls) AS Calls, (SELECT COUNT(*) FROM SafetyReports) AS Reports,
               (SELECT COUNT(*) FROM Residents WHERE IsProvisional = 0 AND MergedIntoResidentId IS NULL) AS Residents
        """;

    /// <summary>Adds the activity to the register in <paramref name="db"/> and says what it added and how long it took.</summary>
    public static async Task<Measurement> AddAsync(string db, int rows)
    {
        var connections = new ConnectionFactory(new DatabaseOptions(DatabaseProvider.Sqlite, $"Data Source={db}"));
        var time = TimeProvider.System;
        var watch = Stopwatch.StartNew();
        var now = time.GetUtcNow().UtcDateTime;
        var today = JapanTime.Today(time);
        var disaster = today.AddDays(-DaysSinceDisaster);
        var todayUtc = JapanTime.StartOfDayUtc(today);
        var todayFrom = now - todayUtc > TimeSpan.FromHours(9) ? todayUtc.AddHours(8) : todayUtc;
        string Text(DateTime t) => t.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

        await new SettingsRepository(connections).SetAsync(SettingsRepository.DisasterDate, disaster.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await using var connection = await connections.OpenAsync();
        await using var bulk = await connections.PrepareForBulkAsync(connection);
        await using var transaction = await connections.BeginWriteAsync(connection);
        await connection.ExecuteAsync(OperatorsTableSql, transaction: transaction);
        for (var slot = 0; slot < Operators; slot++)
        {
            var site = slot % 2 == 0 ? "会津若松" : "いわき";
            await connection.ExecuteAsync(InsertOperatorSql, new
            {
                Slot = slot, UserName = $"bench-operator-{slot:D2}", DisplayName = $"ベンチ 係員{slot + 1}", Site = site,
                Now = Text(now), Stamp = now.Ticks,
            }, transaction);
        }
        var wrapUp = await connection.ExecuteScalarAsync<long?>("SELECT MIN(WrapUpCodeId) FROM WrapUpCodes", transaction: transaction);
        var callBase = await connection.ExecuteScalarAsync<long>("SELECT COALESCE(MAX(CallId), 0) FROM Calls", transaction: transaction);
        var maxResident = await connection.ExecuteScalarAsync<long>("SELECT COALESCE(MAX(ResidentId), 0) FROM Residents", transaction: transaction);
        var parameters = new
        {
            DisasterUtc = Text(JapanTime.StartOfDayUtc(disaster)),
            HistorySeconds = (long)(todayUtc - JapanTime.StartOfDayUtc(disaster)).TotalSeconds - 600,
            NowUtc = Text(now),
            TodayFromUtc = Text(todayFrom),
            TodaySeconds = Math.Max(60, (long)(now - todayFrom).TotalSeconds - 300),
            Operators,
            CallsToday,
            CallBase = callBase,
            TodayBase = callBase + maxResident,
            MaxResidentId = Math.Max(1, maxResident),
            WrapUpCodeId = wrapUp,
        };
        var steps = new List<string>();
        foreach (var (name, sql) in new[] { ("calls", ResidentCallsSql), ("reports", ResidentReportsSql), ("today", TodaySql), ("current status", CurrentSql) })
        {
            var step = Stopwatch.StartNew();
            await connection.ExecuteAsync(new CommandDefinition(sql, parameters, transaction, commandTimeout: 3600));
            steps.Add($"{name} {step.Elapsed.TotalSeconds:0.0} s");
        }
        var (calls, reports, residents) = await connection.QuerySingleAsync<(long Calls, long Reports, long Residents)>(CountsSql, transaction: transaction);
        await transaction.CommitAsync();
        watch.Stop();
        return new Measurement("activity", rows, watch.Elapsed.TotalSeconds, Measurement.PeakResidentMegabytes(),
            string.Create(CultureInfo.InvariantCulture,
                $"{calls:N0} calls ({CallsToday:N0} today), {reports:N0} reports for {residents:N0} residents, {Operators} operators; {string.Join(", ", steps)}"));
    }
}
