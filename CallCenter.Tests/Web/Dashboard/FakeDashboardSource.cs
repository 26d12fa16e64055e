using CallCenter.Data.Towns;
using System.Collections.Concurrent;
using CallCenter.Data.Dashboard;
using CallCenter.Data.Reports;
using CallCenter.Data.Residents;

namespace CallCenter.Tests.Web.Dashboard;

/// <summary>
/// A stand-in for the dashboard's data source (not a database mock: the real DashboardRepository is tested against
/// SQLite): it returns a fixed snapshot for any filter, counts loads, and records what the pages asked for.
/// </summary>
public sealed class FakeDashboardSource : IDashboardSource
{
    private readonly ConcurrentDictionary<string, int> loads = new();

    public long Stamp { get; set; } = 1;

    public int StampReads { get; private set; }

    public Func<DashboardFilter, DashboardSnapshot> Snapshot { get; set; } = filter => SampleSnapshot(filter);

    public List<DashboardFilter> Loaded { get; } = [];

    public List<(ResidentListFilter Filter, ResidentListSort Sort, bool Descending, int Skip, int Take)> ListCalls { get; } = [];

    public IReadOnlyList<ResidentSummary> ListRows { get; set; } = [];

    public int ListTotal { get; set; }

    public int LoadsOf(DashboardFilter filter) => loads.GetValueOrDefault(filter.Key);

    public int TotalLoads => loads.Values.Sum();

    /// <summary>The town scope of every load and list call, in order.</summary>
    public List<TownScope> Scopes { get; } = [];

    public Task<DashboardSnapshot> LoadAsync(DashboardFilter filter, TownScope towns, CancellationToken cancellationToken = default)
    {
        lock (Scopes)
        {
            Scopes.Add(towns);
        }
        loads.AddOrUpdate(filter.Key, 1, (_, n) => n + 1);
        lock (Loaded)
        {
            Loaded.Add(filter);
        }
        return Task.FromResult(Snapshot(filter));
    }

    public Task<long> ChangeStampAsync(CancellationToken cancellationToken = default)
    {
        StampReads++;
        return Task.FromResult(Stamp);
    }

    public Task<ResidentListResult> ListAsync(ResidentListFilter filter, TownScope towns, ResidentListSort sort, bool descending, int skip, int take,
        CancellationToken cancellationToken = default)
    {
        lock (Scopes)
        {
            Scopes.Add(towns);
        }
        ListCalls.Add((filter, sort, descending, skip, take));
        return Task.FromResult(new ResidentListResult(ListRows, ListTotal));
    }

    /// <summary>
    /// 11,500 residents, 4,321 confirmed (37.6 %); 1,234 in 山形県, 56 abroad, 7 with no prefecture; two districts.
    /// </summary>
    public static DashboardSnapshot SampleSnapshot(DashboardFilter filter) => new(
        filter,
        new DateTime(2026, 3, 20, 3, 4, 5, DateTimeKind.Utc),
        new DateOnly(2026, 3, 11),
        new HeadlineFigures(Residents: 11500, Confirmed: 4321, Safe: 4000, Injured: 200, Hospitalized: 80, Missing: 30,
            Deceased: 11, UnconfirmedVulnerable: 1002, ProvisionalAwaitingReview: 5, CallsToday: 1500, OperatorsActive: 12)
        { PendingDeceased = 2, PendingMissing = 1 },
        [
            new DailyConfirmation(new DateOnly(2026, 3, 11), 100, 100, 0.87),
            new DailyConfirmation(new DateOnly(2026, 3, 12), 2000, 2100, 18.26),
            new DailyConfirmation(new DateOnly(2026, 3, 13), 2221, 4321, 37.57),
        ],
        [
            new DistrictStatusCount("浜区", SafetyStatus.Unconfirmed, 4000),
            new DistrictStatusCount("浜区", SafetyStatus.Safe, 2000),
            new DistrictStatusCount("浜区", SafetyStatus.Missing, 30),
            new DistrictStatusCount("山区", SafetyStatus.Unconfirmed, 3179),
            new DistrictStatusCount("山区", SafetyStatus.Safe, 2000),
            new DistrictStatusCount("山区", SafetyStatus.Injured, 200),
        ],
        [
            new PrefectureCount(7, 2500),
            new PrefectureCount(6, 1234),
            new PrefectureCount(13, 500),
            new PrefectureCount(47, 3),
            new PrefectureCount(99, 56),
            new PrefectureCount(null, 7),
        ],
        [
            new WhereaboutsTypeCount(WhereaboutsType.Shelter, 2000),
            new WhereaboutsTypeCount(WhereaboutsType.RelativeHome, 1500),
            new WhereaboutsTypeCount(null, 7179),
        ],
        [new HourlyCalls(9, 120), new HourlyCalls(10, 200)],
        [new OperatorActivity(1, "渡辺 一郎", 40, 25), new OperatorActivity(null, "（不明）", 2, 0)],
        ["浜区", "山区"]);
}
