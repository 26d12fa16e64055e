using CallCenter.Data.Residents;

namespace CallCenter.Tests.Data.Residents;

public abstract class ResidentViewRepositoryTests<TDb> : DatabaseTests<TDb> where TDb : IDatabaseKind
{
    private sealed class ManualTime(DateTimeOffset start) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = start;
        public override DateTimeOffset GetUtcNow() => Now;
    }

    [SkippableFact]
    public async Task Heartbeat_ShowsOtherViewers_UntilTheyLeaveOrGoStale()
    {
        var time = new ManualTime(new DateTimeOffset(2026, 3, 12, 1, 0, 0, TimeSpan.Zero));
        var views = new ResidentViewRepository(Connections, time);

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
}

public sealed class ResidentViewRepositoryTestsOnSqlite : ResidentViewRepositoryTests<OnSqlite>;

public sealed class ResidentViewRepositoryTestsOnSqlServer : ResidentViewRepositoryTests<OnSqlServer>;
