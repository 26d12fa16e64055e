using Bunit;
using CallCenter.Web.Components.Pages.ApiKeys;
using Microsoft.JSInterop;

namespace CallCenter.Tests.Web.ApiKeys;

public sealed class CreatedApiKeyAlertTests : MudTestContext
{
    private IRenderedComponent<CreatedApiKeyAlert> RenderAlert(Action? dismissed = null) => Render<CreatedApiKeyAlert>(p => p
        .Add(a => a.Name, "いわき庁舎 電話交換機")
        .Add(a => a.Secret, "cc_secret_123")
        .Add(a => a.OnDismiss, () => dismissed?.Invoke()));

    [Fact]
    public void Copy_PutsTheSecretOnTheClipboard_And_SaysSo()
    {
        var clipboard = JSInterop.SetupVoid("navigator.clipboard.writeText", "cc_secret_123");
        clipboard.SetVoidResult();
        var cut = RenderAlert();
        Assert.Equal("cc_secret_123", cut.Find("[data-testid=api-key-secret]").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=api-key-copy-note]"));

        cut.Find("[data-testid=api-key-copy]").Click();

        cut.WaitForAssertion(() => Assert.Equal("コピーしました。", cut.Find("[data-testid=api-key-copy-note]").TextContent));
        Assert.Single(clipboard.Invocations);
    }

    [Fact]
    public void Copy_AsksToSelectTheKey_When_TheBrowserRefuses()
    {
        JSInterop.SetupVoid("navigator.clipboard.writeText", "cc_secret_123").SetException(new JSException("denied"));
        var cut = RenderAlert();

        cut.Find("[data-testid=api-key-copy]").Click();

        cut.WaitForAssertion(() => Assert.Equal("コピーできませんでした。キーを選択してコピーしてください。", cut.Find("[data-testid=api-key-copy-note]").TextContent));
    }

    [Fact]
    public void Dismiss_TellsThePage()
    {
        var dismissed = false;
        var cut = RenderAlert(() => dismissed = true);

        cut.Find("[data-testid=api-key-dismiss]").Click();

        Assert.True(dismissed);
    }
}
