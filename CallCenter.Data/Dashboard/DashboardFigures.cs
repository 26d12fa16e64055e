namespace CallCenter.Data.Dashboard;

/// <summary>
/// The dashboard's raw figures for one filter, before they are shaped into a <see cref="DashboardSnapshot"/>: read
/// from the summaries by <see cref="DashboardRepository"/>, or computed from the base tables by plain SQL (the
/// benchmark's floor and the tests' check), then shaped by the same <see cref="DashboardRepository.Compose"/>.
/// </summary>
public sealed class DashboardFigures
{
    /// <summary>Registered residents by district, status, vulnerability, whereabouts type and prefecture.</summary>
    public required IReadOnlyList<ResidentBucket> Buckets { get; init; }

    /// <summary>Residents first confirmed per Japan day, by district and vulnerability.</summary>
    public required IReadOnlyList<DailyBucket> Daily { get; init; }

    /// <summary>Provisional persons not yet merged.</summary>
    public required int Provisional { get; init; }

    /// <summary>Residents waiting for an approval, by district, vulnerability and the status waiting.</summary>
    public required IReadOnlyList<PendingBucket> Pending { get; init; }

    /// <summary>Calls started today (Japan time) per hour of the day, at the filter's site; hours without calls may be absent.</summary>
    public required IReadOnlyList<HourlyCalls> CallsPerHourToday { get; init; }

    /// <summary>Operators seen within <see cref="DashboardRepository.ActiveWindow"/>, at the filter's site.</summary>
    public required int OperatorsActive { get; init; }

    /// <summary>Calls and confirmations per operator in the filter's period and site (null: none recorded).</summary>
    public required IReadOnlyList<OperatorTotals> PerOperator { get; init; }

    /// <summary>Every user's display name by id.</summary>
    public required IReadOnlyDictionary<int, string> OperatorNames { get; init; }

    /// <summary>
    /// Residents per district and status, already narrowed to the filter, when read apart from <see cref="Buckets"/>
    /// (which may then hold the whole town's buckets without districts); null: grouped from the buckets.
    /// </summary>
    public IReadOnlyList<DistrictStatusCount>? StatusByDistrict { get; init; }

    /// <summary>
    /// The register's districts, when read apart from <see cref="Buckets"/> (which may then hold only the filter's
    /// district); null: the districts of the buckets.
    /// </summary>
    public IReadOnlyList<string>? Districts { get; init; }
}

/// <summary>Registered residents in one bucket; NULLs stored as '' and -1, as in the <c>ResidentCounts</c> summary.</summary>
public sealed class ResidentBucket
{
    /// <summary>The town (Towns.TownId).</summary>
    public int TownId { get; init; }

    /// <summary>District ('' when none).</summary>
    public string District { get; init; } = "";

    /// <summary>Safety status code.</summary>
    public int Status { get; init; }

    /// <summary>1 for a vulnerable person.</summary>
    public int IsVulnerable { get; init; }

    /// <summary>Whereabouts type code (-1 when none).</summary>
    public int WhereaboutsType { get; init; }

    /// <summary>Prefecture code (-1 when none).</summary>
    public int PrefectureCode { get; init; }

    /// <summary>Residents in the bucket.</summary>
    public int Residents { get; init; }
}

/// <summary>Residents first confirmed on one Japan day in one district, vulnerable or not.</summary>
public sealed class DailyBucket
{
    /// <summary>The Japan day.</summary>
    public DateOnly Day { get; init; }

    /// <summary>District ('' when none).</summary>
    public string District { get; init; } = "";

    /// <summary>1 for vulnerable persons.</summary>
    public int IsVulnerable { get; init; }

    /// <summary>Residents first confirmed that day.</summary>
    public int Residents { get; init; }
}

/// <summary>Residents waiting for an approval of one status in one district, vulnerable or not.</summary>
public sealed class PendingBucket
{
    /// <summary>District ('' when none).</summary>
    public string District { get; init; } = "";

    /// <summary>1 for vulnerable persons.</summary>
    public int IsVulnerable { get; init; }

    /// <summary>The status waiting for approval.</summary>
    public int Status { get; init; }

    /// <summary>Residents waiting.</summary>
    public int Residents { get; init; }
}

/// <summary>One operator's calls and confirmations in a period (UserId null: none recorded).</summary>
public sealed class OperatorTotals
{
    /// <summary>The operator's user id, or null.</summary>
    public int? UserId { get; init; }

    /// <summary>Calls started in the period.</summary>
    public int Calls { get; init; }

    /// <summary>Reports with a status other than 未確認 recorded in a call in the period.</summary>
    public int Confirmations { get; init; }
}

/// <summary>
/// The period and site a filter asks about, as the queries take them: Japan days [<see cref="From"/>, <see cref="To"/>]
/// and their UTC bounds, today's day and start, and the site (null: all).
/// </summary>
public sealed record DashboardPeriod(DateOnly From, DateOnly To, DateTime FromUtc, DateTime ToUtc, DateOnly Today, DateTime TodayUtc, string? Site)
{
    /// <summary>The period of a filter on a day, the disaster date being the default start.</summary>
    public static DashboardPeriod Of(DashboardFilter filter, DateOnly today, DateOnly disasterDate)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var from = filter.From ?? disasterDate;
        var to = filter.To ?? today;
        return new DashboardPeriod(from, to, Common.JapanTime.StartOfDayUtc(from), Common.JapanTime.StartOfDayUtc(to.AddDays(1)),
            today, Common.JapanTime.StartOfDayUtc(today), string.IsNullOrWhiteSpace(filter.Site) ? null : filter.Site);
    }
}
