using Bunit;
using CallCenter.Data.Audit;
using CallCenter.Data.Calls;
using CallCenter.Data.Common;
using CallCenter.Data.Provisional;
using CallCenter.Data.Residents;
using CallCenter.Tests.Web.Residents;
using CallCenter.Web.Components.Pages.Provisional;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace CallCenter.Tests.Web.Provisional;

/// <summary>
/// The supervisors' list of provisional persons over the sample town, with its <see cref="MergePanel"/>: the search for
/// the registered resident, the confirmation, and what a merge writes.
/// </summary>
public sealed class ProvisionalListPageTests : ConsoleTestContext
{
    private string provisionalNo = "";

    public override async Task InitializeAsync()
    {
        await SeedAsync();
        // 𠮷田 太郎 (K0011) called from a shelter and was not found at first: registered provisionally under his reading.
        var (residentNo, errors) = await Services.GetRequiredService<ProvisionalPersonService>().CreateAsync(
            new ProvisionalPersonDraft("吉田", "太郎", "ヨシダ", "タロウ", "1990-01-15", Sex.Male, null, "避難所から"),
            new OperatorContext(null, "test-operator", "会津若松"));
        Assert.Empty(errors);
        provisionalNo = residentNo!;
    }

    private IRenderedComponent<ProvisionalListPage> RenderPage()
    {
        var cut = Render<ProvisionalListPage>();
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll(".mud-progress-linear")));
        return cut;
    }

    private static AngleSharp.Dom.IElement Button(IRenderedComponent<MudDialogProvider> dialogs, string text) =>
        dialogs.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == text);

    [Fact]
    public async Task ListsTheUnmergedProvisionalPersons_And_AuditsTheList()
    {
        var cut = RenderPage();

        var row = cut.Find($"[data-testid=provisional-{provisionalNo}]");
        Assert.Contains("吉田　太郎", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("ヨシダ　タロウ", row.TextContent, StringComparison.Ordinal);
        Assert.Single(cut.FindAll("[data-testid^=provisional-P]"));
        var audit = Assert.Single(await AuditAsync(AuditActions.ViewList));
        Assert.Equal(("provisional", "仮登録 1人を表示"), (audit.TargetType, audit.Details));
    }

    [Fact]
    public async Task MergePanel_StartsWithTheReading_FindsOnlyRegisteredResidents_And_AuditsTheSearch()
    {
        var cut = RenderPage();

        cut.Find("button[data-testid=open-merge]").Click();
        Assert.Equal("ヨシダ タロウ", cut.Find("input[data-testid=merge-query]").GetAttribute("value"));
        cut.Find("button[data-testid=merge-search]").Click();

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=merge-hit-K0011]")));
        Assert.Empty(cut.FindAll($"[data-testid=merge-hit-{provisionalNo}]"));
        var search = Assert.Single(await AuditAsync(AuditActions.Search));
        Assert.Equal("ヨシダ タロウ", search.Details);

        cut.Find("input[data-testid=merge-query]").Input("ムラカミ ハルキ");
        cut.Find("button[data-testid=merge-search]").Click();
        cut.WaitForAssertion(() => Assert.Contains("住民登録に該当する人が見つかりません。", cut.Find("[data-testid=merge-panel]").TextContent, StringComparison.Ordinal));
        Assert.Empty(cut.FindAll("[data-testid^=merge-hit-]"));
    }

    [Fact]
    public async Task Merge_AsksFirst_Then_MergesIntoTheChosenResident_Audits_And_LeavesTheList()
    {
        var dialogs = Render<MudDialogProvider>();
        var cut = RenderPage();
        cut.Find("button[data-testid=open-merge]").Click();
        cut.Find("button[data-testid=merge-search]").Click();
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=merge-hit-K0011]")));

        var cancelled = cut.Find("[data-testid=merge-hit-K0011] button[data-testid=merge-into]").ClickAsync(new());
        dialogs.WaitForAssertion(() => Assert.Contains($"仮登録者 吉田　太郎（{provisionalNo}）を、住民 𠮷田　太郎（K0011、",
            dialogs.Find(".mud-dialog").TextContent, StringComparison.Ordinal));
        await Button(dialogs, "やめる").ClickAsync(new());
        await cancelled;
        Assert.Null((await new ResidentRepository(Db.Connections).GetDetailAsync(provisionalNo))!.Summary.MergedIntoResidentId);

        var confirmed = cut.Find("[data-testid=merge-hit-K0011] button[data-testid=merge-into]").ClickAsync(new());
        dialogs.WaitForAssertion(() => Assert.NotNull(Button(dialogs, "統合する")));
        await Button(dialogs, "統合する").ClickAsync(new());
        await confirmed;

        cut.WaitForAssertion(() => Assert.Equal($"吉田　太郎（{provisionalNo}）を 𠮷田　太郎（K0011）に統合しました。",
            cut.Find("[data-testid=merge-result]").TextContent.Trim()));
        Assert.Equal("統合されていない仮登録者はいません。", cut.Find("[data-testid=no-provisional]").TextContent.Trim());
        Assert.Equal(await IdAsync("K0011"), (await new ResidentRepository(Db.Connections).GetDetailAsync(provisionalNo))!.Summary.MergedIntoResidentId);
        var audit = Assert.Single(await AuditAsync(AuditActions.MergeProvisional));
        Assert.Equal(await IdAsync("K0011"), audit.ResidentId);
    }
}
