using CallCenter.Data.Common;
using CallCenter.Data.Database;
using CallCenter.Data.Reports;
using CallCenter.Data.Residents;
using CallCenter.Data.Settings;
using CallCenter.Data.Towns;
using Dapper;

namespace CallCenter.Data.Dashboard;

/// <summary>
/// The supervisors' figures, read from the summaries the database keeps exact with triggers: the whole town's residents
/// from the roll-ups <c>RegisterCounts</c>, <c>DistrictStatusCounts</c> and <c>RegisterDailyConfirmations</c> (db/*/0014),
/// one district's from its range of <c>ResidentCounts</c> and <c>DailyConfirmations</c>, so that each figure reads about
/// as many rows as it shows (a few thousand at most, a row per district and status for that chart), calls and
/// confirmations from <c>CallHours</c> and <c>OperatorDays</c> (db/*/0012: hours of today, days × operators of the
/// period), so that no load reads every resident, call or report. Every resident summary is keyed by town first
/// (db/*/0026): the chosen towns' rows are summed, and a per-town comparison is folded from the same rows. Calls and
/// operators are the call center's, not a town's (a call may be about people of several towns): they are not narrowed.
/// </summary>
public sealed class DashboardRepository(ConnectionFactory connections, SettingsRepository settings, TimeProvider time) : IDashboardSource
{
    /// <summary>How recently an operator must have been seen to count as active.</summary>
    public static readonly TimeSpan ActiveWindow = TimeSpan.FromMinutes(5);

    // The whole town (no district chosen): the roll-ups of db/*/0014, bounded by the code lists (statuses × whereabouts
    // types × prefectures) and by the days since the disaster, not by the register. The status-by-district chart and
    // the list of districts read a row per district and status.
    private const string RegisterCountsSql = """
        SELECT TownId, '' AS District, Status, IsVulnerable, WhereaboutsType, PrefectureCode, Residents
          FROM RegisterCounts
         WHERE Residents <> 0
           AND (@VulnerableOnly = 0 OR IsVulnerable = 1) /*towns*/
        """;

    private const string StatusByDistrictSql = """
          SELECT District, Status, SUM(Residents) AS Residents
            FROM DistrictStatusCounts
           WHERE (@VulnerableOnly = 0 OR IsVulnerable = 1) /*towns*/
        GROUP BY District, Status
          HAVING SUM(Residents) <> 0
        """;

    private const string RegisterDailySql = """
        SELECT Day, '' AS District, IsVulnerable, Residents
          FROM RegisterDailyConfirmations
         WHERE Residents <> 0
           AND (@VulnerableOnly = 0 OR IsVulnerable = 1) /*towns*/
        """;

    // One district: a range of the summaries' district-first keys (its buckets; its days by IX_DailyConfirmations_District).
    private const string DistrictCountsSql = """
        SELECT TownId, District, Status, IsVulnerable, WhereaboutsType, PrefectureCode, Residents
          FROM ResidentCounts
         WHERE District = @District
           AND Residents <> 0
           AND (@VulnerableOnly = 0 OR IsVulnerable = 1) /*towns*/
        """;

    private const string DistrictDailySql = """
        SELECT Day, District, IsVulnerable, Residents
          FROM DailyConfirmations
         WHERE District = @District
           AND Residents <> 0
           AND (@VulnerableOnly = 0 OR IsVulnerable = 1) /*towns*/
        """;

    private const string DistrictsSql = """
        SELECT DISTINCT District
          FROM DistrictStatusCounts
         WHERE District <> ''
           AND Residents <> 0 /*towns*/
        """;

    private const string ProvisionalSql = """
        SELECT COUNT(*)
          FROM Residents
         WHERE IsProvisional = 1
           AND MergedIntoResidentId IS NULL /*towns*/
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
             AND +MergedIntoResidentId IS NULL /*towns*/
        GROUP BY COALESCE(District, ''), IsVulnerable, PendingStatus
        """;

    // Today's calls from the summary the insert trigger keeps (a few rows per hour and site), not a read of every
    // call of the day: 20,000 calls on a busy day.
    private const string CallsTodaySql = """
          SELECT Hour, SUM(Calls) AS Calls
            FROM CallHours
           WHERE Day = @Today
             AND (@Site IS NULL OR Site = @Site)
        GROUP BY Hour
        """;

    private const string ActiveOperatorsSql = """
        SELECT COUNT(DISTINCT UserId)
          FROM UserSessions
         WHERE EndedAt IS NULL
           AND LastSeenAt >= @Since
           AND (@Site IS NULL OR Site = @Site)
        """;

    // Calls and confirmations per operator in the period from the per-day summary the insert triggers keep (days ×
    // operators rows), not a GROUP BY over every call and report since the disaster (millions at 1,000,000 residents).
    private const string PerOperatorSql = """
          SELECT NULLIF(OperatorUserId, 0) AS UserId, SUM(Calls) AS Calls, SUM(Confirmations) AS Confirmations
            FROM OperatorDays
           WHERE Day >= @From AND Day <= @To
             AND (@Site IS NULL OR Site = @Site)
        GROUP BY OperatorUserId
          HAVING SUM(Calls) > 0 OR SUM(Confirmations) > 0
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

    /// <summary>All dashboard figures for a filter, over every town (tests and the bench; pages pass the user's scope).</summary>
    public Task<DashboardSnapshot> LoadAsync(DashboardFilter filter, CancellationToken cancellationToken = default) =>
        LoadAsync(filter, TownScope.All, cancellationToken);

    /// <inheritdoc />
    public async Task<DashboardSnapshot> LoadAsync(DashboardFilter filter, TownScope towns, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(towns);
        var now = time.GetUtcNow().UtcDateTime;
        var today = JapanTime.Today(time);
        var disasterDate = await DisasterDateAsync(today, cancellationToken);
        var period = DashboardPeriod.Of(filter, today, disasterDate);
        var site = new { period.Site };

        var district = string.IsNullOrEmpty(filter.District) ? null : filter.District;
        var narrow = new { District = district, VulnerableOnly = filter.VulnerableOnly ? 1 : 0, towns.TownIds };
        var inTowns = new { towns.TownIds };
        string In(string sql) => TownFilter.Apply(sql, towns);

        await using var connection = await connections.OpenAsync(cancellationToken);
        var figures = new DashboardFigures
        {
            Buckets = (await connection.QueryAsync<ResidentBucket>(new CommandDefinition(In(district is null ? RegisterCountsSql : DistrictCountsSql),
                narrow, cancellationToken: cancellationToken))).AsList(),
            StatusByDistrict = district is null
                ? (await connection.QueryAsync<DistrictStatusRow>(new CommandDefinition(In(StatusByDistrictSql), narrow, cancellationToken: cancellationToken)))
                    .Select(r => new DistrictStatusCount(r.District, (SafetyStatus)r.Status, (int)r.Residents)).ToList()
                : null,
            Districts = (await connection.QueryAsync<string>(new CommandDefinition(In(DistrictsSql), inTowns, cancellationToken: cancellationToken))).AsList(),
            Daily = (await connection.QueryAsync<DailyBucket>(new CommandDefinition(In(district is null ? RegisterDailySql : DistrictDailySql),
                narrow, cancellationToken: cancellationToken))).AsList(),
            Provisional = await connection.ExecuteScalarAsync<int>(new CommandDefinition(In(ProvisionalSql), inTowns, cancellationToken: cancellationToken)),
            Pending = (await connection.QueryAsync<PendingBucket>(new CommandDefinition(In(PendingApprovalSql), inTowns, cancellationToken: cancellationToken))).AsList(),
            CallsPerHourToday = (await connection.QueryAsync<(int Hour, int Calls)>(new CommandDefinition(CallsTodaySql,
                new { period.Today, period.Site }, cancellationToken: cancellationToken))).Select(h => new HourlyCalls(h.Hour, h.Calls)).ToList(),
            OperatorsActive = await connection.ExecuteScalarAsync<int>(new CommandDefinition(ActiveOperatorsSql,
                new { Since = now - ActiveWindow, period.Site }, cancellationToken: cancellationToken)),
            PerOperator = (await connection.QueryAsync<OperatorTotals>(new CommandDefinition(PerOperatorSql,
                new { period.From, period.To, period.Site }, cancellationToken: cancellationToken))).AsList(),
            OperatorNames = (await connection.QueryAsync<(int UserId, string DisplayName)>(new CommandDefinition(OperatorNamesSql, cancellationToken: cancellationToken)))
                .ToDictionary(u => u.UserId, u => u.DisplayName),
        };
        return Compose(filter, now, disasterDate, period, figures);
    }

    /// <summary>
    /// Shapes raw figures into what the dashboard shows: narrows the resident figures to the filter's district and
    /// vulnerability, accumulates the confirmation chart from the disaster date, fills the 24 hours of today.
    /// </summary>
    public static DashboardSnapshot Compose(DashboardFilter filter, DateTime now, DateOnly disasterDate, DashboardPeriod period, DashboardFigures figures)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(period);
        ArgumentNullException.ThrowIfNull(figures);
        var buckets = figures.Buckets.Where(b => b.Residents != 0).ToList();
        var pending = figures.Pending.Where(p => Matches(filter, p.District, p.IsVulnerable)).ToList();
        var districts = (figures.Districts ?? buckets.Select(b => b.District)).Where(d => d.Length > 0).Distinct().Order(StringComparer.Ordinal).ToList();
        var chosen = buckets.Where(b => Matches(filter, b.District, b.IsVulnerable)).ToList();
        int Count(SafetyStatus status) => chosen.Where(b => b.Status == (int)status).Sum(b => b.Residents);
        var residents = chosen.Sum(b => b.Residents);
        var hourly = figures.CallsPerHourToday.GroupBy(h => h.Hour).ToDictionary(g => g.Key, g => g.Sum(h => h.Calls));
        var headline = new HeadlineFigures(
            residents,
            residents - Count(SafetyStatus.Unconfirmed),
            Count(SafetyStatus.Safe),
            Count(SafetyStatus.Injured),
            Count(SafetyStatus.Hospitalized),
            Count(SafetyStatus.Missing),
            Count(SafetyStatus.Deceased),
            chosen.Where(b => b.Status == (int)SafetyStatus.Unconfirmed && b.IsVulnerable == 1).Sum(b => b.Residents),
            figures.Provisional,
            hourly.Values.Sum(),
            figures.OperatorsActive)
        {
            PendingDeceased = pending.Where(p => p.Status == (int)SafetyStatus.Deceased).Sum(p => p.Residents),
            PendingMissing = pending.Where(p => p.Status == (int)SafetyStatus.Missing).Sum(p => p.Residents),
        };

        return new DashboardSnapshot(
            filter,
            now,
            disasterDate,
            headline,
            Cumulative(figures.Daily.Where(d => d.Residents != 0 && Matches(filter, d.District, d.IsVulnerable)), disasterDate, period.From, period.To, residents),
            (figures.StatusByDistrict?.Where(d => d.Residents != 0) ?? chosen.GroupBy(b => (b.District, b.Status))
                .Select(g => new DistrictStatusCount(g.Key.District, (SafetyStatus)g.Key.Status, g.Sum(b => b.Residents))))
                .OrderBy(d => d.District, StringComparer.Ordinal).ThenBy(d => d.Status).ToList(),
            chosen.GroupBy(b => b.PrefectureCode)
                .Select(g => new PrefectureCount(g.Key < 0 ? null : (byte)g.Key, g.Sum(b => b.Residents)))
                .OrderBy(p => p.PrefectureCode ?? byte.MaxValue).ToList(),
            chosen.GroupBy(b => b.WhereaboutsType)
                .Select(g => new WhereaboutsTypeCount(g.Key < 0 ? null : (WhereaboutsType)g.Key, g.Sum(b => b.Residents)))
                .OrderBy(t => t.Type is null ? int.MaxValue : (int)t.Type).ToList(),
            Enumerable.Range(0, 24).Select(h => new HourlyCalls(h, hourly.GetValueOrDefault(h))).ToList(),
            figures.PerOperator.Where(o => o.Calls != 0 || o.Confirmations != 0).GroupBy(o => o.UserId)
                .Select(g => new OperatorActivity(g.Key,
                    g.Key is { } known && figures.OperatorNames.TryGetValue(known, out var name) ? name : "（記録なし）",
                    g.Sum(o => o.Calls),
                    g.Sum(o => o.Confirmations)))
                .OrderByDescending(o => o.Calls).ThenBy(o => o.Operator, StringComparer.Ordinal).ThenBy(o => o.UserId).ToList(),
            districts)
        {
            ByTown = chosen.GroupBy(b => b.TownId)
                .Select(g => TownFiguresOf(g.Key, g.ToList()))
                .OrderBy(t => t.TownId).ToList(),
        };
    }

    private static TownFigures TownFiguresOf(int townId, List<ResidentBucket> buckets)
    {
        int Count(SafetyStatus status) => buckets.Where(b => b.Status == (int)status).Sum(b => b.Residents);
        var residents = buckets.Sum(b => b.Residents);
        return new TownFigures(townId, residents, residents - Count(SafetyStatus.Unconfirmed), Count(SafetyStatus.Safe),
            Count(SafetyStatus.Injured) + Count(SafetyStatus.Hospitalized), Count(SafetyStatus.Missing), Count(SafetyStatus.Deceased),
            buckets.Where(b => b.Status == (int)SafetyStatus.Unconfirmed && b.IsVulnerable == 1).Sum(b => b.Residents));
    }

    // The start page's strip, from the per-town roll-up and household totals (db/*/0026): a few hundred rows per town.
    private const string StartCountsSql = """
        SELECT COALESCE(SUM(Residents), 0) AS Residents,
               COALESCE(SUM(CASE WHEN Status <> 0 THEN Residents ELSE 0 END), 0) AS Confirmed,
               0 AS Households
          FROM RegisterCounts
         WHERE Residents <> 0 /*towns*/
        """;

    private const string StartHouseholdsSql = """
        SELECT COALESCE(SUM(Households), 0)
          FROM TownTotals
         WHERE Households <> 0 /*towns*/
        """;

    /// <summary>Registered residents, households and confirmed residents of the towns of <paramref name="towns"/> (the start page).</summary>
    public async Task<Residents.TownCounts> StartCountsAsync(TownScope towns, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(towns);
        var args = new { towns.TownIds };
        await using var connection = await connections.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleAsync<StartRow>(new CommandDefinition(TownFilter.Apply(StartCountsSql, towns), args,
            cancellationToken: cancellationToken));
        var households = await connection.ExecuteScalarAsync<long>(new CommandDefinition(TownFilter.Apply(StartHouseholdsSql, towns), args,
            cancellationToken: cancellationToken));
        return new Residents.TownCounts((int)row.Residents, (int)households, (int)row.Confirmed);
    }

    // SUM is a long on SQLite and an int on SQL Server: read as long, narrowed once.
    private sealed class StartRow
    {
        public long Residents { get; init; }
        public long Confirmed { get; init; }
        public long Households { get; init; }
    }

    /// <summary>Confirmed residents per day and cumulatively from the disaster date, shown for [from, to].</summary>
    private static List<DailyConfirmation> Cumulative(IEnumerable<DailyBucket> rows, DateOnly disasterDate, DateOnly from, DateOnly to, int residents)
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

    // SUM is a long on SQLite and an int on SQL Server: read as long, narrowed once.
    private sealed class DistrictStatusRow
    {
        public string District { get; init; } = "";
        public long Status { get; init; }
        public long Residents { get; init; }
    }

    private static bool Matches(DashboardFilter filter, string district, int vulnerable) =>
        (string.IsNullOrEmpty(filter.District) || district == filter.District) && (!filter.VulnerableOnly || vulnerable == 1);

    private async Task<DateOnly> DisasterDateAsync(DateOnly today, CancellationToken cancellationToken)
    {
        var text = await settings.GetAsync(SettingsRepository.DisasterDate, cancellationToken);
        return DateOnly.TryParseExact(text, "yyyy-MM-dd", out var date) ? date : today.AddDays(-30);
    }

    /// <inheritdoc />
    public Task<ResidentListResult> ListAsync(ResidentListFilter filter, TownScope towns, ResidentListSort sort, bool descending, int skip, int take,
        CancellationToken cancellationToken = default) =>
        ResidentList.QueryAsync(connections, filter, towns, sort, descending, skip, take, cancellationToken);
}
