using Bunit;
using CallCenter.Data.Outbound;
using CallCenter.Web.Components.Pages.Outbound;

namespace CallCenter.Tests.Web.Outbound;

/// <summary>The 要対応 list shows a page of 15 households at a time (the demo town has about 150).</summary>
public sealed class EscalatedHouseholdsTests : MudTestContext
{
    private static List<EscalatedHousehold> Households(int count) =>
        [.. Enumerable.Range(1, count).Select(i => new EscalatedHousehold
        {
            HouseholdId = i, HouseholdNo = $"H{i:000000}", District = "熊川", HeadFamilyName = "佐藤", HeadGivenName = $"{i}",
            Escalation = OutboundEscalation.None,
        })];

    private static string[] Shown(IRenderedComponent<EscalatedHouseholds> cut) =>
        [.. cut.FindAll("tbody tr").Select(r => r.GetAttribute("data-testid")!)];

    [Fact]
    public void ALongList_ShowsFifteenAtATime_AndThePagerTurnsToTheRest()
    {
        var cut = Render<EscalatedHouseholds>(p => p.Add(c => c.Households, Households(40)));

        Assert.Equal(15, Shown(cut).Length);
        Assert.Equal("escalated-H000001", Shown(cut)[0]);
        Assert.Contains("1–15 / 40 世帯", cut.Find(".pager-range").TextContent);

        cut.FindAll(".mud-pagination button").Single(b => b.TextContent.Trim() == "3").Click();

        Assert.Equal(["escalated-H000031", "escalated-H000032"], Shown(cut)[..2]);
        Assert.Equal(10, Shown(cut).Length);
        Assert.Contains("31–40 / 40 世帯", cut.Find(".pager-range").TextContent);
    }

    [Fact]
    public void AShortList_HasNoPager()
    {
        var cut = Render<EscalatedHouseholds>(p => p.Add(c => c.Households, Households(15)));

        Assert.Equal(15, Shown(cut).Length);
        Assert.Empty(cut.FindAll(".mud-pagination"));
    }

    [Fact]
    public void WhenTheListShrinks_TheLastPageThereIsIsShown()
    {
        var cut = Render<EscalatedHouseholds>(p => p.Add(c => c.Households, Households(40)));
        cut.FindAll(".mud-pagination button").Single(b => b.TextContent.Trim() == "3").Click();

        cut.Render(p => p.Add(c => c.Households, Households(20)));

        Assert.Equal(["escalated-H000016", "escalated-H000017", "escalated-H000018", "escalated-H000019", "escalated-H000020"], Shown(cut));
    }
}
