using CallCenter.Data.Audit;
using CallCenter.Data.Calls;
using CallCenter.Tests.Data.Calls;
using Dapper;

namespace CallCenter.Tests.Data.Audit;

/// <summary>
/// The one helper every write path uses: the change and its audit rows commit together, or neither is written; the
/// audit row names the actor and carries the clock's time.
/// </summary>
public abstract class AuditedWriteTests<TDb> : DatabaseTests<TDb> where TDb : IDatabaseKind
{
    private const string InsertSettingSql = """
        INSERT INTO Settings (Name, Value)
             VALUES (@Name, @Value)
        """;

    private static readonly DateTimeOffset Start = new(2026, 3, 14, 1, 30, 15, TimeSpan.Zero);
    private readonly TestClock clock = new(Start);
    private readonly OperatorContext op = new(7, "watanabe", "いわき");

    private async Task InsertSettingAsync(AuditedWrite write, string name) =>
        await write.Connection.ExecuteAsync(new CommandDefinition(InsertSettingSql, new { Name = name, Value = "1" }, write.Transaction));

    private async Task<(int Settings, int AuditRows)> CountAsync(string name)
    {
        await using var connection = await Connections.OpenAsync();
        var settings = await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM Settings WHERE Name = @Name", new { Name = name });
        var audit = await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM AuditLog WHERE TargetId = @Name", new { Name = name });
        return (settings, audit);
    }

    [SkippableFact]
    public async Task Commit_WritesTheChangeAndItsAuditRow_NamingTheActorAtTheClocksTime()
    {
        await using (var write = await AuditedWrite.BeginAsync(Connections, clock, op))
        {
            clock.Advance(TimeSpan.FromMinutes(5));
            await InsertSettingAsync(write, "a");
            await write.AuditAsync(AuditActions.OutboundRules, "settings", "a", 42, "a=1");
            await write.CommitAsync();
        }

        Assert.Equal((1, 1), await CountAsync("a"));
        var row = Assert.Single(await new AuditRepository(Connections, clock).RecentAsync(10));
        Assert.Equal(Start.UtcDateTime, row.OccurredAt);
        Assert.Equal(DateTimeKind.Utc, row.OccurredAt.Kind);
        Assert.Equal(new AuditEntry
        {
            AuditId = row.AuditId, OccurredAt = Start.UtcDateTime, UserId = 7, UserName = "watanabe", Site = "いわき",
            Action = AuditActions.OutboundRules, TargetType = "settings", TargetId = "a", ResidentId = 42, Details = "a=1",
        }, row);
    }

    [SkippableFact]
    public async Task Begin_AtAGivenTime_StampsTheAuditRowsWithIt()
    {
        var now = new DateTime(2026, 3, 11, 5, 46, 0, DateTimeKind.Utc);
        await using (var write = await AuditedWrite.BeginAsync(Connections, now, OperatorContext.System))
        {
            Assert.Equal(now, write.Now);
            await write.AuditAsync(AuditActions.RemoveUnsealedKeys, "key-ring");
            await write.CommitAsync();
        }

        var row = Assert.Single(await new AuditRepository(Connections, clock).RecentAsync(10));
        Assert.Equal(now, row.OccurredAt);
        Assert.Equal(new AuditEntry { AuditId = row.AuditId, OccurredAt = now, Action = AuditActions.RemoveUnsealedKeys, TargetType = "key-ring" }, row);
    }

    [SkippableFact]
    public async Task Exception_BeforeCommit_LeavesNeitherTheChangeNorItsAuditRow()
    {
        await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await using var write = await AuditedWrite.BeginAsync(Connections, clock, op);
            await InsertSettingAsync(write, "b");
            await write.AuditAsync(AuditActions.OutboundRules, "settings", "b");
            throw new InvalidOperationException("the write fails before its commit");
        });

        Assert.Equal((0, 0), await CountAsync("b"));
    }

    [SkippableFact]
    public async Task Return_WithoutCommit_RollsBack_AndTheNextWriteProceeds()
    {
        await using (var write = await AuditedWrite.BeginAsync(Connections, clock, op))
        {
            await InsertSettingAsync(write, "c");
            await write.AuditAsync(AuditActions.OutboundRules, "settings", "c");
        }
        await using (var write = await AuditedWrite.BeginAsync(Connections, clock, op))
        {
            await InsertSettingAsync(write, "d");
            await write.RollbackAsync();
        }
        // The write lock was given back: another write commits.
        await using (var write = await AuditedWrite.BeginAsync(Connections, clock, op))
        {
            await write.AuditAsync(AuditActions.OutboundRules, "settings", "e");
            await write.CommitAsync();
        }

        Assert.Equal((0, 0), await CountAsync("c"));
        Assert.Equal((0, 0), await CountAsync("d"));
        Assert.Equal((0, 1), await CountAsync("e"));
    }
}

public sealed class AuditedWriteTestsOnSqlite : AuditedWriteTests<OnSqlite>;

public sealed class AuditedWriteTestsOnSqlServer : AuditedWriteTests<OnSqlServer>;
