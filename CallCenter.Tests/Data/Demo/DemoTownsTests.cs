using CallCenter.Data.Announcements;
using CallCenter.Data.Database;
using CallCenter.Data.Demo;
using CallCenter.Data.Imports;
using CallCenter.Data.Towns;
using Dapper;

namespace CallCenter.Tests.Data.Demo;

/// <summary><c>Demo:Towns</c>: a joint call center of several demo towns, each numbered from 1 like a real town.</summary>
[Collection(DemoTests.Collection)]
public sealed class DemoTownsTests
{
    private static readonly FixedTimeProvider Time = new(SeededDemoTown.Now);

    [Fact]
    public async Task SeedAsync_AddsTheNeighbours_EachWithItsOwnNumbersAddressesAndStory()
    {
        using var database = new DemoSqliteDatabase();
        new Migrations(database.Connections, new TownDefaults("079995", "汐見町")).Apply();
        var seeder = new DemoTownSeeder(database.Connections, new ResidentImportService(database.Connections, Time), Time);

        var result = await seeder.SeedAsync(new DemoSeedOptions(Residents: 600, Towns: 3));

        await using var connection = await database.Connections.OpenAsync();
        var towns = (await connection.QueryAsync<(string Code, string Name, long Residents, long Households, string First, string Last)>("""
            SELECT t.Code, t.Name, COUNT(*), COUNT(DISTINCT r.HouseholdId), MIN(r.ResidentNo), MAX(r.ResidentNo)
              FROM Residents r JOIN Towns t ON t.TownId = r.TownId
             GROUP BY t.TownId, t.Code, t.Name
             ORDER BY t.TownId
            """)).ToList();
        Assert.Equal([("079995", "汐見町", 600L), ("079910", "浜風町", 510L), ("079928", "朝凪村", 540L)],
            towns.Select(t => (t.Code, t.Name, t.Residents)));
        // Every town numbers its own residents from 1: the same numbers, different people.
        Assert.All(towns, t => Assert.Equal("0000001", t.First));
        Assert.Equal(1650, result.Residents);
        Assert.Equal(towns.Sum(t => t.Households), result.Households);
        Assert.True(result.Seeded);
        Assert.Contains("3町", result.Message);

        // Addresses and districts are the town's own.
        Assert.Equal(0L, await connection.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM Residents WHERE TownId <> 1 AND (Address LIKE '%汐見%' OR District LIKE '%汐見%')"));
        Assert.Equal(510L, await connection.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM Residents WHERE TownId = 2 AND Address LIKE '福島県双葉郡浜風町%'"));
        // A household never spans towns.
        Assert.Equal(0L, await connection.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM Residents r JOIN Households h ON h.HouseholdId = r.HouseholdId WHERE h.TownId <> r.TownId"));
        // Each town has its own calls, reports and requests.
        var story = (await connection.QueryAsync<(long TownId, long Calls, long Reports, long Requests)>("""
            SELECT t.TownId,
                   (SELECT COUNT(DISTINCT c.CallId) FROM CallResidents c JOIN Residents r ON r.ResidentId = c.ResidentId WHERE r.TownId = t.TownId),
                   (SELECT COUNT(*) FROM SafetyReports s JOIN Residents r ON r.ResidentId = s.ResidentId WHERE r.TownId = t.TownId),
                   (SELECT COUNT(*) FROM Requests q JOIN Households h ON h.HouseholdId = q.HouseholdId WHERE h.TownId = t.TownId)
              FROM Towns t
             ORDER BY t.TownId
            """)).ToList();
        Assert.Equal(3, story.Count);
        Assert.All(story, s => Assert.True(s.Calls > 0 && s.Reports > 0 && s.Requests > 0, $"town {s.TownId}: {s}"));
        Assert.Equal(result.Reports, story.Sum(s => s.Reports));
    }

    [Fact]
    public async Task SeedAsync_NamesTheTownOfEveryDistrictTarget_When_SeveralTowns()
    {
        using var database = new DemoSqliteDatabase();
        new Migrations(database.Connections, new TownDefaults("079995", "汐見町")).Apply();
        var seeder = new DemoTownSeeder(database.Connections, new ResidentImportService(database.Connections, Time), Time);

        await seeder.SeedAsync(new DemoSeedOptions(Residents: 400, Towns: 3));

        await using var connection = await database.Connections.OpenAsync();
        // Every 行政区 target has a 町 target on the same announcement whose town has that district.
        var districtTargets = (await connection.QueryAsync<(long AnnouncementId, string District, long WithItsTown)>("""
            SELECT d.AnnouncementId, d.Value,
                   (SELECT COUNT(*)
                      FROM AnnouncementTargets t
                      JOIN Towns tw ON tw.Code = t.Value
                     WHERE t.AnnouncementId = d.AnnouncementId
                       AND t.Kind = 4
                       AND EXISTS (SELECT 1 FROM Households h WHERE h.TownId = tw.TownId AND h.District = d.Value))
              FROM AnnouncementTargets d
             WHERE d.Kind = 1
            """)).ToList();
        Assert.NotEmpty(districtTargets);
        Assert.All(districtTargets, d => Assert.True(d.WithItsTown > 0, $"announcement {d.AnnouncementId}: 行政区 {d.District} has no 町 target of its town"));
        Assert.Equal(["079995"], await connection.QueryAsync<string>("SELECT DISTINCT Value FROM AnnouncementTargets WHERE Kind = 4"));

        // And every seeded announcement passes the checks a supervisor's edit of it would meet in this joint center.
        var board = new AnnouncementBoard(database.Connections, Time);
        var towns = await new TownRepository(database.Connections, Time).ListAsync();
        Assert.Equal(3, towns.Count);
        var districts = await board.DistrictsAsync(TownScope.All);
        foreach (var a in await board.ListAsync(TownScope.All))
        {
            var draft = new AnnouncementDraft(a.Title, a.Body, a.ValidFrom, a.ValidTo, a.Priority, a.IsPublic, a.ForVulnerable, a.Targets);
            Assert.Empty(AnnouncementBoard.Validate(draft, [.. districts], towns, TownScope.All));
        }
    }

    [Fact]
    public async Task SeedAsync_ExplainsTownCode_When_SeveralTownsAreAskedWithoutTheFirstTownsCode()
    {
        using var database = new DemoSqliteDatabase();
        var seeder = new DemoTownSeeder(database.Connections, new ResidentImportService(database.Connections, Time), Time);

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => seeder.SeedAsync(new DemoSeedOptions(Residents: 200, Towns: 2)));

        Assert.Contains("Town:Code", e.Message);
    }
}
