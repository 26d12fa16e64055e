using System.Text;
using Bunit;
using CallCenter.Data.Audit;
using CallCenter.Data.Intentions;
using CallCenter.Tests.Data.Intentions;
using CallCenter.Web.Components.Pages.Intentions;
using CallCenter.Web.Security;

namespace CallCenter.Tests.Web.Intentions;

/// <summary>The upload page: a chosen file is checked (a dry run, audited) and shown, then imported with 取り込む.</summary>
public sealed class IntentionImportPageTests : IntentionPageTestContext
{
    private const string Postal = """
        世帯番号,回答日,帰還意向,回答者
        KH01,2026/11/02,戻りたい,佐藤 正男
        KH02,令和8年11月3日,戻らない,鈴木 一郎
        """;

    private IRenderedComponent<IntentionImportPage> Choose(string csv, string round = "2026年度")
    {
        var cut = Render<IntentionImportPage>();
        cut.Find("input[data-testid=import-round]").Change(round);
        cut.FindComponent<Microsoft.AspNetCore.Components.Forms.InputFile>()
            .UploadFiles(InputFileContent.CreateFromBinary(Encoding.UTF8.GetBytes(csv), "postal.csv", contentType: "text/csv"));
        return cut;
    }

    [Fact]
    public void Page_IsForSupervisors()
    {
        var authorize = typeof(IntentionImportPage).GetCustomAttributes(typeof(Microsoft.AspNetCore.Authorization.AuthorizeAttribute), true)
            .Cast<Microsoft.AspNetCore.Authorization.AuthorizeAttribute>().Single();
        Assert.Equal(Policies.Supervisor, authorize.Policy);
    }

    [Fact]
    public async Task AFile_IsPreviewed_ThenImported()
    {
        var cut = Choose(Postal);

        cut.WaitForAssertion(() => Assert.Contains("新規 2 世帯・更新 0 世帯・変更なし 0 行", cut.Find("[data-testid=import-preview-counts]").TextContent, StringComparison.Ordinal));
        Assert.Contains("（新しく作成します）", cut.Find("[data-testid=import-preview-counts]").TextContent, StringComparison.Ordinal);
        Assert.Equal(2, cut.FindAll("[data-testid=import-line]").Count);
        Assert.Equal(0, await IntentionTestData.CountAsync(Db.Connections, "SELECT COUNT(*) FROM IntentionAnswers"));

        cut.Find("button[data-testid=commit-import]").Click();

        cut.WaitForAssertion(() => Assert.Contains("新規 2 世帯", cut.Find("[data-testid=import-result]").TextContent, StringComparison.Ordinal));
        Assert.Equal(2, await IntentionTestData.CountAsync(Db.Connections, "SELECT COUNT(*) FROM IntentionAnswers"));
        Assert.Equal(2, (await AuditAsync(AuditActions.ImportIntentions)).Count);
    }

    [Fact]
    public async Task ABadFile_ListsItsProblems_And_CannotBeImported()
    {
        var cut = Choose(Postal + "\nKH99,2026/11/02,戻りたい,\n");

        cut.WaitForAssertion(() => Assert.Contains("4行目 世帯番号: 世帯番号「KH99」は住民台帳にありません", cut.Find("[data-testid=import-errors]").TextContent, StringComparison.Ordinal));
        Assert.Empty(cut.FindAll("button[data-testid=commit-import]:not([disabled])"));
        Assert.Equal(0, await IntentionTestData.CountAsync(Db.Connections, "SELECT COUNT(*) FROM SurveyRounds"));
    }
}
