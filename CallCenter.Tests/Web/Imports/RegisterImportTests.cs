using System.Globalization;
using System.Security.Claims;
using System.Text;
using CallCenter.Data.Audit;
using CallCenter.Web.Components.Pages.Imports;
using CallCenter.Web.Files;
using CallCenter.Web.Security;
using Dapper;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CallCenter.Tests.Web.Imports;

/// <summary>The register import page's file and data work on a real SQLite file: receive, check (dry run), commit, each audited.</summary>
public sealed class RegisterImportTests : AdminPageTestContext
{
    private const string Header = RegisterFiles.Header;

    private static readonly string GoodFile = RegisterFiles.GoodFile;

    private readonly string tempRoot = Directory.CreateTempSubdirectory("callcenter-register-import-").FullName;

    public RegisterImportTests()
    {
        Services.AddSingleton(Options.Create(new RegisterUploadOptions { MaxMegabytes = 1 }));
        Services.AddSingleton(new PrivateTempFiles(Options.Create(new TempFileOptions { Folder = tempRoot }), TimeProvider.System,
            NullLogger<PrivateTempFiles>.Instance));
    }

    protected override async ValueTask DisposeTestResourcesAsync()
    {
        await base.DisposeTestResourcesAsync();
        Directory.Delete(tempRoot, recursive: true);
    }

    private RegisterImport Import => Services.GetRequiredService<RegisterImport>();

    private ClaimsPrincipal AdminPrincipal => new(new ClaimsIdentity(
    [
        new Claim(ClaimTypes.NameIdentifier, AdminId.ToString(CultureInfo.InvariantCulture)),
        new Claim(ClaimTypes.Name, "admin"),
        new Claim(CallCenterClaims.Site, "会津若松"),
    ], "test"));

    private async Task<(long Residents, long Households)> CountsAsync()
    {
        await using var connection = await Db.Connections.OpenAsync();
        return (await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM Residents"),
                await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM Households"));
    }

    private async Task<IReadOnlyList<(string? TargetId, string? Details)>> AuditAsync() =>
        (await AuditRowsAsync()).Where(a => a.Action == AuditActions.ImportResidents).Select(a => (a.TargetId, a.Details)).ToList();

    private async Task<string> WriteAsync(string text)
    {
        var path = Import.NewPath();
        await File.WriteAllTextAsync(path, text, Encoding.UTF8);
        return path;
    }

    [Fact]
    public void TooLarge_NamesTheLimit_And_TheCommand_Only_When_TheFileIsOverIt()
    {
        Assert.Null(Import.TooLarge(1024 * 1024));

        Assert.Equal("ファイルが大きすぎます（1.0 MB）。1 MB までのファイルを選んでください。もっと大きな名簿はコマンド import-residents で取り込めます。",
            Import.TooLarge(1024 * 1024 + 1));
    }

    [Fact]
    public async Task Receive_CopiesTheUploadToTheNewFile_ReportingTheBytes()
    {
        var bytes = Encoding.UTF8.GetBytes(GoodFile);
        var path = Import.NewPath();
        var reported = new List<int>();

        await Import.ReceiveAsync(new UploadedFile(bytes), path, new SyncProgress(reported.Add), CancellationToken.None);

        Assert.Equal(bytes, await File.ReadAllBytesAsync(path));
        Assert.Equal(bytes.Length, reported[^1]);
        Assert.StartsWith(Path.GetFullPath(tempRoot), Path.GetFullPath(path), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_WritesNothing_KeepsTheFile_GivesThePreviewRows_And_AuditsTheDryRun()
    {
        var path = await WriteAsync(GoodFile);

        var (result, rows) = await Import.CheckAsync(AdminPrincipal, "中浜地区.csv", 1234, path, new SyncProgress(_ => { }), CancellationToken.None);

        Assert.Equal((2, 0), (result.Inserted, result.Errors.Count));
        Assert.False(result.Committed);
        Assert.Equal("住民番号", rows.Header[0]);
        Assert.Equal("大和田 セツ子", rows.Rows[1][3]);
        Assert.Equal((0, 0), await CountsAsync());
        Assert.True(File.Exists(path));
        Assert.Equal(("中浜地区.csv", "追加 2件・更新 0件・変更なし 0件・エラー 0件・文字コード UTF-8・ファイル 1,234バイト・確認のみ（書き込みなし）"), Assert.Single(await AuditAsync()));
    }

    [Fact]
    public async Task Check_DeletesTheFile_When_ItHasErrors_And_StillAuditsIt()
    {
        var path = await WriteAsync(Header + "\r\n0000101,H0101,世帯主,大和田 茂,オオワダ シゲル,昭和99年99月99日,男,中浜,汐見町,\r\n");

        var (result, _) = await Import.CheckAsync(AdminPrincipal, "誤り.csv", 99, path, new SyncProgress(_ => { }), CancellationToken.None);

        Assert.NotEmpty(result.Errors);
        Assert.False(File.Exists(path));
        var audit = Assert.Single(await AuditAsync());
        Assert.Equal("誤り.csv", audit.TargetId);
        Assert.EndsWith("・ファイル 99バイト・確認のみ（書き込みなし）", audit.Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Commit_WritesTheRegister_And_AuditsTheImport()
    {
        var path = await WriteAsync(GoodFile);

        var result = await Import.CommitAsync(AdminPrincipal, "中浜地区.csv", 1234, path, new SyncProgress(_ => { }), CancellationToken.None);

        Assert.True(result.Committed);
        Assert.Equal((2, 1), await CountsAsync());
        Assert.Equal(("中浜地区.csv", "追加 2件・更新 0件・変更なし 0件・エラー 0件・文字コード UTF-8・ファイル 1,234バイト"), Assert.Single(await AuditAsync()));
    }

    /// <summary>Reports on the caller's thread (Progress&lt;T&gt; would post to the thread pool).</summary>
    private sealed class SyncProgress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }

    /// <summary>A file as the browser hands it over, from bytes.</summary>
    private sealed class UploadedFile(byte[] bytes) : IBrowserFile
    {
        public string Name => "住民名簿.csv";

        public DateTimeOffset LastModified => DateTimeOffset.UnixEpoch;

        public long Size => bytes.Length;

        public string ContentType => "text/csv";

        public Stream OpenReadStream(long maxAllowedSize = 512000, CancellationToken cancellationToken = default) =>
            bytes.Length > maxAllowedSize ? throw new IOException("too large") : new MemoryStream(bytes, writable: false);
    }
}
