using Bunit;
using CallCenter.Data.Residents;
using CallCenter.Web.Components.Pages.Residents;
using Microsoft.Extensions.DependencyInjection;

namespace CallCenter.Tests.Web.Residents;

/// <summary>
/// The result list says why each person matched: when the caller gave a birth year or date, those born then come first
/// and the namesakes follow under 「氏名は一致（生年月日は違う）N 人」, never hidden; a matching date or place is marked.
/// </summary>
public sealed class SearchResultListTests : ConsoleTestContext
{
    public override Task InitializeAsync() => SeedAsync();

    private async Task<IRenderedComponent<SearchResultList>> RenderAsync(string text)
    {
        var hits = await Services.GetRequiredService<ResidentSearch>().SearchAsync(text);
        return Render<SearchResultList>(p => p
            .Add(x => x.Hits, hits)
            .Add(x => x.Highlighted, 0));
    }

    private static List<string> Groups(IRenderedComponent<SearchResultList> cut) =>
        cut.FindAll("[data-testid=search-group]").Select(g => g.TextContent.Trim()).ToList();

    private static List<string> Rows(IRenderedComponent<SearchResultList> cut) =>
        cut.FindAll("[data-testid=search-result]").Select(r => r.GetAttribute("data-resident-no")!).ToList();

    [Fact]
    public async Task ThoseBornThatYear_ComeFirst_And_TheNamesakesFollow_UnderTheirHeading()
    {
        var cut = await RenderAsync("佐藤 S47");

        Assert.Equal(["K0018", "K0017"], Rows(cut));
        Assert.Equal(["生年月日も一致 1 人", "氏名は一致（生年月日は違う）1 人"], Groups(cut));
        var marked = Assert.Single(cut.FindAll("[data-testid=birth-match]"));
        Assert.Equal("K0018", marked.Closest("[data-testid=search-result]")!.GetAttribute("data-resident-no"));
    }

    [Fact]
    public async Task TheNamesakes_AreListed_When_NoOneWasBornThatYear()
    {
        var cut = await RenderAsync("佐藤S60");

        Assert.Equal(["K0017", "K0018"], Rows(cut).Order());
        Assert.Equal(["氏名は一致（生年月日は違う）2 人"], Groups(cut));
        Assert.Empty(cut.FindAll("[data-testid=birth-match]"));
    }

    [Fact]
    public async Task TheDistrict_IsMarked_When_TheCallerSaidIt()
    {
        var cut = await RenderAsync("浜区の高橋");

        // The three 髙橋 of 浜区 first, each marked; the three 高橋 of 山区 after them, unmarked.
        Assert.Equal(["K0001", "K0002", "K0003"], Rows(cut).Take(3).Order());
        Assert.Equal(["浜区", "浜区", "浜区"], cut.FindAll("[data-testid=place-match]").Select(m => m.TextContent).ToList());
        Assert.Equal(["行政区・住所も一致 3 人", "氏名は一致（行政区・住所は違う）3 人"], Groups(cut));
        Assert.Equal(["K0004", "K0005", "K0006"], cut.FindAll("[data-testid=search-result]")
            .Where(r => r.QuerySelector("[data-testid=place-match]") is null).Select(r => r.GetAttribute("data-resident-no")!).Order());
    }

    [Fact]
    public async Task ExactAndLooseMatches_KeepTheirHeadings_When_NoDateWasGiven()
    {
        var cut = await RenderAsync("斉藤");

        Assert.Equal("K0016", Rows(cut)[0]);
        Assert.Equal(["一致", "近い候補"], Groups(cut));
        Assert.Equal(["K0013", "K0014", "K0015"], Rows(cut).Skip(1).Order());
    }

    [Fact]
    public async Task EachRow_IsPlainMarkup_WithoutAComponentPerRow()
    {
        var cut = await RenderAsync("高橋");

        var rows = cut.FindAll("[data-testid=search-result]");
        Assert.True(rows.Count >= 6);
        Assert.All(rows, r => Assert.NotNull(r.QuerySelector("[data-testid=status-chip]")));
        Assert.Empty(cut.FindComponents<CallCenter.Web.Components.Shared.StatusChip>());
        Assert.Empty(cut.FindComponents<CallCenter.Web.Components.Shared.PendingChip>());
        Assert.Empty(cut.FindComponents<CallCenter.Web.Components.Shared.PersonBadges>());
    }

    [Fact]
    public async Task TheTable_RendersAgain_OnlyWhen_ItsResultsOrTheHighlightedRowChange()
    {
        var hits = await Services.GetRequiredService<ResidentSearch>().SearchAsync("高橋");
        var cut = Render<SearchResultList>(p => p.Add(x => x.Hits, hits).Add(x => x.Highlighted, 0));
        var renders = cut.RenderCount;

        // The search box renders on every key press with the same results: the table stays as it is.
        cut.Render(p => p.Add(x => x.Hits, hits).Add(x => x.Highlighted, 0));
        Assert.Equal(renders, cut.RenderCount);

        // ↓ moves the highlight.
        cut.Render(p => p.Add(x => x.Hits, hits).Add(x => x.Highlighted, 1));
        Assert.Equal(renders + 1, cut.RenderCount);
        Assert.Equal("true", cut.FindAll("[data-testid=search-result]")[1].GetAttribute("aria-selected"));

        // New results.
        var others = await Services.GetRequiredService<ResidentSearch>().SearchAsync("佐藤");
        cut.Render(p => p.Add(x => x.Hits, others).Add(x => x.Highlighted, 1));
        Assert.Equal(renders + 2, cut.RenderCount);
        Assert.Equal(others.Select(h => h.Resident.ResidentNo), Rows(cut));
    }
}
