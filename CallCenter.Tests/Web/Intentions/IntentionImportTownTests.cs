using System.Text;
using Bunit;
using CallCenter.Data.Audit;
using CallCenter.Data.Database;
using CallCenter.Data.Imports;
using CallCenter.Data.Towns;
using CallCenter.Tests.Data.Intentions;
using CallCenter.Web.Components.Pages.Intentions;

namespace CallCenter.Tests.Web.Intentions;

/// <summary>
/// The intention upload page when several towns exist: nothing is read before a town is chosen, and a supervisor who
/// sees one town imports into that town's households only (the same 世帯番号 exist in the other town).
/// </summary>
public sealed class IntentionImportTownTests : IntentionPageTestContext
{
    private const string RegisterB = """
        住民番号,世帯番号,続柄,氏名,氏名カナ,生年月日,性別,行政区,住所,電話番号
        K0001,KH01,世帯主,遠藤 健一,エンドウ ケンイチ,1970-07-07,男,本町,富岡町本町1-1,0240-22-3344
        K0101,KH02,世帯主,吉田 保,ヨシダ タモツ,1955-02-02,男,中央,富岡町中央2-2,
        """;

    private const string Postal = """
        世帯番号,回答日,帰還意向,回答者
        KH01,2026/11/02,戻りたい,遠藤 健一
        KH02,令和8年11月3日,戻らない,吉田 保
        """;

    private int townB;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        new Migrations(Db.Connections, new TownDefaults("075451", "大熊町")).Apply();
        townB = (await new TownRepository(Db.Connections, TimeProvider.System).AddAsync("075434", "富岡町")).Town!.TownId;
        var imported = await new ResidentImportService(Db.Connections, TimeProvider.System)
            .ImportAsync(new MemoryStream(Encoding.UTF8.GetBytes(RegisterB)), dryRun: false, townId: townB);
        Assert.Empty(imported.Errors);
    }

    private IRenderedComponent<IntentionImportPage> Choose(string csv)
    {
        var cut = Render<IntentionImportPage>();
        cut.Find("input[data-testid=import-round]").Change("2026年度");
        cut.FindComponent<Microsoft.AspNetCore.Components.Forms.InputFile>()
            .UploadFiles(InputFileContent.CreateFromBinary(Encoding.UTF8.GetBytes(csv), "postal.csv", contentType: "text/csv"));
        return cut;
    }

    [Fact]
    public async Task AFile_IsNotRead_Before_ATownIsChosen()
    {
        var cut = Choose(Postal);

        cut.WaitForAssertion(() => Assert.Equal("取り込む町を選んでください。", cut.Find("[data-testid=file-problem]").TextContent.Trim()));
        Assert.NotEmpty(cut.FindAll("[data-testid=import-town]"));
        Assert.Empty(cut.FindAll("[data-testid=import-preview-counts]"));
        Assert.Empty(await AuditAsync(AuditActions.ImportIntentions));
    }

    [Fact]
    public async Task ASupervisorOfOneTown_ImportsIntoThatTownsHouseholdsOnly()
    {
        await new TownRepository(Db.Connections, TimeProvider.System).SetUserScopeAsync(Supervisor.UserId!.Value, TownScope.Only([townB]));
        var cut = Choose(Postal);
        cut.WaitForAssertion(() => Assert.Contains("新規 2 世帯・更新 0 世帯・変更なし 0 行", cut.Find("[data-testid=import-preview-counts]").TextContent, StringComparison.Ordinal));

        cut.Find("button[data-testid=commit-import]").Click();

        cut.WaitForAssertion(() => Assert.Contains("富岡町（075434）の回答を", cut.Find("[data-testid=import-result]").TextContent, StringComparison.Ordinal));
        Assert.Equal(2, await IntentionTestData.CountAsync(Db.Connections,
            $"SELECT COUNT(*) FROM IntentionAnswers a JOIN Households h ON h.HouseholdId = a.HouseholdId WHERE h.TownId = {townB}"));
        Assert.Equal(0, await IntentionTestData.CountAsync(Db.Connections,
            "SELECT COUNT(*) FROM IntentionAnswers a JOIN Households h ON h.HouseholdId = a.HouseholdId WHERE h.TownId = 1"));
        Assert.All(await AuditAsync(AuditActions.ImportIntentions), d => Assert.Contains("町 富岡町（075434）", d, StringComparison.Ordinal));
    }
}
