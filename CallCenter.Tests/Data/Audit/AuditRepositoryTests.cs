using CallCenter.Data.Audit;
using CallCenter.Data.Calls;
using CallCenter.Data.Database;
using CallCenter.Tests.Data.Calls;

namespace CallCenter.Tests.Data.Audit;

public abstract class AuditRepositoryTests<TDb> : DatabaseTests<TDb> where TDb : IDatabaseKind
{
    [SkippableTheory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Write_AppendsEntries_NewestFirstWithPaging(bool throughTheWriter)
    {
        await using var writer = new GroupCommitWriter(Connections);
        var audit = new AuditRepository(Connections, TimeProvider.System, throughTheWriter ? writer : null);
        for (var i = 1; i <= 5; i++)
        {
            await audit.WriteAsync(new AuditEntry { UserName = "cli:root", Action = AuditActions.ImportResidents, TargetId = $"file{i}.csv", Details = $"inserted {i}" });
        }

        var page = await audit.RecentAsync(take: 2, skip: 1);

        Assert.Equal(["file4.csv", "file3.csv"], page.Select(e => e.TargetId));
        Assert.All(page, e => Assert.Equal(DateTimeKind.Utc, e.OccurredAt.Kind));
        Assert.True((DateTime.UtcNow - page[0].OccurredAt).Duration() < TimeSpan.FromMinutes(1));
    }

    [SkippableTheory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Write_ForAnActor_NamesTheActorAtTheClocksTime(bool throughTheWriter)
    {
        // Milliseconds as well: the writer's prepared commands must store a time exactly as Dapper's handler does.
        var clock = new TestClock(new DateTimeOffset(2026, 3, 14, 1, 30, 15, 123, TimeSpan.Zero));
        await using var writer = new GroupCommitWriter(Connections);
        var audit = new AuditRepository(Connections, clock, throughTheWriter ? writer : null);

        await audit.WriteAsync(new OperatorContext(7, "watanabe", "いわき"), AuditActions.ViewResident, "resident", "0001", residentId: 5, details: "viewed");
        await audit.WriteAsync(new OperatorContext(null, "cli:root", null), AuditActions.CreateUser, "user", "sato", details: "role Operator");

        var rows = await audit.RecentAsync(10);
        var at = clock.Now.UtcDateTime;
        Assert.Equal(
            [
                new AuditEntry
                {
                    AuditId = rows[0].AuditId, OccurredAt = at, UserName = "cli:root",
                    Action = AuditActions.CreateUser, TargetType = "user", TargetId = "sato", Details = "role Operator",
                },
                new AuditEntry
                {
                    AuditId = rows[1].AuditId, OccurredAt = at, UserId = 7, UserName = "watanabe", Site = "いわき",
                    Action = AuditActions.ViewResident, TargetType = "resident", TargetId = "0001", ResidentId = 5, Details = "viewed",
                },
            ], rows);
    }
}

public sealed class AuditRepositoryTestsOnSqlite : AuditRepositoryTests<OnSqlite>;

public sealed class AuditRepositoryTestsOnSqlServer : AuditRepositoryTests<OnSqlServer>;
