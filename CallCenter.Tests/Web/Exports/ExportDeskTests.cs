using System.Globalization;
using System.Security.Claims;
using CallCenter.Data;
using CallCenter.Data.Audit;
using CallCenter.Data.Dashboard;
using CallCenter.Data.Database;
using CallCenter.Data.Exports;
using CallCenter.Tests.Data;
using CallCenter.Tests.Data.Calls;
using CallCenter.Tests.Web.Residents;
using CallCenter.Web.Api;
using CallCenter.Web.Components.Pages.Dashboard;
using CallCenter.Web.Components.Pages.Exports;
using CallCenter.Web.Files;
using CallCenter.Web.Security;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CallCenter.Tests.Web.Exports;

/// <summary>The exports page's work on the sample town's SQLite file, with the data layer registered as the app does.</summary>
public sealed class ExportDeskTests : IAsyncLifetime
{
    private readonly TestDatabase.SqliteTestDatabase db = TestDatabase.CreateSqlite();
    private readonly string root = Directory.CreateTempSubdirectory("callcenter-export-desk-").FullName;
    private readonly TestClock clock = new(new DateTimeOffset(2026, 3, 20, 1, 0, 0, TimeSpan.Zero));
    private ServiceProvider services = null!;

    private static readonly ClaimsPrincipal Supervisor = ExportTestUsers.Supervisor;

    public async Task InitializeAsync()
    {
        db.Migrate();
        await SampleTown.SeedAsync(db.Connections, TimeProvider.System);
        var collection = new ServiceCollection();
        collection.AddLogging();
        collection.AddSingleton<TimeProvider>(clock);
        collection.AddCallCenterData(db.Configuration);
        collection.AddDashboardFeed(new ConfigurationBuilder().Build());
        collection.AddSingleton<AuditTrail>();
        collection.AddSingleton(new PrivateTempFiles(Options.Create(new TempFileOptions { Folder = root }), TimeProvider.System,
            NullLogger<PrivateTempFiles>.Instance));
        collection.AddSingleton<ExportDownloads>();
        collection.AddScoped<ExportFileMaker>();
        services = collection.BuildServiceProvider();
    }

    public async Task DisposeAsync()
    {
        await services.DisposeAsync();
        await db.DisposeAsync();
        Directory.Delete(root, recursive: true);
    }

    private ExportDesk NewDesk() => ActivatorUtilities.CreateInstance<ExportDesk>(services);

    private string[] Files => Directory.GetFiles(services.GetRequiredService<PrivateTempFiles>().Folder);

    [Fact]
    public void SetDefaultPeriod_IsTheLast30DaysInJapan()
    {
        var form = new ExportForm();

        NewDesk().SetDefaultPeriod(form);

        Assert.Equal(("2026/02/18", "2026/03/20"), (form.From, form.To));
    }

    [Fact]
    public async Task DistrictsAsync_AreTheTownsDistricts()
    {
        Assert.Equal(["山区", "川区", "浜区"], (await NewDesk().DistrictsAsync()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Check_ExplainsInJapanese_When_ADateIsWrong_And_ReadsTheRequest_When_ItIsRight()
    {
        var desk = NewDesk();
        var form = new ExportForm { Since = "令和8年2月30日" };

        Assert.Null(desk.Check(form, out _, out var error));
        Assert.StartsWith("変更日:", error, StringComparison.Ordinal);

        form.Since = "R8.3.1";
        var request = desk.Check(form, out var query, out error);

        Assert.Null(error);
        Assert.NotNull(request);
        Assert.Equal(ExportKind.Residents, request.Kind);
        Assert.Contains("since=2026-03-01", query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CountAsync_CountsTheResidentsTheFileWillHold_And_NothingForAPeriod()
    {
        var desk = NewDesk();
        var all = desk.Check(new ExportForm(), out _, out _)!;
        var unconfirmed = desk.Check(new ExportForm { Kind = ExportKind.Unconfirmed }, out _, out _)!;
        var calls = desk.Check(new ExportForm { Kind = ExportKind.Calls, From = "2026/03/01", To = "2026/03/20" }, out _, out _)!;

        var allCount = await desk.CountAsync(all, CancellationToken.None);
        var unconfirmedCount = await desk.CountAsync(unconfirmed, CancellationToken.None);

        Assert.Equal(20, allCount);
        Assert.InRange(unconfirmedCount!.Value, 1, 19);
        Assert.Null(await desk.CountAsync(calls, CancellationToken.None));
    }

    [Fact]
    public async Task MakeAsync_WritesTheFile_AuditsIt_And_Withdraw_DeletesIt()
    {
        var desk = NewDesk();
        var request = desk.Check(new ExportForm { District = "浜区" }, out var query, out _)!;

        var file = await desk.MakeAsync(request, query, Supervisor, new Progress<int>(), CancellationToken.None);

        Assert.Single(Files);
        Assert.True(file.Result.Rows > 0);
        var audit = Assert.Single(await services.GetRequiredService<AuditRepository>().RecentAsync(50), e => e.Action == AuditActions.Export);
        Assert.Equal((42, "いわき"), (audit.UserId, audit.Site));
        Assert.Equal($"行政区 浜区・{file.Result.Rows}行・文字コード UTF-8・出力画面から", audit.Details);

        desk.Withdraw(file.Token);

        Assert.Empty(Files);
    }

    [Fact]
    public void Failed_TellsAStorageFaultApart_FromAnyOtherFailure()
    {
        var desk = NewDesk();
        var request = desk.Check(new ExportForm(), out _, out _)!;

        Assert.Equal(StorageFault.Describe(StorageFaultKind.Full) + "CSVは作成していません。条件はそのままです。少し待ってからもう一度「作成」を押してください。",
            desk.Failed(new StorageFaultException(StorageFaultKind.Full, "disk full"), request));
        Assert.Equal("CSVを作成できませんでした。しばらくしてからもう一度お試しください。",
            desk.Failed(new InvalidOperationException("boom"), request));
    }
}
