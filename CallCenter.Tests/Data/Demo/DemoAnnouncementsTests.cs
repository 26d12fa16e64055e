using System.Diagnostics;
using CallCenter.Data.Announcements;
using CallCenter.Data.Settings;
using CallCenter.Tests.Data.Announcements;
using CallCenter.Data.Towns;
using Dapper;
using Xunit.Abstractions;

namespace CallCenter.Tests.Data.Demo;

/// <summary>The demo town's announcements (issue 18): the five kinds, some deliveries, and coverage equal to a fresh count.</summary>
[Collection(DemoTests.Collection)]
public sealed class DemoAnnouncementsTests(SeededDemoTown town, ITestOutputHelper output) : IClassFixture<SeededDemoTown>
{
    [Fact]
    public async Task TheTown_HasItsAnnouncements_AndCoverageEqualsAFreshCount()
    {
        var board = new AnnouncementBoard(town.Database.Connections, town.Time);
        var all = await board.ListAsync(TownScope.All);

        Assert.Equal(5, all.Count);
        Assert.Single(all, a => a.IsPublic);
        Assert.Single(all, a => a.ForVulnerable);
        Assert.Single(all, a => a.Targets.Any(t => t.Kind == TargetKind.District));
        // One town: no announcement names a town (as before towns existed).
        Assert.DoesNotContain(all, a => a.Targets.Any(t => t.Kind == TargetKind.Town));
        Assert.Single(all, a => a.Priority == AnnouncementPriority.Important);
        Assert.All(all, a => Assert.Equal(AnnouncementState.Current, a.StateOn(board.Today)));
        var coverage = new AnnouncementCoverage(town.Database.Connections, new SettingsRepository(town.Database.Connections), town.Time);
        foreach (var a in all)
        {
            var (targeted, told) = await AnnouncementTestData.FreshCountAsync(town.Database.Connections, a.AnnouncementId);
            var watch = Stopwatch.StartNew();
            var figures = await coverage.FiguresAsync(a.AnnouncementId, TownScope.All);
            output.WriteLine($"{a.Title}: targeted {figures.Targeted}, told {figures.Told} in {watch.Elapsed.TotalMilliseconds:F1} ms");
            Assert.Equal((targeted.Count, told.Count), (figures.Targeted, figures.Told));
        }
        await using var connection = await town.Database.Connections.OpenAsync();
        Assert.InRange(await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM AnnouncementDeliveries"), 300, 2000);
    }
}
