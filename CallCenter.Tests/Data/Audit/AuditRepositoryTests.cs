using CallCenter.Data.Audit;

namespace CallCenter.Tests.Data.Audit;

public abstract class AuditRepositoryTests<TDb> : DatabaseTests<TDb> where TDb : IDatabaseKind
{
    [SkippableFact]
    public async Task Write_AppendsEntries_NewestFirstWithPaging()
    {
        var audit = new AuditRepository(Connections, TimeProvider.System);
        for (var i = 1; i <= 5; i++)
        {
            await audit.WriteAsync(new AuditEntry { UserName = "cli:root", Action = AuditActions.ImportResidents, TargetId = $"file{i}.csv", Details = $"inserted {i}" });
        }

        var page = await audit.RecentAsync(take: 2, skip: 1);

        Assert.Equal(["file4.csv", "file3.csv"], page.Select(e => e.TargetId));
        Assert.All(page, e => Assert.Equal(DateTimeKind.Utc, e.OccurredAt.Kind));
        Assert.True((DateTime.UtcNow - page[0].OccurredAt).Duration() < TimeSpan.FromMinutes(1));
    }
}

public sealed class AuditRepositoryTestsOnSqlite : AuditRepositoryTests<OnSqlite>;

public sealed class AuditRepositoryTestsOnSqlServer : AuditRepositoryTests<OnSqlServer>;
