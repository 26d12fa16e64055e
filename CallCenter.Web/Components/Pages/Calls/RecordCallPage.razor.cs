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
