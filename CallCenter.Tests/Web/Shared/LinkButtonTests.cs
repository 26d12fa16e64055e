using Bunit;
using CallCenter.Web.Components.Shared;
using MudBlazor;

namespace CallCenter.Tests.Web.Shared;

/// <summary>A link that looks like a MudButton but is only a link: no click handler through the circuit.</summary>
public sealed class LinkButtonTests : MudTestContext
{
    public static TheoryData<Variant, Color, Size> Looks => new()
    {
        { Variant.Text, Color.Default, Size.Small },
        { Variant.Filled, Color.Primary, Size.Medium },
        { Variant.Outlined, Color.Primary, Size.Small },
        { Variant.Text, Color.Primary, Size.Large },
    };

    [Theory]
    [MemberData(nameof(Looks))]
    public void LooksLikeTheMudButtonItReplaces_ButIsAPlainLink(Variant variant, Color color, Size size)
    {
        var link = Render<LinkButton>(p => p
            .Add(x => x.Href, "/residents/0000001/call")
            .Add(x => x.Variant, variant).Add(x => x.Color, color).Add(x => x.Size, size)
            .Add(x => x.StartIcon, Icons.Material.Filled.Call)
            .Add(x => x.Class, "mt-2")
            .AddUnmatched("accesskey", "r").AddUnmatched("data-testid", "record-call")
            .AddChildContent("通話を記録(R)")).Find("a");
        var button = Render<MudButton>(p => p
            .Add(x => x.Href, "/residents/0000001/call")
            .Add(x => x.Variant, variant).Add(x => x.Color, color).Add(x => x.Size, size)
            .Add(x => x.StartIcon, Icons.Material.Filled.Call)
            .Add(x => x.Class, "mt-2")
            .AddChildContent("通話を記録(R)")).Find("a");

        Assert.Equal(Classes(button), Classes(link));
        Assert.Equal(Classes(button.QuerySelector(".mud-button-icon-start")!), Classes(link.QuerySelector(".mud-button-icon-start")!));
        Assert.Equal(Classes(button.QuerySelector("svg")!), Classes(link.QuerySelector("svg")!));
        Assert.Equal(button.QuerySelector("svg")!.InnerHtml.Trim(), link.QuerySelector("svg")!.InnerHtml.Trim());
        Assert.Equal("/residents/0000001/call", link.GetAttribute("href"));
        Assert.Equal("r", link.GetAttribute("accesskey"));
        Assert.Equal("record-call", link.GetAttribute("data-testid"));
        Assert.Equal("通話を記録(R)", link.TextContent.Trim());
        // The MudButton sends every click through the circuit before the browser follows the link; this one does not.
        Assert.Contains(button.Attributes, a => a.Name == "blazor:onclick");
        Assert.DoesNotContain(link.Attributes, a => a.Name.StartsWith("blazor:", StringComparison.Ordinal));
    }

    [Fact]
    public void WithoutAnIcon_HasOnlyTheLabel()
    {
        var link = Render<LinkButton>(p => p.Add(x => x.Href, "/").AddChildContent("検索へ")).Find("a");

        Assert.Null(link.QuerySelector("svg"));
        Assert.Equal("mud-button-root mud-button mud-button-text mud-button-text-default mud-button-text-size-medium mud-ripple",
            link.GetAttribute("class"));
        Assert.Equal("検索へ", link.TextContent.Trim());
    }

    private static string Classes(AngleSharp.Dom.IElement element) =>
        string.Join(' ', element.ClassList.Order(StringComparer.Ordinal));
}
