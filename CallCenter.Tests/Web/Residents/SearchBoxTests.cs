using AngleSharp.Dom;
using Bunit;
using CallCenter.Data.Audit;
using CallCenter.Web.Components.Pages.Residents;

namespace CallCenter.Tests.Web.Residents;

/// <summary>The operator's search box (on the start page), over a real SQLite register.</summary>
public sealed class SearchBoxTests : ConsoleTestContext
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    public override Task InitializeAsync() => SeedAsync();

    [Fact]
    public void Hint_IsShown_When_NothingIsTyped()
    {
        var cut = Render<SearchBox>();

        var hint = cut.Find("[data-testid=search-hint]").TextContent;
        Assert.Contains("S45.3.12", hint, StringComparison.Ordinal);
        Assert.Contains("電話番号", hint, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=search-result]"));
        var calls = JSInterop.Invocations.Select(i => i.Identifier).ToList();
        Assert.True(calls.Any(c => c.Contains("focus", StringComparison.OrdinalIgnoreCase)),
            "The search box takes the focus when the page opens; JS calls: " + string.Join(", ", calls));
    }

    [Fact]
    public async Task Typing_ShowsRankedResults_With_StatusWhereaboutsAndBadges()
    {
        var cut = Render<SearchBox>();

        Type(cut, "たかはし");

        cut.WaitForAssertion(() => Assert.Equal(6, Rows(cut).Count), Wait);
        var rows = Rows(cut);
        Assert.All(rows, r => Assert.Matches("^[髙高]橋", r.QuerySelector(".name")!.TextContent));
        Assert.Equal("true", rows[0].GetAttribute("aria-selected"));
        var ichiro = Row(cut, "K0001");
        Assert.Contains("髙橋　一郎", ichiro.TextContent, StringComparison.Ordinal);
        Assert.Contains("タカハシ　イチロウ", ichiro.TextContent, StringComparison.Ordinal);
        Assert.Contains("昭和26年4月2日 (1951/04/02)", ichiro.TextContent, StringComparison.Ordinal);
        Assert.Equal("無事", ichiro.QuerySelector("[data-testid=status-chip]")!.TextContent);
        Assert.Contains("親族・知人宅 山形県 山形市 長男宅（髙橋 健一）", ichiro.TextContent, StringComparison.Ordinal);
        Assert.Contains("時点", ichiro.TextContent, StringComparison.Ordinal);
        Assert.NotNull(Row(cut, "K0003").QuerySelector("[data-testid=badge-vulnerable]"));
        Assert.Equal("入院中", Row(cut, "K0003").QuerySelector("[data-testid=status-chip]")!.TextContent);
        Assert.Null(ichiro.QuerySelector("[data-testid=badge-vulnerable]"));

        var searches = await AuditAsync(AuditActions.Search);
        var entry = Assert.Single(searches);
        Assert.Equal("たかはし", entry.Details);
        Assert.Equal("test-operator", entry.UserName);
    }

    [Fact]
    public async Task ArrowKeys_MoveTheHighlight_And_Enter_OpensTheHighlightedPerson()
    {
        var cut = Render<SearchBox>();
        Type(cut, "さいとう");
        cut.WaitForAssertion(() => Assert.Equal(4, Rows(cut).Count), Wait);
        // The rows show before the search has written its audit row and finished; keys pressed meanwhile raced it on
        // a loaded machine. An operator's keys come after the search is done; so do these.
        for (var i = 0; i < 50 && (await AuditAsync(AuditActions.Search)).Count == 0; i++)
        {
            await Task.Delay(100);
        }
        Assert.Single(await AuditAsync(AuditActions.Search));
        cut.WaitForAssertion(() => Assert.Equal(0, Highlighted(cut)), Wait);

        Key(cut, "ArrowUp");
        Assert.Equal(0, Highlighted(cut));
        Key(cut, "ArrowDown");
        Key(cut, "ArrowDown");
        Key(cut, "ArrowUp");
        Assert.Equal(1, Highlighted(cut));
        var second = Rows(cut)[1].GetAttribute("data-resident-no");

        Key(cut, "Enter", "さいとう");

        Assert.EndsWith($"/residents/{second}", Navigation.Uri, StringComparison.Ordinal);
    }

    [Fact]
    public void Enter_BeforeTheDebounce_SearchesAndOpensTheBestMatch()
    {
        var cut = Render<SearchBox>();

        // Typed, and Enter pressed before the pause in typing has passed: the browser sends the key with the text.
        Key(cut, "Enter", "S45.3.12");

        cut.WaitForAssertion(() => Assert.EndsWith("/residents/K0017", Navigation.Uri, StringComparison.Ordinal), Wait);
    }

    [Fact]
    public async Task Escape_ClearsTheBoxAndTheResults()
    {
        var cut = Render<SearchBox>();
        Type(cut, "わたなべ");
        cut.WaitForAssertion(() => Assert.Equal(3, Rows(cut).Count), Wait);

        Key(cut, "Escape");

        cut.WaitForAssertion(() => Assert.Empty(Rows(cut)), Wait);
        cut.Find("[data-testid=search-hint]");
        await Task.Delay(500);
        Assert.Empty(Rows(cut));
        Assert.Single(await AuditAsync(AuditActions.Search));
    }

    [Fact]
    public async Task NoResults_SaysSo_And_OffersProvisionalRegistration()
    {
        var cut = Render<SearchBox>();

        Type(cut, "ぬまじり たけし");

        cut.WaitForAssertion(() => cut.Find("[data-testid=search-empty]"), Wait);
        Assert.Contains("見つかりません", cut.Find("[data-testid=search-empty]").TextContent, StringComparison.Ordinal);
        var link = cut.Find("a[data-testid=provisional-link]").GetAttribute("href");
        Assert.Equal("/provisional/new?name=" + Uri.EscapeDataString("ぬまじり たけし"), link);
        Assert.Single(await AuditAsync(AuditActions.Search));
    }

    [Theory]
    [InlineData("ぬまじり たけし", "/calls/new?name=%E3%81%AC%E3%81%BE%E3%81%98%E3%82%8A%20%E3%81%9F%E3%81%91%E3%81%97")]
    [InlineData("0120-44-5566", "/calls/new?phone=0120-44-5566")]
    public void NoResults_OffersToRecordACallAboutNoRegisteredPerson_WithTheNameOrNumber(string text, string href)
    {
        var cut = Render<SearchBox>();

        Type(cut, text);

        cut.WaitForAssertion(() => cut.Find("[data-testid=search-empty]"), Wait);
        Assert.Equal(href, cut.Find("a[data-testid=unregistered-call-link]").GetAttribute("href"));
    }

    [Fact]
    public async Task BlankText_IsNeitherSearchedNorAudited()
    {
        var cut = Render<SearchBox>();

        Type(cut, "   ");
        await Task.Delay(600);

        cut.Find("[data-testid=search-hint]");
        Assert.Empty(await AuditAsync(AuditActions.Search));
    }

    private static IReadOnlyList<IElement> Rows(IRenderedComponent<SearchBox> cut) => cut.FindAll("[data-testid=search-result]");

    private static IElement Row(IRenderedComponent<SearchBox> cut, string residentNo) =>
        cut.Find($"[data-testid=search-result][data-resident-no={residentNo}]");

    private static int Highlighted(IRenderedComponent<SearchBox> cut) =>
        Rows(cut).Select((r, i) => (r, i)).Single(x => x.r.GetAttribute("aria-selected") == "true").i;

    // What js/search.js sends: the text once typing pauses, and the four keys the box answers with the text in it.
    private static void Type(IRenderedComponent<SearchBox> cut, string text) =>
        cut.Find("[data-search-box]").TriggerEvent("onsearchtext", new SearchTextEventArgs { Value = text });

    private static void Key(IRenderedComponent<SearchBox> cut, string key, string text = "") =>
        cut.Find("[data-search-box]").TriggerEvent("onsearchkey", new SearchKeyEventArgs { Key = key, Value = text });
}
