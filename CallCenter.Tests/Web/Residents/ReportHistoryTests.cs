using Bunit;
using CallCenter.Data.Reports;
using CallCenter.Web.Components.Pages.Residents;
using CallCenter.Web.Components.Shared;

namespace CallCenter.Tests.Web.Residents;

/// <summary>
/// The resident page's report history: the newest ten entries, the rest one click away, each entry plain markup (no
/// component per entry), and no new render while the same list is shown.
/// </summary>
public sealed class ReportHistoryTests : MudTestContext
{
    private static readonly DateTime Start = new(2026, 3, 14, 1, 30, 0, DateTimeKind.Utc);

    private static List<SafetyReport> Reports(int count) => Enumerable.Range(0, count).Select(i => new SafetyReport
    {
        ReportId = count - i,
        ResidentId = 1,
        Status = i % 2 == 0 ? SafetyStatus.Safe : SafetyStatus.Injured,
        Source = ReportSource.Family,
        ReporterName = $"髙橋 和子{i}",
        ReportedAt = Start.AddHours(-i),
    }).ToList();

    [Fact]
    public void ALongHistory_ShowsTheNewestTen_And_TheRestOnRequest()
    {
        var cut = Render<ReportHistory>(p => p.Add(x => x.Reports, Reports(25)));

        var rows = cut.FindAll("[data-testid=history-row]");
        Assert.Equal(ReportHistory.FirstShown, rows.Count);
        Assert.Equal("25", rows[0].GetAttribute("data-report-id"));
        Assert.Equal("以前の報告も表示（ほか 15 件）", cut.Find("[data-testid=history-more]").TextContent.Trim());

        cut.Find("[data-testid=history-more]").Click();

        Assert.Equal(25, cut.FindAll("[data-testid=history-row]").Count);
        Assert.Equal("1", cut.FindAll("[data-testid=history-row]")[^1].GetAttribute("data-report-id"));
        Assert.Empty(cut.FindAll("[data-testid=history-more]"));
    }

    [Fact]
    public void AShortHistory_IsShownWhole_WithoutTheButton()
    {
        var cut = Render<ReportHistory>(p => p.Add(x => x.Reports, Reports(ReportHistory.FirstShown)));

        Assert.Equal(ReportHistory.FirstShown, cut.FindAll("[data-testid=history-row]").Count);
        Assert.Empty(cut.FindAll("[data-testid=history-more]"));
    }

    [Fact]
    public void EachEntry_HasItsStatusChip_AsPlainMarkup_StyledAsTheComponent()
    {
        var cut = Render<ReportHistory>(p => p.Add(x => x.Reports, Reports(3)));

        var chips = cut.FindAll("[data-testid=history-row] [data-testid=status-chip]");
        Assert.Equal(["無事", "負傷", "無事"], chips.Select(c => c.TextContent));
        Assert.Equal(["Safe", "Injured", "Safe"], chips.Select(c => c.GetAttribute("data-status")));
        Assert.Empty(cut.FindComponents<StatusChip>());
        // The scoped style of StatusChip.razor.css applies: the same b-… attribute as the component's own chip.
        var component = Render<StatusChip>(p => p.Add(x => x.Status, SafetyStatus.Safe)).Find("span");
        Assert.Equal(ScopeOf(component), ScopeOf(chips[0]));
        Assert.NotNull(ScopeOf(component));
    }

    [Fact]
    public void TheHistory_IsNotRenderedAgain_When_ThePageRendersWithTheSameList()
    {
        var reports = Reports(3);
        var cut = Render<ReportHistory>(p => p.Add(x => x.Reports, reports));
        cut.Render(p => p.Add(x => x.Reports, reports));
        var renders = cut.RenderCount;

        cut.Render(p => p.Add(x => x.Reports, reports));
        Assert.Equal(renders, cut.RenderCount);

        cut.Render(p => p.Add(x => x.Reports, Reports(4)));
        Assert.Equal(renders + 1, cut.RenderCount);
        Assert.Equal(4, cut.FindAll("[data-testid=history-row]").Count);
    }

    private static string? ScopeOf(AngleSharp.Dom.IElement element) =>
        element.Attributes.Select(a => a.Name).FirstOrDefault(n => n.StartsWith("b-", StringComparison.Ordinal));
}
