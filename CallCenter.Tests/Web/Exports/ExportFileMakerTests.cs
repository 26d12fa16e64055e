using System.Globalization;
using System.Security.Claims;
using System.Text;
using CallCenter.Data.Audit;
using CallCenter.Data.Dashboard;
using CallCenter.Data.Exports;
using CallCenter.Tests.Data;
using CallCenter.Tests.Data.Calls;
using CallCenter.Tests.Web.Residents;
using CallCenter.Web.Api;
using CallCenter.Web.Components.Pages.Exports;
using CallCenter.Web.Files;
using CallCenter.Web.Security;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CallCenter.Tests.Web.Exports;

/// <summary>The exports page's file: written to the private folder, audited, linked once; nothing left when cancelled.</summary>
public sealed class ExportFileMakerTests : IAsyncLifetime
{
    private readonly TestDatabase.SqliteTestDatabase db = TestDatabase.CreateSqlite();
    private readonly string root = Directory.CreateTempSubdirectory("callcenter-files-test-").FullName;
    private PrivateTempFiles files = null!;
    private ExportDownloads downloads = null!;
    private ExportFileMaker maker = null!;

    private static readonly ClaimsPrincipal Supervisor = ExportTestUsers.Supervisor;

    public async Task InitializeAsync()
    {
        db.Migrate();
        await CallTestData.ImportAsync(db.Connections, SampleTown.Register);
        files = new PrivateTempFiles(Options.Create(new TempFileOptions { Folder = root }), TimeProvider.System, NullLogger<PrivateTempFiles>.Instance);
        downloads = new ExportDownloads(files, TimeProvider.System);
        maker = new ExportFileMaker(new ExportService(db.Connections), files, downloads,
            new AuditTrail(new AuditRepository(db.Connections, TimeProvider.System)));
    }

    public async Task DisposeAsync()
    {
        await db.DisposeAsync();
        Directory.Delete(root, recursive: true);
    }

    private static ExportRequest Request(ExportEncoding encoding) =>
        new(ExportKind.Residents, new ExportOptions(encoding), new ResidentListFilter(District: "浜区"), Today: new DateOnly(2026, 3, 20));

    [Fact]
    public async Task Make_WritesTheFile_AuditsIt_And_LinksItForItsMaker()
    {
        var file = await maker.MakeAsync(Request(ExportEncoding.Cp932), "?encoding=cp932&district=%E6%B5%9C%E5%8C%BA", Supervisor, null, CancellationToken.None);

        Assert.Equal("住民の安否一覧_20260320.csv", file.FileName);
        var download = downloads.Take(file.Token, userId: 42);
        Assert.NotNull(download);
        Assert.StartsWith(files.Folder, download.Path, StringComparison.Ordinal);
        Assert.Equal(file.Bytes, new FileInfo(download.Path).Length);
        Assert.Equal("text/csv; charset=shift_jis", download.ContentType);
        Assert.StartsWith("住民番号,", Encoding.GetEncoding(932).GetString(await File.ReadAllBytesAsync(download.Path)), StringComparison.Ordinal);
        var audit = Assert.Single(await new AuditRepository(db.Connections, TimeProvider.System).RecentAsync(take: 10), a => a.Action == AuditActions.Export);
        Assert.Equal(("m.watanabe", "residents", $"行政区 浜区・{file.Result.Rows}行・文字コード Shift_JIS（CP932）・出力画面から"),
            (audit.UserName, audit.TargetId, audit.Details));
        Assert.True(file.Result.Rows > 0, file.Result.Rows.ToString(CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Make_LeavesNoFileAndNoAuditRow_When_Cancelled()
    {
        using var cancel = new CancellationTokenSource();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => maker.MakeAsync(Request(ExportEncoding.Utf8), "?", Supervisor, null, cancel.Token));

        Assert.Empty(Directory.GetFiles(files.Folder));
        Assert.DoesNotContain(await new AuditRepository(db.Connections, TimeProvider.System).RecentAsync(take: 10), a => a.Action == AuditActions.Export);
    }
}
