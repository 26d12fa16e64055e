using System.Text;
using Bunit;
using CallCenter.Data.Audit;
using CallCenter.Data.Imports;
using CallCenter.Web.Components.Pages.Imports;
using CallCenter.Web.Files;
using Dapper;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CallCenter.Tests.Web.Imports;

/// <summary>The register upload page over a real SQLite file: limit, preview, errors, commit.</summary>
public sealed class RegisterImportPageTests : AdminPageTestContext
{
    private const string Header = RegisterFiles.Header;

    private static readonly string GoodFile = RegisterFiles.GoodFile;

    private readonly string tempRoot = Directory.CreateTempSubdirectory("callcenter-register-page-").FullName;
    private readonly RegisterUploadOptions upload = new();

    public RegisterImportPageTests()
    {
        Services.AddSingleton(Options.Create(upload));
        Services.AddSingleton(new PrivateTempFiles(Options.Create(new TempFileOptions { Folder = tempRoot }), TimeProvider.System,
            NullLogger<PrivateTempFiles>.Instance));
    }

    protected override async ValueTask DisposeTestResourcesAsync()
    {
        await base.DisposeTestResourcesAsync();
        Directory.Delete(tempRoot, recursive: true);
    }

    private string TempFolder => Services.GetRequiredService<PrivateTempFiles>().Folder;

    private async Task<(long Residents, long Households)> CountsAsync()
    {
        await using var connection = await Db.Connections.OpenAsync();
        return (await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM Residents"),
                await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM Households"));
    }

    private static void Upload(IRenderedComponent<RegisterImportPage> cut, byte[] bytes, string name = "住民名簿.csv") =>
        cut.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(bytes, name, contentType: "text/csv"));

    [Fact]
    public async Task Upload_IsRefusedWithAMessage_When_TheFileIsOver50Megabytes()
    {
        var cut = Render<RegisterImportPage>();

        Upload(cut, new byte[50 * 1024 * 1024 + 1]);

        cut.WaitForAssertion(() => Assert.Contains("ファイルが大きすぎます（50.0 MB）。50 MB までのファイルを選んでください。", TextOf(cut, "register-error"), StringComparison.Ordinal));
        Assert.Empty(cut.FindAll("[data-testid=register-preview]"));
        Assert.Empty(Directory.GetFiles(TempFolder));
        Assert.Equal((0, 0), await CountsAsync());
    }

    [Fact]
    public async Task FileJustUnderAConfiguredLimit_WithAnError_ListsIt_DisablesCommit_And_WritesNothing()
    {
        upload.MaxMegabytes = 1;
        var text = new StringBuilder(GoodFile);
        var i = 200;
        while (Encoding.UTF8.GetByteCount(text.ToString()) < 1024 * 1024 - 300)
        {
            text.Append($"{i:0000000},H{i:0000},世帯主,佐藤 進{i},サトウ ススム,1950/1/1,男,中浜,福島県双葉郡汐見町大字中浜{i},\r\n");
            i++;
        }
        text.Append("0999999,H9999,世帯主,佐藤 進,サトウ ススム,1950/2/30,男,中浜,,\r\n");
        var bytes = Encoding.UTF8.GetBytes(text.ToString());
        Assert.InRange(bytes.Length, 1024 * 1024 - 300, 1024 * 1024);
        var cut = Render<RegisterImportPage>();

        Upload(cut, bytes);

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=register-has-errors]")), TimeSpan.FromSeconds(30));
        var row = cut.Find("[data-testid=register-error-row]").TextContent;
        Assert.Contains("生年月日", row, StringComparison.Ordinal);
        Assert.Contains("存在しない日付です", row, StringComparison.Ordinal);
        Assert.True(cut.Find("[data-testid=register-commit]").HasAttribute("disabled"));
        Assert.Equal((0, 0), await CountsAsync());
        // A file that cannot be committed is not kept.
        Assert.Empty(Directory.GetFiles(TempFolder));

        Upload(cut, [.. bytes, .. new byte[1024 * 1024 - bytes.Length + 1]]);
        cut.WaitForAssertion(() => Assert.Contains("1 MB までのファイルを選んでください", TextOf(cut, "register-error"), StringComparison.Ordinal));
    }

    [Fact]
    public async Task GoodFile_IsPreviewed_ThenCommitted_WithTheCliSummary_And_Audited()
    {
        var cut = Render<RegisterImportPage>();
        byte[] bytes = [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(GoodFile)];

        Upload(cut, bytes, "中浜地区.csv");

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=register-ready]")));
        Assert.Contains("新規 2 人", TextOf(cut, "register-counts"), StringComparison.Ordinal);
        Assert.Contains("大和田 セツ子", TextOf(cut, "register-rows"), StringComparison.Ordinal);
        Assert.Equal((0, 0), await CountsAsync());
        var kept = Assert.Single(Directory.GetFiles(TempFolder));

        cut.Find("[data-testid=register-commit]").Click();

        cut.WaitForAssertion(() => Assert.Equal("inserted 2, updated 0, unchanged 0, errors 0", TextOf(cut, "register-summary-line")));
        Assert.Contains("新規 2 人、更新 0 人、変更なし 0 人、エラー 0 件", TextOf(cut, "register-summary"), StringComparison.Ordinal);
        Assert.Equal((2, 1), await CountsAsync());
        Assert.False(File.Exists(kept));
        var audit = (await AuditRowsAsync()).Where(a => a.Action == AuditActions.ImportResidents).Select(a => (a.TargetId, a.Details)).ToList();
        Assert.Contains(("中浜地区.csv", $"追加 2件・更新 0件・変更なし 0件・エラー 0件・文字コード UTF-8・ファイル {bytes.Length:N0}バイト・確認のみ（書き込みなし）"), audit);
        Assert.Contains(("中浜地区.csv", $"追加 2件・更新 0件・変更なし 0件・エラー 0件・文字コード UTF-8・ファイル {bytes.Length:N0}バイト"), audit);
    }

    [Fact]
    public async Task UploadedFile_IsDeleted_When_ThePageCloses()
    {
        var cut = Render<RegisterImportPage>();
        Upload(cut, Encoding.UTF8.GetBytes(GoodFile));
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=register-ready]")));
        Assert.Single(Directory.GetFiles(TempFolder));

        await DisposeComponentsAsync();

        Assert.Empty(Directory.GetFiles(TempFolder));
        Assert.Equal((0, 0), await CountsAsync());
    }
}
