using CallCenter.Data.Towns;
using System.Security.Claims;
using CallCenter.Data;
using CallCenter.Data.Audit;
using CallCenter.Data.Dashboard;
using CallCenter.Tests.Data;
using CallCenter.Tests.Web.Residents;
using CallCenter.Web.Components.Pages.Dashboard;
using CallCenter.Web.Security;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CallCenter.Tests.Web.Dashboard;

/// <summary>The resident list's reads and audit rows on the sample town's SQLite file, registered as the app does.</summary>
public sealed class ResidentListReaderTests : IAsyncLifetime
{
    private readonly TestDatabase.SqliteTestDatabase db = TestDatabase.CreateSqlite();
    private ServiceProvider services = null!;

    private static readonly ClaimsPrincipal Supervisor = new(new ClaimsIdentity(
        [new Claim(ClaimTypes.NameIdentifier, "7"), new Claim(ClaimTypes.Name, "k.suzuki"), new Claim(CallCenterClaims.Site, "本庁")], "test"));

    public async Task InitializeAsync()
    {
        db.Migrate();
        await SampleTown.SeedAsync(db.Connections, TimeProvider.System);
        services = Services(db.Configuration);
    }

    public async Task DisposeAsync()
    {
        await services.DisposeAsync();
        await db.DisposeAsync();
    }

    private static ServiceProvider Services(IConfiguration configuration)
    {
        var collection = new ServiceCollection();
        collection.AddLogging();
        collection.AddCallCenterData(configuration);
        collection.AddDashboardFeed(new ConfigurationBuilder().Build());
        collection.AddSingleton<AuditTrail>();
        return collection.BuildServiceProvider();
    }

    private static ResidentListReader NewReader(IServiceProvider provider) => ActivatorUtilities.CreateInstance<ResidentListReader>(provider);

    private async Task<IReadOnlyList<AuditEntry>> ListAuditsAsync() =>
        [.. (await new AuditRepository(db.Connections, TimeProvider.System).RecentAsync(50)).Where(e => e.Action == AuditActions.ViewResidentList)];

    [Fact]
    public async Task DistrictsAsync_AreTheTownsDistricts()
    {
        Assert.Equal(["山区", "川区", "浜区"], (await NewReader(services).DistrictsAsync(TownScope.All, CancellationToken.None)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task LoadAsync_ReadsOnePageInTheListsOrder_And_AuditsTheRowsShown()
    {
        var query = new ResidentListQuery(new ResidentListFilter(District: "浜区"), ResidentListSort.ResidentNo);

        var load = await NewReader(services).LoadAsync(query, TownScope.All, skip: 2, take: 3, Supervisor, CancellationToken.None);

        Assert.Null(load.Error);
        Assert.NotNull(load.Page);
        Assert.Equal(9, load.Page.Total);
        Assert.Equal(["K0003", "K0007", "K0008"], load.Page.Residents.Select(r => r.ResidentNo));
        var audit = Assert.Single(await ListAuditsAsync());
        Assert.Equal(("resident-list", "行政区 浜区・3〜5件目／全9件", 7), (audit.TargetType, audit.Details, audit.UserId));
    }

    [Fact]
    public async Task LoadAsync_WritesNoAuditRow_When_NobodyIsSignedIn()
    {
        var query = new ResidentListQuery(new ResidentListFilter());

        var load = await NewReader(services).LoadAsync(query, TownScope.All, 0, 50, user: null, CancellationToken.None);

        Assert.Equal(20, load.Page!.Total);
        Assert.Empty(await ListAuditsAsync());
    }

    [Fact]
    public async Task LoadAsync_KeepsThePage_And_SaysSoInJapanese_When_TheAuditRowCannotBeWritten()
    {
        await using var readOnly = Services(db.ConfigurationWith("Mode=ReadOnly"));
        var query = new ResidentListQuery(new ResidentListFilter());

        var load = await NewReader(readOnly).LoadAsync(query, TownScope.All, 0, 50, Supervisor, CancellationToken.None);

        Assert.Equal(20, load.Page!.Total);
        Assert.Equal("一覧を読み込めませんでした。少し待ってからもう一度開いてください。", load.Error);
        Assert.Empty(await ListAuditsAsync());
    }
}
