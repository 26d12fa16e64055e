using CallCenter.Data.Settings;

namespace CallCenter.Tests.Data.Settings;

public abstract class SettingsRepositoryTests<TDb> : DatabaseTests<TDb> where TDb : IDatabaseKind
{
    [SkippableFact]
    public async Task Set_CreatesThenReplaces_AndGetReadsIt()
    {
        var settings = new SettingsRepository(Connections);
        Assert.Null(await settings.GetAsync(SettingsRepository.DisasterDate));

        await settings.SetAsync(SettingsRepository.DisasterDate, "2026-03-11");
        await settings.SetAsync(SettingsRepository.DisasterDate, "2026-11-05");

        Assert.Equal("2026-11-05", await settings.GetAsync(SettingsRepository.DisasterDate));
        Assert.Null(await settings.GetAsync("disasterdate"));
    }
}

public sealed class SettingsRepositoryTestsOnSqlite : SettingsRepositoryTests<OnSqlite>;

public sealed class SettingsRepositoryTestsOnSqlServer : SettingsRepositoryTests<OnSqlServer>;
