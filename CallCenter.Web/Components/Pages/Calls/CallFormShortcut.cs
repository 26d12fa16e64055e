using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace CallCenter.Web.Components.Pages.Calls;

/// <summary>
/// The call form's keys, through <c>wwwroot/js/callform.js</c>: Ctrl+Enter anywhere in the form saves (the script blurs
/// the field first so its value is sent, then presses the save button); Alt+Y moves to the 要件 row, where a digit picks
/// the code it labels (<see cref="WrapUpCodePicker"/>). Listed in the form's shortcut help beside the save button. Bound
/// once, by one call; the listener is on the form element and goes with it, so there is nothing to unbind.
/// </summary>
public sealed class CallFormShortcut(IJSRuntime js)
{
    private bool bound;

    /// <summary>Binds the shortcut to the form, unless it is bound already.</summary>
    public async Task BindAsync(ElementReference form)
    {
        if (bound)
        {
            return;
        }
        bound = true;
        await js.InvokeVoidAsync("callForm.bindSaveShortcut", form);
    }
}
