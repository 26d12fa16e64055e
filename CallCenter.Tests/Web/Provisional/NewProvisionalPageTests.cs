using Bunit;
using CallCenter.Data.Audit;
using CallCenter.Data.Residents;
using CallCenter.Tests.Web.Residents;
using CallCenter.Web.Components.Pages.Provisional;

namespace CallCenter.Tests.Web.Provisional;

/// <summary>The provisional registration form over the sample town: its start from the search text, its Japanese errors, and what a save writes.</summary>
public sealed class NewProvisionalPageTests : ConsoleTestContext
{
    public override Task InitializeAsync() => SeedAsync();

    private static string ValueOf(IRenderedComponent<NewProvisionalPage> cut, string testId) =>
        cut.Find($"input[data-testid={testId}]").GetAttribute("value") ?? "";

    [Fact]
    public void StartsWithTheSearchedName_InTheKanjiOrTheKanaFields()
    {
        Navigation.NavigateTo("/provisional/new?name=" + Uri.EscapeDataString("山田 太郎"));
        var kanji = Render<NewProvisionalPage>();
        Assert.Equal(("山田", "太郎", "", ""), (ValueOf(kanji, "family-name"), ValueOf(kanji, "given-name"), ValueOf(kanji, "family-kana"), ValueOf(kanji, "given-kana")));

        Navigation.NavigateTo("/provisional/new?name=" + Uri.EscapeDataString("やまだ　たろう"));
        var kana = Render<NewProvisionalPage>();
        Assert.Equal(("", "", "やまだ", "たろう"), (ValueOf(kana, "family-name"), ValueOf(kana, "given-name"), ValueOf(kana, "family-kana"), ValueOf(kana, "given-kana")));
    }

    [Fact]
    public async Task Create_ShowsEachProblemBesideItsField_And_SavesNothing()
    {
        var before = (await new ResidentRepository(Db.Connections).ProvisionalAsync(CallCenter.Data.Towns.TownScope.All)).Count;
        var cut = Render<NewProvisionalPage>();
        cut.Find("input[data-testid=family-kana]").Change("Yamada");
        cut.Find("input[data-testid=birth-date]").Change("昭和99年13月1日");
        cut.Find("input[data-testid=phone]").Change("でんわ");

        cut.Find("button[data-testid=create-provisional]").Click();

        cut.WaitForAssertion(() => Assert.Contains("氏を入力してください。", cut.Markup, StringComparison.Ordinal));
        Assert.Contains("カナにはひらがなかカタカナを入力してください。", cut.Markup, StringComparison.Ordinal);
        Assert.Contains("生年月日: ", cut.Markup, StringComparison.Ordinal);
        Assert.Contains("電話番号を読めません（でんわ）。", cut.Markup, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=provisional-errors]"));
        Assert.EndsWith("/", Navigation.Uri, StringComparison.Ordinal);
        Assert.Equal(before, (await new ResidentRepository(Db.Connections).ProvisionalAsync(CallCenter.Data.Towns.TownScope.All)).Count);
        Assert.Empty(await AuditAsync(AuditActions.CreateProvisional));
    }

    [Fact]
    public async Task Create_RegistersTheProvisionalPerson_Audits_And_GoesOnToRecordTheCall()
    {
        var cut = Render<NewProvisionalPage>();
        cut.Find("input[data-testid=family-name]").Change("山田");
        cut.Find("input[data-testid=given-name]").Change("太郎");
        cut.Find("input[data-testid=family-kana]").Change("やまだ");
        cut.Find("input[data-testid=given-kana]").Change("たろう");
        cut.Find("input[data-testid=birth-date]").Change("S45.3.12");
        cut.Find("input[data-testid=phone]").Change("090-1234-0000");
        cut.Find("textarea[data-testid=note]").Change("帰省中の来訪者");

        cut.Find("button[data-testid=create-provisional]").Click();

        cut.WaitForAssertion(() => Assert.Matches("/residents/P[0-9]{6}/call$", Navigation.Uri));
        var person = Assert.Single(await new ResidentRepository(Db.Connections).ProvisionalAsync(CallCenter.Data.Towns.TownScope.All));
        Assert.EndsWith($"/residents/{person.ResidentNo}/call", Navigation.Uri, StringComparison.Ordinal);
        Assert.Equal(("山田　太郎", "ヤマダ", "タロウ", new DateOnly(1970, 3, 12)),
            (person.Name, person.FamilyNameKana, person.GivenNameKana, person.BirthDate));
        var audit = Assert.Single(await AuditAsync(AuditActions.CreateProvisional));
        Assert.Equal((person.ResidentNo, "帰省中の来訪者", "会津若松"), (audit.TargetId, audit.Details, audit.Site));
    }
}
