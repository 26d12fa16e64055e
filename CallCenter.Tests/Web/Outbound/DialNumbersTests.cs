using Bunit;
using CallCenter.Data.Outbound;
using CallCenter.Web.Components.Pages.Outbound;

namespace CallCenter.Tests.Web.Outbound;

public sealed class DialNumbersTests : MudTestContext
{
    private static readonly HouseholdNumber Home = new("0240-10-0001", "0240100001", ["青木 健一（登録）"], null, 2);
    private static readonly HouseholdNumber Mobile = new("090-1000-0003", "09010000003", ["上田 博（登録）"], null, 0);
    private static readonly HouseholdNumber Wrong = new("0240-99-9999", "0240999999", ["照会"], OutboundOutcome.WrongNumber, 0);

    [Fact]
    public void ShowsEachNumber_TheChosenOneChecked_And_ABadOneStruckAndDisabled()
    {
        var cut = Render<DialNumbers>(p => p.Add(d => d.Numbers, [Home, Mobile, Wrong]).Add(d => d.SelectedKey, Mobile.PhoneKey));

        Assert.False(cut.Find($"[data-testid=number-{Home.PhoneKey}] input").HasAttribute("checked"));
        Assert.True(cut.Find($"[data-testid=number-{Mobile.PhoneKey}] input").HasAttribute("checked"));
        Assert.Contains("不在等 2 回", cut.Find($"[data-testid=number-{Home.PhoneKey}]").TextContent, StringComparison.Ordinal);
        var wrong = cut.Find($"[data-testid=number-{Wrong.PhoneKey}]");
        Assert.True(wrong.QuerySelector("input")!.HasAttribute("disabled"));
        Assert.Equal("0240-99-9999", wrong.QuerySelector("s")!.TextContent);
        Assert.Contains("番号違い", wrong.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void ChoosingANumber_TellsThePageItsKey()
    {
        string? chosen = null;
        var cut = Render<DialNumbers>(p => p.Add(d => d.Numbers, [Home, Mobile]).Add(d => d.SelectedKey, Home.PhoneKey)
            .Add(d => d.SelectedKeyChanged, key => chosen = key));

        cut.Find($"[data-testid=number-{Mobile.PhoneKey}] input").Change(true);

        Assert.Equal(Mobile.PhoneKey, chosen);
    }

    [Fact]
    public void SaysSo_When_TheHouseholdHasNoNumber()
    {
        var cut = Render<DialNumbers>(p => p.Add(d => d.Numbers, []).Add(d => d.SelectedKey, null));

        Assert.Contains("番号がありません。", cut.Markup, StringComparison.Ordinal);
    }
}
