using Bunit;
using CallCenter.Web.Components.Pages.Calls;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.JSInterop;

namespace CallCenter.Tests.Web.Calls;

/// <summary>The call form's Ctrl+Enter binding: bound once, by one call to the page's script (the listener goes with the form element).</summary>
public sealed class CallFormShortcutTests : MudTestContext
{
    [Fact]
    public async Task Bind_BindsOnce_WithOneCall()
    {
        JSInterop.SetupVoid("callForm.bindSaveShortcut", _ => true).SetVoidResult();
        var shortcut = new CallFormShortcut(Services.GetRequiredService<IJSRuntime>());

        await shortcut.BindAsync(new ElementReference("form"));
        await shortcut.BindAsync(new ElementReference("form"));

        var call = Assert.Single(JSInterop.Invocations, i => i.Identifier == "callForm.bindSaveShortcut");
        Assert.Equal("form", Assert.IsType<ElementReference>(Assert.Single(call.Arguments)).Id);
        Assert.DoesNotContain(JSInterop.Invocations, i => i.Identifier == "import");
    }
}
