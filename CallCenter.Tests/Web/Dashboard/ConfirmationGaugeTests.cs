using Bunit;
using CallCenter.Data.Dashboard;
using CallCenter.Web.Components.Pages.Dashboard;

namespace CallCenter.Tests.Web.Dashboard;

public sealed class ConfirmationGaugeTests : MudTestContext
{
    private static HeadlineFigures Headline(int residents, int confirmed) =>
        new(residents, confirmed, confirmed, 0, 0, 0, 0, 0, 0, 0, 0);

    [Fact]
    public void Gauge_ShowsConfirmedOfResidents_ThePercentage_AndABarThatLong()
    {
        var cut = Render<ConfirmationGauge>(p => p.Add(c => c.Headline, Headline(11500, 6996)));

        Assert.Equal("6,996", cut.Find("[data-testid=gauge-confirmed]").TextContent);
        Assert.Equal("11,500", cut.Find("[data-testid=gauge-residents]").TextContent);
        Assert.Equal("60.8%", cut.Find("[data-testid=gauge-percent]").TextContent);
        Assert.Contains("未確認 4,504 人", cut.Markup);
        Assert.Equal("width: 60.83%", cut.Find("[data-testid=gauge-fill]").GetAttribute("style"));
        Assert.Equal("6996", cut.Find("[data-testid=confirmation-gauge]").GetAttribute("aria-valuenow"));
    }

    [Fact]
    public void Gauge_OfAnEmptyRegister_IsZero()
    {
        var cut = Render<ConfirmationGauge>(p => p.Add(c => c.Headline, Headline(0, 0)));

        Assert.Equal("0.0%", cut.Find("[data-testid=gauge-percent]").TextContent);
        Assert.Equal("width: 0%", cut.Find("[data-testid=gauge-fill]").GetAttribute("style"));
    }
}
