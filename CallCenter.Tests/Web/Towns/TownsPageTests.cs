using Bunit;
using CallCenter.Data.Audit;
using CallCenter.Data.Database;
using CallCenter.Data.Towns;
using CallCenter.Tests.Data.Calls;
using CallCenter.Web.Components.Pages.Towns;

namespace CallCenter.Tests.Web.Towns;

/// <summary>The towns page (/admin/towns) over a real SQLite file: the list with each register's size, adding a town, the refusals.</summary>
public sealed class TownsPageTests : AdminPageTestContext
{
    private TownRepository Towns => new(Db.Connections, TimeProvider.System);

    private void NameFirstTown() => new Migrations(Db.Connections, new TownDefaults("075451", "大熊町")).Apply();

    private static List<string> Rows(IRenderedComponent<TownsPage> cut) =>
        cut.FindAll("[data-testid=towns-table] tbody tr").Select(tr => string.Join(" ", tr.QuerySelectorAll("td").Select(td => td.TextContent.Trim()))).ToList();

    [Fact]
    public async Task ListsEveryTown_WithItsResidentsAndHouseholds()
    {
        NameFirstTown();
        await CallTestData.ImportAsync(Db.Connections, CallTestData.FiveMemberRegister);
        await Towns.AddAsync("075434", "富岡町");

        var cut = Render<TownsPage>();

        cut.WaitForAssertion(() => Assert.Equal(["075451 大熊町 6人 2世帯", "075434 富岡町 0人 0世帯"], Rows(cut)));
        Assert.Empty(cut.FindAll("[data-testid=towns-unnamed]"));
    }

    [Fact]
    public async Task Add_AddsTheTown_And_WritesTheAuditRow()
    {
        NameFirstTown();
        var cut = Render<TownsPage>();
        cut.WaitForAssertion(() => Assert.Single(Rows(cut)));
        Type(cut, "town-code", "075434");
        Type(cut, "town-name", "富岡町");

        cut.Find("form").Submit();

        cut.WaitForAssertion(() => Assert.Equal(["075451 大熊町 0人 0世帯", "075434 富岡町 0人 0世帯"], Rows(cut)));
        Assert.Equal("富岡町（075434）を追加しました。", TextOf(cut, "towns-message"));
        var audit = (await AuditRowsAsync()).First();
        Assert.Equal((AuditActions.AddTown, "town", "075434", "富岡町", "admin"), (audit.Action, audit.TargetType, audit.TargetId, audit.Details, audit.UserName));
    }

    [Theory]
    [InlineData("075435", "富岡町", "団体コード「075435」の検査数字（6 桁目）が合いません（07543 なら 075434）。")]
    [InlineData("７５４３４", "富岡町", "団体コード「７５４３４」は半角数字 6 桁ではありません（例: 075451）。")]
    [InlineData("075451", "別の町", "団体コード「075451」の町はすでに登録されています。")]
    public async Task Add_ShowsWhatIsWrongWithTheCode_AndAddsNothing(string code, string name, string message)
    {
        NameFirstTown();
        var cut = Render<TownsPage>();
        Type(cut, "town-code", code);
        Type(cut, "town-name", name);

        cut.Find("form").Submit();

        cut.WaitForAssertion(() => Assert.Contains(message, cut.Markup, StringComparison.Ordinal));
        Assert.Single(await Towns.ListAsync());
        Assert.DoesNotContain(await AuditRowsAsync(), r => r.Action == AuditActions.AddTown);
    }

    [Fact]
    public async Task Add_IsRefused_While_TheFirstTownHasNoCode()
    {
        var cut = Render<TownsPage>();
        cut.WaitForAssertion(() => Assert.Contains("最初の町に団体コードがありません", TextOf(cut, "towns-unnamed"), StringComparison.Ordinal));
        Type(cut, "town-code", "075434");
        Type(cut, "town-name", "富岡町");

        cut.Find("form").Submit();

        cut.WaitForAssertion(() => Assert.Contains("設定 Town:Code に最初の町のコードを書いて", TextOf(cut, "towns-message"), StringComparison.Ordinal));
        Assert.Single(await Towns.ListAsync());
    }
}
