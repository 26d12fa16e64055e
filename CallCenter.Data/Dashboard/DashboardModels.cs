using CallCenter.Data.Reports;

namespace CallCenter.Data.Dashboard;

/// <summary>
/// What a supervisor narrows the dashboard to. District and vulnerable-only narrow the residents; the period
/// and the site narrow the calls and reports counted (the cumulative chart, per-operator figures).
/// </summary>
public sealed record DashboardFilter(
    DateOnly? From = null,
    DateOnly? To = null,
    string? District = null,
    bool VulnerableOnly = false,
    string? Site = null,
    IReadOnlyList<string>? Towns = null)
{
    /// <summary>
    /// A stable key for caching one snapshot per distinct filter. <see cref="Towns"/> are the codes chosen in the URL
    /// (for links); the figures are narrowed by the <see cref="Towns.TownScope"/> handed to the source beside the filter.
    /// </summary>
    public string Key => $"{From:yyyy-MM-dd}|{To:yyyy-MM-dd}|{District}|{VulnerableOnly}|{Site}|{string.Join(",", Towns ?? [])}";
}

/// <summary>One town's figures in the dashboard's comparison table (within the filter's district and vulnerability).</summary>
public sealed record TownFigures(
    int TownId,
    int Residents,
    int Confirmed,
    int Safe,
    int InjuredOrHospitalized,
    int Missing,
    int Deceased,
    int UnconfirmedVulnerable)
{
    /// <summary>Residents with no confirmed status yet (未確認).</summary>
    public int Unconfirmed => Residents - Confirmed;

    /// <summary>The share of residents confirmed, in percent (0 when there are none).</summary>
    public double ConfirmedPercent => Residents == 0 ? 0 : 100.0 * Confirmed / Residents;
}

/// <summary>The headline figures, against the whole register (within the filter) as denominator.</summary>
public sealed record HeadlineFigures(
    int Residents,
    int Confirmed,
    int Safe,
    int Injured,
    int Hospitalized,
    int Missing,
    int Deceased,
    int UnconfirmedVulnerable,
    int ProvisionalAwaitingReview,
    int CallsToday,
    int OperatorsActive)
{
    /// <summary>Residents with no confirmed status yet (未確認).</summary>
    public int Unconfirmed => Residents - Confirmed;

    /// <summary>
    /// Residents with a 死亡 / 行方不明 report waiting for a supervisor's approval, counted apart: until approved
    /// they stay under their current status in every other figure.
    /// </summary>
    public int PendingDeceased { get; init; }

    /// <inheritdoc cref="PendingDeceased" />
    public int PendingMissing { get; init; }

    /// <summary>All residents waiting for an approval.</summary>
    public int PendingApproval => PendingDeceased + PendingMissing;

    /// <summary>The share of residents confirmed, in percent (0 when there are none).</summary>
    public double ConfirmedPercent => Residents == 0 ? 0 : 100.0 * Confirmed / Residents;
}

/// <summary>One day of the cumulative confirmation chart (Japan dates).</summary>
public sealed record DailyConfirmation(DateOnly Day, int Confirmed, int Cumulative, double CumulativePercent);

/// <summary>Residents of one district with one status.</summary>
public sealed record DistrictStatusCount(string District, SafetyStatus Status, int Residents);

/// <summary>Residents whose whereabouts are in one prefecture (code 1–47, 99 海外), or unknown (null).</summary>
public sealed record PrefectureCount(byte? PrefectureCode, int Residents);

/// <summary>Residents by kind of whereabouts (null: none recorded).</summary>
public sealed record WhereaboutsTypeCount(WhereaboutsType? Type, int Residents);

/// <summary>Calls started in one hour of today (Japan time, 0–23).</summary>
public sealed record HourlyCalls(int Hour, int Calls);

/// <summary>What one operator did in the period.</summary>
public sealed record OperatorActivity(int? UserId, string Operator, int Calls, int Confirmations);

/// <summary>Everything the dashboard shows, computed at <see cref="AsOfUtc"/>.</summary>
public sealed record DashboardSnapshot(
    DashboardFilter Filter,
    DateTime AsOfUtc,
    DateOnly DisasterDate,
    HeadlineFigures Headline,
    IReadOnlyList<DailyConfirmation> Cumulative,
    IReadOnlyList<DistrictStatusCount> StatusByDistrict,
    IReadOnlyList<PrefectureCount> ByPrefecture,
    IReadOnlyList<WhereaboutsTypeCount> ByWhereaboutsType,
    IReadOnlyList<HourlyCalls> CallsPerHourToday,
    IReadOnlyList<OperatorActivity> PerOperator,
    IReadOnlyList<string> Districts)
{
    /// <summary>The figures of each town with registered residents in the filter, by town id (one row in a single-town installation).</summary>
    public IReadOnlyList<TownFigures> ByTown { get; init; } = [];
}

/// <summary>The drill-down list's filter (also the CSV export's, later).</summary>
public sealed record ResidentListFilter(
    SafetyStatus? Status = null,
    string? District = null,
    byte? PrefectureCode = null,
    WhereaboutsType? WhereaboutsType = null,
    bool? Vulnerable = null,
    bool? Provisional = false,
    bool Unconfirmed = false,
    bool Confirmed = false,
    DateTime? ChangedSinceUtc = null,
    // The town codes chosen in the URL, carried into the list's and the export's links; the data layer narrows by the
    // TownScope handed to it beside the filter, never by these.
    IReadOnlyList<string>? Towns = null);

/// <summary>How the drill-down list is ordered.</summary>
public enum ResidentListSort
{
    /// <summary>By reading (カナ順).</summary>
    Kana,
    /// <summary>By resident number.</summary>
    ResidentNo,
    /// <summary>By district (行政区).</summary>
    District,
    /// <summary>By safety status.</summary>
    Status,
    /// <summary>By date of birth.</summary>
    BirthDate,
    /// <summary>By when the current status was reported.</summary>
    StatusReportedAt,
}

/// <summary>One page of the drill-down list and the number of residents behind it.</summary>
public sealed record ResidentListResult(IReadOnlyList<Residents.ResidentSummary> Residents, int Total);
