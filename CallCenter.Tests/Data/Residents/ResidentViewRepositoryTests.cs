using CallCenter.Data.Audit;
using CallCenter.Data.Calls;
using CallCenter.Data.Database;
using CallCenter.Data.Residents;
using Dapper;

namespace CallCenter.Tests.Data.Residents;

public abstract class ResidentViewRepositoryTests<TDb> : DatabaseTests<TDb> where TDb : IDatabaseKind
{
    private sealed class ManualTime(DateTimeOffset start) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = start;
        public override DateTimeOffset GetUtcNow() => Now;
    }

    private static ManualTime NewTime() => new(new DateTimeOffset(2026, 3, 12, 1, 0, 0, TimeSpan.Zero));

    [SkippableTheory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Heartbeat_ShowsOtherViewers_UntilTheyLeaveOrGoStale(bool throughTheWriter)
    {
        var time = NewTime();
        await using var writer = new GroupCommitWriter(Connections);
        var views = new ResidentViewRepository(Connections, time, throughTheWriter ? writer : null);

        Assert.Empty(await views.HeartbeatAsync(7, "session-a", "yamada", "山田 花子", "会津若松"));
        var seenByB = await views.HeartbeatAsync(7, "session-b", "sato", "佐藤 一郎", "いわき");
        var seenByA = await views.HeartbeatAsync(7, "session-a", "yamada", "山田 花子", "会津若松");

        Assert.Equal(("山田 花子", "会津若松"), (Assert.Single(seenByB).DisplayName, seenByB[0].Site));
        Assert.Equal("佐藤 一郎", Assert.Single(seenByA).DisplayName);
        Assert.Empty(await views.HeartbeatAsync(8, "session-a", "yamada", "山田 花子", "会津若松"));

        await views.LeaveAsync(7, "session-b");
        Assert.Empty(await views.HeartbeatAsync(7, "session-a", "yamada", "山田 花子", "会津若松"));

        await views.HeartbeatAsync(7, "session-c", "ito", "伊藤", null);
        time.Now += ResidentViewRepository.StaleAfter + TimeSpan.FromSeconds(1);
        Assert.Empty(await views.HeartbeatAsync(7, "session-a", "yamada", "山田 花子", "会津若松"));
    }

    [SkippableFact]
    public async Task ConcurrentHeartbeats_ThroughTheWriter_KeepOneRowPerSession_AndEachSeesTheOthers()
    {
        var time = NewTime();
        await using var writer = new GroupCommitWriter(Connections);
        var views = new ResidentViewRepository(Connections, time, writer);

        // 30 open pages on 3 persons, each beating twice at once (the second beat replaces the first row).
        Task Beat(int page) => views.HeartbeatAsync(page % 3, $"session-{page}", $"user-{page}", $"オペレーター{page}", "いわき");
        await Task.WhenAll(Enumerable.Range(0, 30).SelectMany(page => new[] { Task.Run(() => Beat(page)), Task.Run(() => Beat(page)) }));
        var seen = await views.HeartbeatAsync(0, "session-0", "user-0", "オペレーター0", "いわき");
        await views.LeaveAsync(1, "session-1");

        await using var connection = await Connections.OpenAsync();
        Assert.Equal(29, await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM ResidentViews"));
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>(
            "SELECT COUNT(*) FROM (SELECT SessionId FROM ResidentViews GROUP BY ResidentId, SessionId HAVING COUNT(*) > 1) d"));
        Assert.Equal(Enumerable.Range(1, 9).Select(i => $"オペレーター{i * 3}").Order(StringComparer.Ordinal),
            seen.Select(v => v.DisplayName!).Order(StringComparer.Ordinal));
    }

    private static AuditEntry Viewed(string? action = AuditActions.ViewResident) =>
        AuditedWrite.Entry(new OperatorContext(3, "yamada", "会津若松"), default, action!, "resident", "R0007", 7, null);

    [SkippableTheory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Open_CommitsTheViewsAuditRow_And_TheFirstHeartbeat_AsOneWrite(bool throughTheWriter)
    {
        var time = NewTime();
        await using var writer = new GroupCommitWriter(Connections);
        var views = new ResidentViewRepository(Connections, time, throughTheWriter ? writer : null);
        await views.HeartbeatAsync(7, "session-b", "sato", "佐藤 一郎", "いわき");
        var transactions = writer.CommittedTransactions;
        time.Now += TimeSpan.FromSeconds(2);

        var others = await views.OpenAsync(7, "session-a", "yamada", "山田 花子", "会津若松", Viewed());

        Assert.Equal("佐藤 一郎", Assert.Single(others).DisplayName);
        Assert.Equal(throughTheWriter ? transactions + 1 : 0, writer.CommittedTransactions);
        Assert.Equal("山田 花子", Assert.Single(await views.HeartbeatAsync(7, "session-b", "sato", "佐藤 一郎", "いわき")).DisplayName);
        await using var connection = await Connections.OpenAsync();
        var audit = Assert.Single(await connection.QueryAsync<AuditEntry>(
            "SELECT OccurredAt, UserId, UserName, Site, Action, TargetType, TargetId, ResidentId FROM AuditLog"));
        Assert.Equal((AuditActions.ViewResident, "resident", "R0007", (int?)7), (audit.Action, audit.TargetType, audit.TargetId, audit.ResidentId));
        Assert.Equal(((int?)3, "yamada", "会津若松"), (audit.UserId, audit.UserName, audit.Site));
        Assert.Equal(time.Now.UtcDateTime, audit.OccurredAt);
    }

    [SkippableTheory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Open_WritesNeitherRow_When_TheAuditRowCannotBeWritten(bool throughTheWriter)
    {
        var time = NewTime();
        await using var writer = new GroupCommitWriter(Connections);
        var views = new ResidentViewRepository(Connections, time, throughTheWriter ? writer : null);

        // AuditLog.Action is NOT NULL on both engines: the audit insert fails, and the heartbeat with it.
        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => views.OpenAsync(7, "session-a", "yamada", "山田 花子", "会津若松", Viewed(action: null)));

        Assert.Empty(await views.HeartbeatAsync(7, "session-b", "sato", "佐藤 一郎", "いわき"));
        await using var connection = await Connections.OpenAsync();
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM AuditLog"));
    }
}

public sealed class ResidentViewRepositoryTestsOnSqlite : ResidentViewRepositoryTests<OnSqlite>;

public sealed class ResidentViewRepositoryTestsOnSqlServer : ResidentViewRepositoryTests<OnSqlServer>;
