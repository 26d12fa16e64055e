using CallCenter.Data.ApiKeys;
using CallCenter.Data.Towns;
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

    private TownRepository TownRepo => new(Connections, TimeProvider.System);

    // The first town takes a code first (as Town:Code does at start-up): towns are added only then.
    private async Task<int> AddTownAsync(string code, string name)
    {
        await using (var connection = await Connections.OpenAsync())
        {
            await Dapper.SqlMapper.ExecuteAsync(connection, "UPDATE Towns SET Code = '079995', Name = @Name WHERE Code = ''", new { Name = "汐見町" });
        }
        return (await TownRepo.AddAsync(code, name)).Town!.TownId;
    }

    [SkippableFact]
    public async Task Create_WithTowns_WritesTheKey_ItsTowns_And_OneAuditRowNamingItsPrefix()
    {
        await AddTownAsync("075451", "大熊町");
        var okuma = (await TownRepo.FindByCodeAsync("075451"))!;

        var (key, secret) = await Keys.CreateAsync("大熊町 PBX", ApiKeyScope.Read, TownScope.Only([okuma.TownId]), new CallCenter.Data.Calls.OperatorContext(null, "admin", null),
            prefix => $"名前「大熊町 PBX」・キーの先頭 {prefix}・町 大熊町（075451）");

        Assert.Equal(("大熊町 PBX", "admin"), (key.Name, key.CreatedBy));
        Assert.Equal([okuma.TownId], (await TownRepo.ScopeOfApiKeyAsync(key.ApiKeyId)).TownIds);
        var row = Assert.Single(await new CallCenter.Data.Audit.AuditRepository(Connections, TimeProvider.System).RecentAsync(take: 10));
        Assert.Equal((CallCenter.Data.Audit.AuditActions.CreateApiKey, key.ApiKeyId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            $"名前「大熊町 PBX」・キーの先頭 {secret[..10]}・町 大熊町（075451）"), (row.Action, row.TargetId, row.Details));
        Assert.DoesNotContain(secret, row.Details!, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task ALimitedAdmin_ListsFindsAndRevokes_OnlyTheKeysWhoseTownsLieInsideItsOwn()
    {
        var okuma = await AddTownAsync("075451", "大熊町");
        var tomioka = await AddTownAsync("075434", "富岡町");
        var (everywhere, _) = await Keys.CreateAsync("全町", ApiKeyScope.Export, "admin");
        var (okumaKey, _) = await Keys.CreateAsync("大熊町", ApiKeyScope.Read, "admin", towns: TownScope.Only([okuma]));
        var (both, _) = await Keys.CreateAsync("両町", ApiKeyScope.Read, "admin", towns: TownScope.Only([okuma, tomioka]));
        var okumaAdmin = TownScope.Only([okuma]);

        Assert.Equal(["大熊町"], (await Keys.ListAsync(okumaAdmin)).Select(k => k.Name));
        Assert.Equal(3, (await Keys.ListAsync(TownScope.All)).Count);
        foreach (var other in new[] { everywhere.ApiKeyId, both.ApiKeyId })
        {
            Assert.Null(await Keys.FindByIdAsync(other, okumaAdmin));
            Assert.False(await Keys.RevokeAsync(other, "okuma-admin", okumaAdmin));
        }
        Assert.NotNull(await Keys.FindByIdAsync(okumaKey.ApiKeyId, okumaAdmin));
        Assert.True(await Keys.RevokeAsync(okumaKey.ApiKeyId, "okuma-admin", okumaAdmin));

        Assert.Equal(["大熊町"], (await Keys.ListAsync()).Where(k => !k.IsActive).Select(k => k.Name));
    }
}

public sealed class ApiKeyRepositoryTestsOnSqlite : ApiKeyRepositoryTests<OnSqlite>;

public sealed class ApiKeyRepositoryTestsOnSqlServer : ApiKeyRepositoryTests<OnSqlServer>;
