using CallCenter.Data.ApiKeys;
using Dapper;

namespace CallCenter.Tests.Data.ApiKeys;

public abstract class ApiKeyRepositoryTests<TDb> : DatabaseTests<TDb> where TDb : IDatabaseKind
{
    private ApiKeyRepository Keys => new(Connections, TimeProvider.System);

    [SkippableFact]
    public async Task Create_StoresOnlyTheHash_And_FindsBySecret()
    {
        var (key, secret) = await Keys.CreateAsync("いわき市役所", ApiKeyScope.Export, "admin");

        Assert.StartsWith("cc_", secret);
        Assert.True(secret.Length > 40);
        Assert.Equal(secret[..10], key.KeyPrefix);
        var found = await Keys.FindActiveAsync(secret);
        Assert.Equal(("いわき市役所", "export", "admin"), (found!.Name, found.Scope, found.CreatedBy));
        await using var connection = await Connections.OpenAsync();
        var stored = await connection.QuerySingleAsync<string>("SELECT KeyHash FROM ApiKeys");
        Assert.DoesNotContain(secret, stored);
        Assert.Equal(64, stored.Length);
    }

    [SkippableFact]
    public async Task FindActive_IsNull_When_KeyIsUnknownOrRevoked()
    {
        var (key, secret) = await Keys.CreateAsync("PBX", ApiKeyScope.Read, "admin");

        Assert.Null(await Keys.FindActiveAsync(secret + "x"));
        Assert.True(await Keys.RevokeAsync(key.ApiKeyId, "admin"));
        Assert.False(await Keys.RevokeAsync(key.ApiKeyId, "admin"));
        Assert.Null(await Keys.FindActiveAsync(secret));
        var listed = Assert.Single(await Keys.ListAsync());
        Assert.False(listed.IsActive);
        Assert.Equal("admin", listed.RevokedBy);
    }

    [SkippableFact]
    public async Task Touch_RecordsLastUse()
    {
        var (key, _) = await Keys.CreateAsync("PBX", ApiKeyScope.Read, null);
        Assert.Null(key.LastUsedAt);

        await Keys.TouchAsync(key.ApiKeyId);

        Assert.NotNull((await Keys.FindByIdAsync(key.ApiKeyId))!.LastUsedAt);
    }

    [SkippableFact]
    public async Task RecordUse_WritesAtMostOncePerTouchEvery_ThroughTheGroupCommitWriter()
    {
        var clock = new CallCenter.Tests.Data.Calls.TestClock(new DateTimeOffset(2026, 3, 12, 9, 0, 0, TimeSpan.Zero));
        await using var writer = new CallCenter.Data.Database.GroupCommitWriter(Connections);
        var keys = new ApiKeyRepository(Connections, clock, writer);
        var (created, _) = await keys.CreateAsync("PBX", ApiKeyScope.Read, null);

        await keys.RecordUseAsync(created);
        var first = (await keys.FindByIdAsync(created.ApiKeyId))!;
        Assert.Equal(clock.GetUtcNow().UtcDateTime, first.LastUsedAt);
        Assert.Equal(1, writer.CommittedTransactions);

        // Used again within the minute: nothing is written.
        clock.Advance(ApiKeyRepository.TouchEvery - TimeSpan.FromSeconds(1));
        await keys.RecordUseAsync(first);
        Assert.Equal(first.LastUsedAt, (await keys.FindByIdAsync(created.ApiKeyId))!.LastUsedAt);
        Assert.Equal(1, writer.CommittedTransactions);

        // A minute later: the use is recorded again.
        clock.Advance(TimeSpan.FromSeconds(2));
        await keys.RecordUseAsync(first);
        Assert.Equal(clock.GetUtcNow().UtcDateTime, (await keys.FindByIdAsync(created.ApiKeyId))!.LastUsedAt);
        Assert.Equal(2, writer.CommittedTransactions);
    }
}

public sealed class ApiKeyRepositoryTestsOnSqlite : ApiKeyRepositoryTests<OnSqlite>;

public sealed class ApiKeyRepositoryTestsOnSqlServer : ApiKeyRepositoryTests<OnSqlServer>;
