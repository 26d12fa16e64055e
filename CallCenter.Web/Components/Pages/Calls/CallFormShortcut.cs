using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace CallCenter.Web.Components.Pages.Calls;

/// <summary>
/// The call form's keys, through <c>RecordCallPage.razor.js</c>: Ctrl+Enter anywhere in the form saves (the module blurs
/// the field first so its value is sent, then presses the save button); Alt+Y moves to the 要件 row, where a digit picks
/// the code it labels (<see cref="WrapUpCodePicker"/>). Listed in the form's shortcut help beside the save button. Bound
/// once; unbound when the page goes.
/// </summary>
public sealed class CallFormShortcut(IJSRuntime js) : IAsyncDisposable
{
    private IJSObjectReference? module;
    private IJSObjectReference? shortcut;

    /// <summary>Binds the shortcut to the form, unless it is bound already.</summary>
    public async Task BindAsync(ElementReference form)
    {
        if (shortcut is not null)
        {
            return;
        }
        module ??= await js.InvokeAsync<IJSObjectReference?>("import", "./Components/Pages/Calls/RecordCallPage.razor.js");
        if (module is not null)
        {
            shortcut = await module.InvokeAsync<IJSObjectReference?>("bindSaveShortcut", form);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (shortcut is not null)
            {
                await shortcut.InvokeVoidAsync("dispose");
                await shortcut.DisposeAsync();
            }
            if (module is not null)
            {
                await module.DisposeAsync();
            }
        }
        catch (JSDisconnectedException)
        {
            // The circuit is gone; the browser dropped the listener with the page.
        }
    }
}
