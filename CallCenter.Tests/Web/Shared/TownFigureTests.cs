using System.Globalization;
using Bunit;
using CallCenter.Web.Components.Shared;

namespace CallCenter.Tests.Web.Shared;

public sealed class TownFigureTests : MudTestContext
{
    [Fact]
    public void Value_IsShownWithThousandsSeparators()
    {
        var cut = Render<TownFigure>(p => p
            .Add(x => x.Label, "住民")
            .Add(x => x.Value, 11500)
            .Add(x => x.Unit, "人")
            .Add(x => x.TestId, "count-residents"));

        Assert.Equal("ja-JP", CultureInfo.CurrentCulture.Name);
        var figure = cut.Find("[data-testid=count-residents]");
        Assert.Equal("11,500人", figure.TextContent.Trim());
        Assert.Contains("住民", cut.Find(".mud-paper").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Note_IsShown_When_Given()
    {
        var cut = Render<TownFigure>(p => p
            .Add(x => x.Label, "安否確認済み")
            .Add(x => x.Value, 1234)
            .Add(x => x.Unit, "人")
            .Add(x => x.TestId, "count-confirmed")
            .Add(x => x.Note, "住民の 10.7%"));

        Assert.StartsWith("1,234", cut.Find("[data-testid=count-confirmed]").TextContent.Trim(), StringComparison.Ordinal);
        Assert.Contains("住民の 10.7%", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void Zero_IsShownAsZero()
    {
        var cut = Render<TownFigure>(p => p
            .Add(x => x.Label, "世帯")
            .Add(x => x.Value, 0)
            .Add(x => x.Unit, "世帯")
            .Add(x => x.TestId, "count-households"));

        Assert.StartsWith("0", cut.Find("[data-testid=count-households]").TextContent.Trim(), StringComparison.Ordinal);
    }
}
