using Bunit;
using CallCenter.Data.Residents;
using CallCenter.Tests.Web.Residents;
using CallCenter.Web.Components.Pages.Provisional;

namespace CallCenter.Tests.Web.Provisional;

/// <summary>
/// The merge panel on its own, with residents read from the sample town: it only displays, and says what the
/// supervisor typed and chose through its events.
/// </summary>
public sealed class MergePanelTests : ConsoleTestContext
{
    public override Task InitializeAsync() => SeedAsync();

    private Task<ResidentSummary> ResidentAsync(string residentNo) =>
        CallCenter.Tests.Data.Calls.CallTestData.ResidentAsync(Db.Connections, residentNo);

    [Fact]
    public async Task Enter_SearchesForWhatWasTyped_And_TheBoxKeepsIt_When_TheHitsArrive()
    {
        var provisional = await ResidentAsync("K0020");
        var searched = new List<string>();
        var cut = Render<MergePanel>(p => p
            .Add(x => x.Provisional, provisional)
            .Add(x => x.Query, "オノ イサム")
            .Add(x => x.Hits, [])
            .Add(x => x.OnSearch, text => searched.Add(text)));
        Assert.Equal("オノ イサム", cut.Find("input[data-testid=merge-query]").GetAttribute("value"));

        cut.Find("input[data-testid=merge-query]").Input("オノ");
        cut.Find("input[data-testid=merge-query]").KeyDown("Enter");
        cut.Render(p => p.Add(x => x.Hits, [provisional]).Add(x => x.Searched, true));

        Assert.Equal(["オノ"], searched);
        Assert.Equal("オノ", cut.Find("input[data-testid=merge-query]").GetAttribute("value"));
        Assert.NotNull(cut.Find("[data-testid=merge-hit-K0020]"));
    }

    [Fact]
    public async Task SaysNobodyWasFound_OnlyAfterASearch()
    {
        var provisional = await ResidentAsync("K0020");
        var cut = Render<MergePanel>(p => p.Add(x => x.Provisional, provisional).Add(x => x.Hits, []));
        Assert.DoesNotContain("住民登録に該当する人が見つかりません。", cut.Markup, StringComparison.Ordinal);

        cut.Render(p => p.Add(x => x.Searched, true));

        Assert.Contains("住民登録に該当する人が見つかりません。", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MergeInto_SaysWhichResidentWasChosen()
    {
        var provisional = await ResidentAsync("K0020");
        var hit = await ResidentAsync("K0019");
        ResidentSummary? chosen = null;
        var cut = Render<MergePanel>(p => p
            .Add(x => x.Provisional, provisional)
            .Add(x => x.Hits, [hit])
            .Add(x => x.Searched, true)
            .Add(x => x.OnMerge, r => chosen = r));

        cut.Find("[data-testid=merge-hit-K0019] button[data-testid=merge-into]").Click();

        Assert.Equal("K0019", chosen?.ResidentNo);
    }
}
