using Bunit;
using CallCenter.Web.Components.Pages.Calls;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.JSInterop;

namespace CallCenter.Tests.Web.Calls;

/// <summary>The call form's Ctrl+Enter binding: the page's module imported once, bound once, unbound with the page.</summary>
public sealed class CallFormShortcutTests : MudTestContext
{
    [Fact]
    public async Task Bind_BindsOnce_And_Dispose_Unbinds()
    {
        var module = JSInterop.SetupModule("./Components/Pages/Calls/RecordCallPage.razor.js");
        var binding = module.SetupModule(invocation => invocation.Identifier == "bindSaveShortcut");
        binding.SetupVoid("dispose").SetVoidResult();
        var shortcut = new CallFormShortcut(Services.GetRequiredService<IJSRuntime>());

        await shortcut.BindAsync(new ElementReference("form"));
        await shortcut.BindAsync(new ElementReference("form"));

        Assert.Single(module.Invocations["bindSaveShortcut"]);
        Assert.Empty(binding.Invocations["dispose"]);

        await shortcut.DisposeAsync();

        Assert.Single(binding.Invocations["dispose"]);
    }
}
