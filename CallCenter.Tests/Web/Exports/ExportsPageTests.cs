using System.Security.Claims;
using Bunit;
using CallCenter.Data.Exports;
using CallCenter.Tests.Data.Calls;
using CallCenter.Tests.Web.Dashboard;
using CallCenter.Tests.Web.Residents;
using CallCenter.Web.Components.Pages.Exports;
using CallCenter.Web.Files;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CallCenter.Tests.Web.Exports;

/// <summary>The exports page over the sample town: the file, its link, and nothing left behind when the page closes.</summary>
public sealed class ExportsPageTests : DashboardTestContext
{
    private readonly string tempRoot = Directory.CreateTempSubdirectory("callcenter-exports-page-").FullName;

    public ExportsPageTests()
    {
        CallTestData.ImportAsync(Database.Connections, SampleTown.Register).GetAwaiter().GetResult();
        var files = new PrivateTempFiles(Options.Create(new TempFileOptions { Folder = tempRoot }), TimeProvider.System, NullLogger<PrivateTempFiles>.Instance);
        Services.AddSingleton(files);
        Services.AddSingleton<ExportDownloads>();
        Services.AddScoped<ExportFileMaker>();
        AddAuthorization().SetClaims(new Claim(ClaimTypes.NameIdentifier, "5"));
    }

    protected override async ValueTask DisposeTestResourcesAsync()
    {
        await base.DisposeTestResourcesAsync();
        Directory.Delete(tempRoot, recursive: true);
    }

    private string TempFolder => Services.GetRequiredService<PrivateTempFiles>().Folder;

    [Fact]
    public async Task Create_WritesTheResidentsFile_LinksIt_And_TheFileGoesWithThePage()
    {
        Source.ListTotal = 36;
        var cut = Render<ExportsPage>();

        cut.Find("[data-testid=export-create]").Click();

        cut.WaitForAssertion(() => Assert.Contains("行を書き出しました", cut.Find("[data-testid=export-rows]").TextContent, StringComparison.Ordinal));
        var href = cut.Find("[data-testid=export-download]").GetAttribute("href")!;
        Assert.StartsWith(ExportDownloads.RoutePrefix, href, StringComparison.Ordinal);
        Assert.Contains("UTF-8（BOM付き）", cut.Find("[data-testid=export-rows]").TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=export-replaced-warning]"));
        var file = Assert.Single(Directory.GetFiles(TempFolder));
        Assert.Equal([0xEF, 0xBB, 0xBF], (await File.ReadAllBytesAsync(file))[..3]);

        await DisposeComponentsAsync();

        Assert.Empty(Directory.GetFiles(TempFolder));
        Assert.Null(Services.GetRequiredService<ExportDownloads>().Take(href[ExportDownloads.RoutePrefix.Length..], userId: 5));
    }

    [Fact]
    public void Create_ExplainsInJapanese_When_TheChangedSinceDateIsWrong()
    {
        var cut = Render<ExportsPage>();
        cut.Find("input[data-testid=export-since]").Input("令和8年2月30日");

        cut.Find("[data-testid=export-create]").Click();

        cut.WaitForAssertion(() => Assert.StartsWith("変更日:", cut.Find("[data-testid=export-error]").TextContent.Trim(), StringComparison.Ordinal));
        Assert.Empty(Directory.GetFiles(TempFolder));
    }
    [Fact]
    public async Task Create_WritesAnXlsx_When_ExcelIsChosen_And_TheEncodingIsSetAside()
    {
        Source.ListTotal = 36;
        var cut = Render<ExportsPage>();
        Assert.False(cut.Find("[data-testid=export-encoding] input[type=radio]").HasAttribute("disabled"));

        cut.FindAll("[data-testid=export-format] input[type=radio]")[1].Click();

        cut.WaitForAssertion(() => Assert.All(cut.FindAll("[data-testid=export-encoding] input[type=radio]"), r => Assert.True(r.HasAttribute("disabled"))));
        Assert.Contains("CSVのみ", cut.Markup, StringComparison.Ordinal);
        cut.Find("[data-testid=export-create]").Click();

        cut.WaitForAssertion(() => Assert.Contains("Excel形式", cut.Find("[data-testid=export-rows]").TextContent, StringComparison.Ordinal));
        Assert.EndsWith(".xlsx", cut.Find("[data-testid=export-download]").GetAttribute("download"), StringComparison.Ordinal);
        Assert.StartsWith("住民の安否一覧_", cut.Find("[data-testid=export-download]").GetAttribute("download"), StringComparison.Ordinal);
        var file = Assert.Single(Directory.GetFiles(TempFolder));
        Assert.EndsWith(".xlsx", file, StringComparison.Ordinal);
        var book = new CallCenter.Tests.Data.Exports.XlsxWorkbook(await File.ReadAllBytesAsync(file));
        var sheet = Assert.Single(book.Sheets);
        Assert.Equal("住民の安否一覧", sheet.Name);
        Assert.True(sheet.Rows.Count > 1);
        Assert.StartsWith($"{sheet.Rows.Count - 1:N0} 行を書き出しました", cut.Find("[data-testid=export-rows]").TextContent.Trim(), StringComparison.Ordinal);
    }
}
