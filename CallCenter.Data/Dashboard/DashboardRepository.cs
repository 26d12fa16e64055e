using CallCenter.Data.Common;
using CallCenter.Data.Database;
using CallCenter.Data.Reports;
using CallCenter.Data.Residents;
using CallCenter.Data.Settings;
using Dapper;

namespace CallCenter.Data.Dashboard;

/// <summary>
/// The supervisors' figures. Resident counts come from the summaries the database keeps exact with triggers
/// (<c>ResidentCounts</c>, <c>DailyConfirmations</c>: a few hundred rows at any register size); calls and
/// reports come from indexed ranges of the period and of today.
/// </summary>
public sealed class DashboardRepository(ConnectionFactory connections, SettingsRepository settings, TimeProvider time) : IDashboardSource
{
    /// <summary>How recently an operator must have been seen to count as active.</summary>
    public static readonly TimeSpan ActiveWindow = TimeSpan.FromMinutes(5);

    private const string CountsSql = """
        SELECT District, Status, IsVulnerable, WhereaboutsType, PrefectureCode, Residents
          FROM ResidentCounts
         WHERE Residents <> 0
        """;

    private const string DailySql = """
          SELECT Day, District, IsVulnerable, Residents
            FROM DailyConfirmations
           WHERE Residents <> 0
        ORDER BY Day
        """;

    private const string ProvisionalSql = """
        SELECT COUNT(*)
          FROM Residents
         WHERE IsProvisional = 1
           AND MergedIntoResidentId IS NULL
        """;

    // Few residents wait for approval at any time: an index range on PendingStatus, not a summary table. SQLite
    // 3.53 does not take an index for IS NOT NULL, hence "> 0"; the unary plus keeps its planner (no statistics)
    // from walking the register by the IsProvisional or MergedIntoResidentId index instead (measured: 220 ms
    // against 0.1 ms at 1,000,000 residents).
    private const string PendingApprovalSql = """
          SELECT COALESCE(District, '') AS District, IsVulnerable, PendingStatus AS Status, COUNT(*) AS Residents
            FROM Residents
           WHERE PendingStatus > 0
             AND +IsProvisional = 0
             AND +MergedIntoResidentId IS NULL
        GROUP BY COALESCE(District, ''), IsVulnerable, PendingStatus
        """;

    private const string CallsTodaySql = """
        SELECT StartedAt
          FROM Calls
         WHERE StartedAt >= @Since
           AND (@Site IS NULL OR Site = @Site)
        """;

    private const string ActiveOperatorsSql = """
        SELECT COUNT(DISTINCT UserId)
          FROM UserSessions
         WHERE EndedAt IS NULL
           AND LastSeenAt >= @Since
           AND (@Site IS NULL OR Site = @Site)
        """;

    private const string CallsPerOperatorSql = """
          SELECT c.OperatorUserId AS UserId, COUNT(*) AS Calls
            FROM Calls c
           WHERE c.StartedAt >= @From AND c.StartedAt < @To
             AND (@Site IS NULL OR c.Site = @Site)
        GROUP BY c.OperatorUserId
        """;

    private const string ConfirmationsPerOperatorSql = """
          SELECT r.OperatorUserId AS UserId, COUNT(*) AS Confirmations
            FROM SafetyReports r
            JOIN Calls c ON c.CallId = r.CallId
           WHERE r.RecordedAt >= @From AND r.RecordedAt < @To
             AND r.Status <> 0
             AND (@Site IS NULL OR c.Site = @Site)
        GROUP BY r.OperatorUserId
        """;

    private const string OperatorNamesSql = """
        SELECT UserId, DisplayName
          FROM Users
        """;

    private const string ChangeStampSql = """
        SELECT COALESCE(MAX(AuditId), 0) + COALESCE((SELECT MAX(ReportId) FROM SafetyReports), 0)
          FROM AuditLog
        """;

    /// <inheritdoc />
    /// <remarks>
    /// Every change worth showing writes an audit row or a report, so their highest ids move with it. The
    /// minute is mixed in too: "calls today" and "operators active now" change with the clock alone.
    /// </remarks>
    public async Task<long> ChangeStampAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var ids = await connection.ExecuteScalarAsync<long>(new CommandDefinition(ChangeStampSql, cancellationToken: cancellationToken));
        var minuteOfWeek = (long)(time.GetUtcNow().ToUnixTimeSeconds() / 60 % (7 * 24 * 60));
        return (minuteOfWeek << 48) | (ids & ((1L << 48) - 1));
    }

    /// <inheritdoc />
    public async Task<DashboardSnapshot> LoadAsync(DashboardFilter filter, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var today = JapanTime.Today(time);
        var disasterDate = await DisasterDateAsync(today, cancellationToken);
        var from = filter.From ?? disasterDate;
        var to = filter.To ?? today;
        var site = string.IsNullOrWhiteSpace(filter.Site) ? null : filter.Site;
        var period = new { From = JapanTime.StartOfDayUtc(from), To = JapanTime.StartOfDayUtc(to.AddDays(1)), Site = site };

        await using var connection = await connections.OpenAsync(cancellationToken);
        var buckets = (await connection.QueryAsync<CountRow>(new CommandDefinition(CountsSql, cancellationToken: cancellationToken))).AsList();
        var daily = (await connection.QueryAsync<DailyRow>(new CommandDefinition(DailySql, cancellationToken: cancellationToken))).AsList();
        var provisional = await connection.ExecuteScalarAsync<int>(new CommandDefinition(ProvisionalSql, cancellationToken: cancellationToken));
        var pending = (await connection.QueryAsync<PendingRow>(new CommandDefinition(PendingApprovalSql, cancellationToken: cancellationToken)))
            .Where(p => Matches(filter, p.District, p.IsVulnerable)).ToList();
        var callTimes = (await connection.QueryAsync<DateTime>(new CommandDefinition(CallsTodaySql,
            new { Since = JapanTime.StartOfDayUtc(today), Site = site }, cancellationToken: cancellationToken))).AsList();
        var active = await connection.ExecuteScalarAsync<int>(new CommandDefinition(ActiveOperatorsSql,
            new { Since = now - ActiveWindow, Site = site }, cancellationToken: cancellationToken));
        var calls = (await connection.QueryAsync<(int? UserId, int Calls)>(new CommandDefinition(CallsPerOperatorSql, period, cancellationToken: cancellationToken))).AsList();
        var confirmations = (await connection.QueryAsync<(int? UserId, int Confirmations)>(new CommandDefinition(ConfirmationsPerOperatorSql, period, cancellationToken: cancellationToken))).AsList();
        var names = (await connection.QueryAsync<(int UserId, string DisplayName)>(new CommandDefinition(OperatorNamesSql, cancellationToken: cancellationToken)))
            .ToDictionary(u => u.UserId, u => u.DisplayName);

        var districts = buckets.Select(b => b.District).Where(d => d.Length > 0).Distinct().Order(StringComparer.Ordinal).ToList();
        var chosen = buckets.Where(b => Matches(filter, b.District, b.IsVulnerable)).ToList();
        int Count(SafetyStatus status) => chosen.Where(b => b.Status == (int)status).Sum(b => b.Residents);
        var residents = chosen.Sum(b => b.Residents);
        var headline = new HeadlineFigures(
            residents,
            residents - Count(SafetyStatus.Unconfirmed),
            Count(SafetyStatus.Safe),
            Count(SafetyStatus.Injured),
            Count(SafetyStatus.Hospitalized),
            Count(SafetyStatus.Missing),
            Count(SafetyStatus.Deceased),
            chosen.Where(b => b.Status == (int)SafetyStatus.Unconfirmed && b.IsVulnerable == 1).Sum(b => b.Residents),
            provisional,
            callTimes.Count,
            active)
        {
            PendingDeceased = pending.Where(p => p.Status == (int)SafetyStatus.Deceased).Sum(p => p.Residents),
            PendingMissing = pending.Where(p => p.Status == (int)SafetyStatus.Missing).Sum(p => p.Residents),
        };

        return new DashboardSnapshot(
            filter,
            now,
            disasterDate,
            headline,
            Cumulative(daily.Where(d => Matches(filter, d.District, d.IsVulnerable)), disasterDate, from, to, residents),
            chosen.GroupBy(b => (b.District, b.Status))
                .Select(g => new DistrictStatusCount(g.Key.District, (SafetyStatus)g.Key.Status, g.Sum(b => b.Residents)))
                .OrderBy(d => d.District, StringComparer.Ordinal).ThenBy(d => d.Status).ToList(),
            chosen.GroupBy(b => b.PrefectureCode)
                .Select(g => new PrefectureCount(g.Key < 0 ? null : (byte)g.Key, g.Sum(b => b.Residents)))
                .OrderBy(p => p.PrefectureCode ?? byte.MaxValue).ToList(),
            chosen.GroupBy(b => b.WhereaboutsType)
                .Select(g => new WhereaboutsTypeCount(g.Key < 0 ? null : (WhereaboutsType)g.Key, g.Sum(b => b.Residents)))
                .OrderBy(t => t.Type is null ? int.MaxValue : (int)t.Type).ToList(),
            Enumerable.Range(0, 24)
                .Select(h => new HourlyCalls(h, callTimes.Count(t => JapanTime.FromUtc(t).Hour == h))).ToList(),
            calls.Select(c => c.UserId).Union(confirmations.Select(c => c.UserId)).Distinct()
                .Select(id => new OperatorActivity(id,
                    id is { } known && names.TryGetValue(known, out var name) ? name : "（記録なし）",
                    calls.Where(c => c.UserId == id).Sum(c => c.Calls),
                    confirmations.Where(c => c.UserId == id).Sum(c => c.Confirmations)))
                .OrderByDescending(o => o.Calls).ThenBy(o => o.Operator, StringComparer.Ordinal).ToList(),
            districts);
    }

    /// <summary>Confirmed residents per day and cumulatively from the disaster date, shown for [from, to].</summary>
    private static List<DailyConfirmation> Cumulative(IEnumerable<DailyRow> rows, DateOnly disasterDate, DateOnly from, DateOnly to, int residents)
    {
        var perDay = rows.GroupBy(r => r.Day < disasterDate ? disasterDate : r.Day).ToDictionary(g => g.Key, g => g.Sum(r => r.Residents));
        var result = new List<DailyConfirmation>();
        var cumulative = 0;
        for (var day = disasterDate; day <= to; day = day.AddDays(1))
        {
            var confirmed = perDay.GetValueOrDefault(day);
            cumulative += confirmed;
            if (day >= from)
            {
                result.Add(new DailyConfirmation(day, confirmed, cumulative, residents == 0 ? 0 : 100.0 * cumulative / residents));
            }
        }
        return result;
    }

    private static bool Matches(DashboardFilter filter, string district, int vulnerable) =>
        (string.IsNullOrEmpty(filter.District) || district == filter.District) && (!filter.VulnerableOnly || vulnerable == 1);

    private async Task<DateOnly> DisasterDateAsync(DateOnly today, CancellationToken cancellationToken)
    {
        var text = await settings.GetAsync(SettingsRepository.DisasterDate, cancellationToken);
        return DateOnly.TryParseExact(text, "yyyy-MM-dd", out var date) ? date : today.AddDays(-30);
    }

    private sealed class CountRow
    {
        public string District { get; init; } = "";
        public int Status { get; init; }
        public int IsVulnerable { get; init; }
        public int WhereaboutsType { get; init; }
        public int PrefectureCode { get; init; }
        public int Residents { get; init; }
    }

    private sealed class PendingRow
    {
        public string District { get; init; } = "";
        public int IsVulnerable { get; init; }
        public int Status { get; init; }
        public int Residents { get; init; }
    }

    private sealed class DailyRow
    {
        public DateOnly Day { get; init; }
        public string District { get; init; } = "";
        public int IsVulnerable { get; init; }
        public int Residents { get; init; }
    }

    /// <inheritdoc />
    public Task<ResidentListResult> ListAsync(ResidentListFilter filter, ResidentListSort sort, bool descending, int skip, int take,
        CancellationToken cancellationToken = default) =>
        ResidentList.QueryAsync(connections, filter, sort, descending, skip, take, cancellationToken);
}
