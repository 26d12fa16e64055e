using System.Text;
using Bunit;
using CallCenter.Data;
using CallCenter.Data.Audit;
using CallCenter.Data.Imports;
using CallCenter.Data.Reports;
using CallCenter.Tests.Data.Calls;
using CallCenter.Tests.Data.Imports;
using CallCenter.Web.Components.Pages.Imports;
using Dapper;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.Configuration;

namespace CallCenter.Tests.Web.Imports;

/// <summary>
/// The status-list upload page over a real SQLite file holding the shared test register: preview of a chosen file,
/// errors in Japanese for a bad one, and a commit that records reports, queues the rest and is audited.
/// </summary>
public sealed class StatusImportPageTests : AdminPageTestContext
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    public StatusImportPageTests()
    {
        // The page's services as the app registers them (whatever classes the import is made of).
        Services.AddCallCenterData(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:CallCenter"] = $"Data Source={Db.Path}" })
            .Build());
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    public override Task InitializeAsync() => CallTestData.ImportAsync(Db.Connections, StatusImportTestData.Register);

    private static void Upload(IRenderedComponent<StatusImportPage> cut, byte[] bytes, string name) =>
        cut.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(bytes, name, contentType: "text/csv"));

    private static void Upload(IRenderedComponent<StatusImportPage> cut, string csv, string name = "避難所名簿.csv") =>
        Upload(cut, Encoding.UTF8.GetBytes(csv), name);

    private static bool CommitEnabled(IRenderedComponent<StatusImportPage> cut) =>
        !cut.Find("button[data-testid=commit-import]").HasAttribute("disabled");

    private async Task<long> CountAsync(string sql, object? parameters = null)
    {
        await using var connection = await Db.Connections.OpenAsync();
        return await connection.ExecuteScalarAsync<long>(sql, parameters);
    }

    private async Task<IReadOnlyList<AuditEntry>> AuditAsync(string action) =>
        [.. (await AuditRowsAsync()).Where(e => e.Action == action)];

    [Fact]
    public async Task Preview_ShowsTheLinesAndHowTheyMatch_When_AFileIsChosen_And_WritesNothingButItsAuditRow()
    {
        var cut = Render<StatusImportPage>();
        cut.WaitForAssertion(() => Assert.Equal("true", cut.Find("[data-testid=file-picker]").GetAttribute("data-ready")), Wait);

        Upload(cut, StatusImportTestData.MixedList);

        cut.WaitForAssertion(() => cut.Find("[data-testid=preview-counts]"), Wait);
        Assert.Equal("避難所名簿.csv", TextOf(cut, "chosen-file"));
        Assert.Contains("避難所名簿.csv（避難所名簿、", TextOf(cut, "preview"), StringComparison.Ordinal);
        Assert.Equal("一致 2", TextOf(cut, "count-matched"));
        Assert.Equal("候補複数・要確認 3", TextOf(cut, "count-ambiguous"));
        Assert.Equal("該当なし 1", TextOf(cut, "count-unmatched"));
        // Line 2 names its resident by number: the line that would be recorded on S0003.
        var line2 = TextOf(cut, "preview-line-2");
        Assert.Contains("一致", line2, StringComparison.Ordinal);
        Assert.Contains("S0003", line2, StringComparison.Ordinal);
        Assert.True(CommitEnabled(cut));
        Assert.Empty(cut.FindAll("[data-testid=preview-errors]"));
        Assert.Empty(cut.FindAll("[data-testid=import-result]"));

        var preview = Assert.Single(await AuditAsync(AuditActions.PreviewStatusImport));
        Assert.Equal("admin", preview.UserName);
        Assert.StartsWith("ファイル 避難所名簿.csv・避難所名簿・文字コード ", preview.Details, StringComparison.Ordinal);
        Assert.EndsWith("・6行・エラー 0件", preview.Details, StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM SafetyReports"));
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM StatusImportRows"));
    }

    [Fact]
    public async Task BadFile_ListsItsProblemsInJapanese_And_CannotBeCommitted()
    {
        var csv = string.Join("\r\n", StatusImportTestData.Header,
            "S0003,佐藤 浩二,サトウ コウジ,1975/02/14,男,無事,避難所,福島県,会津若松市,体育館,,2026/03/13",
            ",佐藤 節子,サトウ セツコ,昭和25年8月1日,女,元気,避難所,福島県,会津若松市,体育館,,2026/03/13",
            ",佐藤 正男,サトウ マサオ,昭和22年5月3日,男,無事,テント,福島県,会津若松市,体育館,,2026/03/13", "");
        var cut = Render<StatusImportPage>();

        Upload(cut, csv, "bad.csv");

        cut.WaitForAssertion(() => cut.Find("[data-testid=preview-errors]"), Wait);
        var preview = TextOf(cut, "preview");
        Assert.Contains("このファイルには 2 件の問題があります。", preview, StringComparison.Ordinal);
        var errors = cut.FindAll("[data-testid=preview-errors] tbody tr").Select(r => r.TextContent).ToList();
        Assert.Equal(2, errors.Count);
        Assert.Contains(errors, e => e.Contains("3行目", StringComparison.Ordinal) && e.Contains("安否", StringComparison.Ordinal)
            && e.Contains("元気", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("4行目", StringComparison.Ordinal)
            && e.Contains("避難所/親族・知人宅/旅館・ホテル/仮設住宅/借上げ住宅/病院/福祉施設/自宅/海外/その他/不明 のいずれかにしてください（テント）", StringComparison.Ordinal));
        Assert.Empty(cut.FindAll("[data-testid=preview-counts]"));
        Assert.False(CommitEnabled(cut));
        Assert.EndsWith("エラー 2件", Assert.Single(await AuditAsync(AuditActions.PreviewStatusImport)).Details, StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM SafetyReports"));
    }

    [Fact]
    public async Task File_Over50Megabytes_IsRefusedWithAMessage_And_NotRead()
    {
        var cut = Render<StatusImportPage>();

        Upload(cut, new byte[StatusListImportService.MaxFileBytes + 1], "huge.csv");

        cut.WaitForAssertion(() => Assert.Equal("ファイルが大きすぎます（50 MB）。50 MB までのファイルにしてください。", TextOf(cut, "file-problem")), Wait);
        Assert.Empty(cut.FindAll("[data-testid=preview]"));
        Assert.Empty(await AuditAsync(AuditActions.PreviewStatusImport));
    }

    [Fact]
    public async Task Commit_RecordsTheMatchedLines_QueuesTheRest_And_IsAuditedAsTheSignedInUser()
    {
        var cut = Render<StatusImportPage>();
        Upload(cut, StatusImportTestData.MixedList);
        cut.WaitForAssertion(() => Assert.True(CommitEnabled(cut)), Wait);

        cut.Find("button[data-testid=commit-import]").Click();

        cut.WaitForAssertion(() => Assert.Contains("取り込みました: 安否を記録 2 件、照合待ち 4 件、取り込み済み 0 件。",
            TextOf(cut, "import-result"), StringComparison.Ordinal), Wait);
        Assert.Equal("/imports/review", cut.Find("[data-testid=to-review]").GetAttribute("href"));
        Assert.Empty(cut.FindAll("[data-testid=preview]"));
        Assert.Empty(cut.FindAll("[data-testid=commit-import]"));
        Assert.Equal(2, await CountAsync("SELECT COUNT(*) FROM SafetyReports WHERE Source = 4"));
        Assert.Equal(6, await CountAsync("SELECT COUNT(*) FROM StatusImportRows"));
        Assert.Equal(SafetyStatus.Safe, (await CallTestData.ResidentAsync(Db.Connections, "S0003")).Status);
        var import = Assert.Single(await AuditAsync(AuditActions.ImportStatus));
        Assert.Equal((AdminId, "admin", "会津若松"), (import.UserId, import.UserName, import.Site));
        Assert.Equal(2, await CountAsync("SELECT COUNT(*) FROM SafetyReports WHERE Source = 4 AND OperatorUserId = @AdminId", new { AdminId }));
    }
}
