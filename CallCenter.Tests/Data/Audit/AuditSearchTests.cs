using CallCenter.Data.Audit;

namespace CallCenter.Tests.Data.Audit;

/// <summary>SearchAsync and StreamAsync over a small log written at known times, once per engine.</summary>
public abstract class AuditSearchTests<TDb> : DatabaseTests<TDb> where TDb : IDatabaseKind
{
    // 2026-03-12 00:00 UTC = 09:00 in Japan; one row a minute.
    private static readonly DateTime Start = new(2026, 3, 12, 0, 0, 0, DateTimeKind.Utc);

    private AuditRepository audit = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var clock = new SteppingClock(Start);
        audit = new AuditRepository(Connections, clock);
        // minute: user, action, resident
        (string? User, string Action, int? Resident)[] rows =
        [
            ("watanabe", AuditActions.SignIn, null),       // 0
            ("watanabe", "view-resident", 101),            // 1
            ("sato", AuditActions.SignIn, null),           // 2
            ("sato", "view-resident", 101),                // 3
            ("sato", "view-resident", 202),                // 4
            (null, AuditActions.SignInFailed, null),       // 5
            ("watanabe", AuditActions.CreateUser, null),   // 6
            ("api:PBX", "api", 202),                       // 7
        ];
        foreach (var (user, action, resident) in rows)
        {
            await audit.WriteAsync(new AuditEntry { UserName = user, Site = "いわき", Action = action, ResidentId = resident, Details = $"{user} {action}" });
            clock.Now += TimeSpan.FromMinutes(1);
        }
    }

    [SkippableFact]
    public async Task Search_ReturnsNewestFirst_With_TotalCount_When_NoFilter()
    {
        var page = await audit.SearchAsync(AuditFilter.None, skip: 0, take: 3);

        Assert.Equal(8, page.TotalCount);
        Assert.Equal(["api", AuditActions.CreateUser, AuditActions.SignInFailed], page.Entries.Select(e => e.Action));
        Assert.Equal(Start.AddMinutes(7), page.Entries[0].OccurredAt);
        Assert.Equal(DateTimeKind.Utc, page.Entries[0].OccurredAt.Kind);
    }

    [SkippableFact]
    public async Task Search_PagesThroughAllRows_When_SkipAdvances()
    {
        var seen = new List<long>();
        for (var skip = 0; skip < 10; skip += 3)
        {
            var page = await audit.SearchAsync(AuditFilter.None, skip, take: 3);
            Assert.Equal(8, page.TotalCount);
            seen.AddRange(page.Entries.Select(e => e.AuditId));
        }

        Assert.Equal(8, seen.Count);
        Assert.Equal(seen.OrderByDescending(id => id), seen);
    }

    [SkippableFact]
    public async Task Search_FiltersByUserName()
    {
        var page = await audit.SearchAsync(AuditFilter.None with { UserName = "sato" }, 0, 10);

        Assert.Equal(3, page.TotalCount);
        Assert.All(page.Entries, e => Assert.Equal("sato", e.UserName));
    }

    [SkippableFact]
    public async Task Search_FiltersByAction()
    {
        var page = await audit.SearchAsync(AuditFilter.None with { Action = AuditActions.SignIn }, 0, 10);

        Assert.Equal(["sato", "watanabe"], page.Entries.Select(e => e.UserName));
        Assert.Equal(2, page.TotalCount);
    }

    [SkippableFact]
    public async Task Search_FiltersByResident_And_CombinesFilters()
    {
        var resident = await audit.SearchAsync(AuditFilter.None with { ResidentId = 202 }, 0, 10);
        var both = await audit.SearchAsync(new AuditFilter("sato", "view-resident", 101, null, null), 0, 10);

        Assert.Equal(["api:PBX", "sato"], resident.Entries.Select(e => e.UserName));
        Assert.Equal(Start.AddMinutes(3), Assert.Single(both.Entries).OccurredAt);
        Assert.Equal(1, both.TotalCount);
    }

    [SkippableFact]
    public async Task Search_FiltersByTime_FromInclusive_ToExclusive()
    {
        var page = await audit.SearchAsync(AuditFilter.None with { FromUtc = Start.AddMinutes(2), ToUtc = Start.AddMinutes(5) }, 0, 10);

        Assert.Equal([Start.AddMinutes(4), Start.AddMinutes(3), Start.AddMinutes(2)], page.Entries.Select(e => e.OccurredAt));
        Assert.Equal(3, page.TotalCount);
    }

    [SkippableFact]
    public async Task Search_ReturnsEmptyPage_When_NothingMatches_Or_SkipIsPastTheEnd()
    {
        var none = await audit.SearchAsync(AuditFilter.None with { UserName = "nobody" }, 0, 10);
        var past = await audit.SearchAsync(AuditFilter.None, 50, 10);

        Assert.Empty(none.Entries);
        Assert.Equal(0, none.TotalCount);
        Assert.Empty(past.Entries);
        Assert.Equal(8, past.TotalCount);
    }

    [SkippableFact]
    public async Task Stream_YieldsEveryMatchingRow_NewestFirst()
    {
        var all = new List<AuditEntry>();
        await foreach (var entry in audit.StreamAsync(AuditFilter.None))
        {
            all.Add(entry);
        }
        var filtered = new List<AuditEntry>();
        await foreach (var entry in audit.StreamAsync(new AuditFilter("watanabe", null, null, Start.AddMinutes(1), null)))
        {
            filtered.Add(entry);
        }

        Assert.Equal(8, all.Count);
        Assert.Equal(Start.AddMinutes(7), all[0].OccurredAt);
        Assert.Equal("いわき", all[0].Site);
        Assert.Equal([AuditActions.CreateUser, "view-resident"], filtered.Select(e => e.Action));
        Assert.Equal(101, filtered[1].ResidentId);
    }

    [SkippableFact]
    public async Task Stream_StopsEarly_When_Cancelled()
    {
        using var cancel = new CancellationTokenSource();
        var read = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in audit.StreamAsync(AuditFilter.None, cancel.Token))
            {
                read++;
                await cancel.CancelAsync();
            }
        });
        Assert.Equal(1, read);
    }
}

/// <summary>A clock the test moves by hand.</summary>
internal sealed class SteppingClock(DateTime start) : TimeProvider
{
    public DateTime Now { get; set; } = start;

    public override DateTimeOffset GetUtcNow() => new(Now);
}

public sealed class AuditSearchTestsOnSqlite : AuditSearchTests<OnSqlite>;

public sealed class AuditSearchTestsOnSqlServer : AuditSearchTests<OnSqlServer>;
