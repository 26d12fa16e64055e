using CallCenter.Data.Towns;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using CallCenter.Data.Calls;
using CallCenter.Data.Dashboard;
using CallCenter.Data.Imports;
using CallCenter.Data.Reports;
using CallCenter.Data.Residents;
using CallCenter.Tests.Browser;
using CallCenter.Web.Components.Pages.Dashboard;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace CallCenter.Tests.Web.Dashboard;

/// <summary>
/// Two app instances on one SQLite file, as behind a load balancer: a report saved on instance A reaches a
/// dashboard subscribed on instance B through B's own feed (it polls the database's change stamp), with one
/// load per change however many pages watch the same view.
/// </summary>
public sealed class DashboardLiveTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Register = """
        住民番号,世帯番号,続柄,氏名,氏名カナ,生年月日,性別,行政区,住所,電話番号
        L0001,LH01,世帯主,斎藤 勇,サイトウ イサム,1950-05-05,男,潮見区,潮見町1-1,0240-77-0001
        L0002,LH01,妻,斎藤 和江,サイトウ カズエ,1952-06-06,女,潮見区,潮見町1-1,
        L0003,LH02,世帯主,菊地 昇,キクチ ノボル,1939-03-03,男,潮見区,潮見町2-2,
        L0004,LH03,世帯主,大槻 智,オオツキ サトシ,1980-01-01,男,松原区,松原1-1,
        """;

    private static readonly Dictionary<string, string?> FastRefresh = new() { ["Dashboard:RefreshSeconds"] = "1" };
    private static readonly DashboardFilter Shiomi = new(District: "潮見区");

    private readonly CallCenterAppFactory a = new(FastRefresh);
    private CountingAppFactory? b;

    private CountingAppFactory B => b ?? throw new InvalidOperationException("Started in InitializeAsync.");

    public async Task InitializeAsync()
    {
        a.Start();
        b = new CountingAppFactory(FastRefresh, a.DatabasePath);
        B.Start();
        using var csv = new MemoryStream(Encoding.UTF8.GetBytes(Register));
        var imported = await a.Services.GetRequiredService<ResidentImportService>().ImportAsync(csv, dryRun: false);
        Assert.True(imported.Committed, string.Join(Environment.NewLine, imported.Errors));
    }

    [Fact]
    public async Task ReportSavedOnInstanceA_ReachesSubscribersOnInstanceB_WithOneLoadPerChange()
    {
        var feed = B.Services.GetRequiredService<DashboardFeed>();
        Assert.Equal(TimeSpan.FromSeconds(1), feed.Interval);
        var first = new Received();
        var second = new Received();
        using var one = feed.Subscribe(Shiomi, TownScope.All, first.Add);
        using var two = feed.Subscribe(Shiomi with { }, TownScope.All, second.Add);

        // B's own loop loads the view once for both pages.
        var initial = await first.WaitForAsync(s => s.Headline.Residents == 3, TimeSpan.FromSeconds(5));
        Assert.Equal((3, 0, 3), (initial.Headline.Residents, initial.Headline.Confirmed, initial.Headline.Unconfirmed));
        await second.WaitForAsync(s => ReferenceEquals(s, initial), TimeSpan.FromSeconds(5));
        var loadsBefore = B.Source.LoadsOf(Shiomi);

        var saved = Stopwatch.StartNew();
        await SaveOnAAsync("L0003", SafetyStatus.Hospitalized, WhereaboutsType.Hospital, prefecture: 7);

        var updated = await first.WaitForAsync(s => s.Headline.Confirmed == 1, TimeSpan.FromSeconds(5));
        output.WriteLine($"instance B's subscriber had the new figures {saved.ElapsedMilliseconds} ms after instance A saved");
        Assert.Equal((3, 1, 2, 1), (updated.Headline.Residents, updated.Headline.Confirmed, updated.Headline.Unconfirmed, updated.Headline.Hospitalized));
        Assert.Equal(1, updated.ByPrefecture.Single(p => p.PrefectureCode == 7).Residents);
        Assert.Equal(1, updated.StatusByDistrict.Single(d => d.District == "潮見区" && d.Status == SafetyStatus.Hospitalized).Residents);
        Assert.DoesNotContain(updated.StatusByDistrict, d => d.District == "松原区");
        await second.WaitForAsync(s => ReferenceEquals(s, updated), TimeSpan.FromSeconds(5));

        // Three more polls with nothing saved. The stamp also moves when the clock passes a minute ("calls today"),
        // so the exact claim is: one load per distinct stamp B read, however many subscribers, each load sent to both.
        await Task.Delay(TimeSpan.FromSeconds(3));
        var loads = B.Source.LoadsOf(Shiomi);
        Assert.Equal(B.Source.DistinctStamps, loads);
        Assert.InRange(loads - loadsBefore, 1, 2); // the save, and at most one minute boundary in these few seconds
        Assert.Equal(loads, first.All.Count);
        Assert.Equal(first.All, second.All); // the very same snapshot objects: loaded once, handed to both
    }

    [Fact]
    public async Task EachSave_OnInstanceA_IsOneLoad_OnInstanceB()
    {
        var feed = B.Services.GetRequiredService<DashboardFeed>();
        var first = new Received();
        var second = new Received();
        using var one = feed.Subscribe(Shiomi, TownScope.All, first.Add);
        using var two = feed.Subscribe(Shiomi, TownScope.All, second.Add);
        await first.WaitForAsync(s => s.Headline.Residents == 3, TimeSpan.FromSeconds(5));

        // Saves further apart than one poll: each one is seen as its own change.
        foreach (var (no, expected) in new[] { ("L0001", 1), ("L0002", 2), ("L0003", 3) })
        {
            await SaveOnAAsync(no, SafetyStatus.Safe, WhereaboutsType.Shelter, prefecture: 4);
            await first.WaitForAsync(s => s.Headline.Safe == expected, TimeSpan.FromSeconds(5));
        }
        await Task.Delay(TimeSpan.FromSeconds(2.5));

        // Each save was seen (a minute boundary may add a reload with the same figures).
        Assert.Equal([0, 1, 2, 3], first.All.Select(s => s.Headline.Safe).Distinct());
        Assert.Equal(first.All, second.All);
        Assert.Equal(B.Source.DistinctStamps, B.Source.LoadsOf(Shiomi));
        Assert.InRange(B.Source.LoadsOf(Shiomi), 4, 5);
        Assert.Equal(3, first.All[^1].ByPrefecture.Single(p => p.PrefectureCode == 4).Residents);
    }

    private async Task SaveOnAAsync(string residentNo, SafetyStatus status, WhereaboutsType type, byte prefecture)
    {
        var resident = (await a.Services.GetRequiredService<ResidentRepository>().GetDetailAsync(residentNo))!.Summary;
        var result = await a.Services.GetRequiredService<CallRecordingService>().SaveAsync(new CallDraft(
            CallDirection.Inbound, "斎藤 和江", "090-7070-1010", "妻", null,
            [new PersonReportDraft(resident.ResidentId, resident.Version, status, ReportSource.Family, type, prefecture,
                null, "避難先", null, Consent.NotAsked, null)], WrapUpCodeId: CallCenter.Tests.Data.Calls.CallTestData.SafetyReportCode),
            new OperatorContext(null, "instance-a", "いわき"));
        Assert.True(result.Saved, string.Join(Environment.NewLine, result.Errors.Select(e => e.Message)));
    }

    public async Task DisposeAsync()
    {
        if (b is not null)
        {
            await b.DisposeAsync();
        }
        await a.DisposeAsync();
    }

    /// <summary>The snapshots one subscriber was handed, in order.</summary>
    private sealed class Received
    {
        private readonly Lock gate = new();
        private readonly List<DashboardSnapshot> snapshots = [];

        public IReadOnlyList<DashboardSnapshot> All
        {
            get
            {
                lock (gate)
                {
                    return [.. snapshots];
                }
            }
        }

        public Task Add(DashboardSnapshot snapshot)
        {
            lock (gate)
            {
                snapshots.Add(snapshot);
            }
            return Task.CompletedTask;
        }

        public async Task<DashboardSnapshot> WaitForAsync(Func<DashboardSnapshot, bool> match, TimeSpan within)
        {
            var deadline = Stopwatch.StartNew();
            while (deadline.Elapsed < within)
            {
                if (All.FirstOrDefault(match) is { } found)
                {
                    return found;
                }
                await Task.Delay(50);
            }
            throw new Xunit.Sdk.XunitException(
                $"No matching snapshot within {within.TotalSeconds} s; received {All.Count}: " +
                string.Join(", ", All.Select(s => $"{s.Headline.Confirmed}/{s.Headline.Residents} at {s.AsOfUtc:HH:mm:ss.fff}")));
        }
    }
}

/// <summary>The real app whose dashboard source (the real repository) counts its loads per filter.</summary>
public sealed class CountingAppFactory(IReadOnlyDictionary<string, string?> settings, string databasePath)
    : CallCenterAppFactory(settings, databasePath)
{
    public CountingDashboardSource Source => Services.GetRequiredService<CountingDashboardSource>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton(sp => new CountingDashboardSource(sp.GetRequiredService<DashboardRepository>()));
            services.AddSingleton<IDashboardSource>(sp => sp.GetRequiredService<CountingDashboardSource>());
        });
    }
}

/// <summary>
/// Passes every call to the real <see cref="DashboardRepository"/>, counting the snapshot loads and the distinct
/// change stamps read.
/// </summary>
public sealed class CountingDashboardSource(DashboardRepository inner) : IDashboardSource
{
    private readonly ConcurrentDictionary<string, int> loads = new();
    private readonly ConcurrentDictionary<long, byte> stamps = new();

    public int LoadsOf(DashboardFilter filter) => loads.GetValueOrDefault(filter.Key);

    /// <summary>How many different change stamps were read (the feed reads none while nothing is watched).</summary>
    public int DistinctStamps => stamps.Count;

    public Task<DashboardSnapshot> LoadAsync(DashboardFilter filter, TownScope towns, CancellationToken cancellationToken = default)
    {
        loads.AddOrUpdate(filter.Key, 1, (_, n) => n + 1);
        return inner.LoadAsync(filter, towns, cancellationToken);
    }

    public async Task<long> ChangeStampAsync(CancellationToken cancellationToken = default)
    {
        var stamp = await inner.ChangeStampAsync(cancellationToken);
        stamps.TryAdd(stamp, 0);
        return stamp;
    }

    public Task<ResidentListResult> ListAsync(ResidentListFilter filter, TownScope towns, ResidentListSort sort, bool descending, int skip, int take,
        CancellationToken cancellationToken = default) => inner.ListAsync(filter, towns, sort, descending, skip, take, cancellationToken);
}
