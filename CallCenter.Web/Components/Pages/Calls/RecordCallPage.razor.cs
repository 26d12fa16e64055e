using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace CallCenter.Web.Components.Pages.Calls;

// The call form's keyboard shortcut (Ctrl+Enter saves, through CallFormShortcut and wwwroot/js/callform.js) and the reload after the save finds newer reports. The form, its load and its save are in the .razor; their
// reads and writes in CallDesk.
public sealed partial class RecordCallPage
{
    [Inject] private IServiceProvider Services { get; set; } = default!;

    private CallDesk Desk { get; set; } = default!;
    private ElementReference formElement;
    private CallFormShortcut? shortcut;

    // One per page, built from the circuit's services: it holds this form's refused save.
    protected override void OnInitialized() => Desk = ActivatorUtilities.CreateInstance<CallDesk>(Services);

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (form is not null && RendererInfo.IsInteractive)
        {
            await (shortcut ??= ActivatorUtilities.CreateInstance<CallFormShortcut>(Services)).BindAsync(formElement);
        }
    }

    /// <summary>
    /// After a save that navigates away, the render the click asks for once its handler has finished is skipped: the form
    /// (every member card, request row and section) would be redrawn to an unchanged screen just before it is left, which
    /// cost the server a render and the circuit a batch and its acknowledgement on every saved call. Only that one render:
    /// should the navigation not happen (the circuit lost on the way), the next change draws the form as before.
    /// </summary>
    protected override bool ShouldRender()
    {
        if (leaving)
        {
            leaving = false;
            return false;
        }
        return true;
    }

    /// <summary>Takes the household's current records and versions; what the operator typed stays.</summary>
    private async Task ReloadAsync()
    {
        if (form is null || opened is null)
        {
            return;
        }
        opened = await Desk.ReloadAsync(ResidentNo, opened, form);
        Snackbar.Add("最新の記録を読み込みました。内容を確かめてから保存してください。", Severity.Info);
    }
}
