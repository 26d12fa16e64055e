using CallCenter.Data.Accounts;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor;

namespace CallCenter.Web.Components.Pages.Calls;

// The call form's keyboard shortcut (Ctrl+Enter saves, through RecordCallPage.razor.js beside this file) and what
// happens when the save finds newer reports (who wrote them, reload). The form, its load and its save are in the .razor.
public sealed partial class RecordCallPage : IAsyncDisposable
{
    [Inject] private UserRepository Users { get; set; } = default!;
    [Inject] private IJSRuntime JS { get; set; } = default!;

    private ElementReference formElement;
    private IJSObjectReference? module;
    private IJSObjectReference? shortcut;

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (form is not null && shortcut is null && RendererInfo.IsInteractive)
        {
            // Ctrl+Enter anywhere in the form saves; the module blurs the field first so its value is sent.
            module ??= await JS.InvokeAsync<IJSObjectReference?>("import", "./Components/Pages/Calls/RecordCallPage.razor.js");
            if (module is not null)
            {
                shortcut = await module.InvokeAsync<IJSObjectReference?>("bindSaveShortcut", formElement);
            }
        }
    }

    private async Task LoadOperatorNamesAsync()
    {
        foreach (var id in newer.Select(n => n.Newest?.OperatorUserId).OfType<int>().Distinct().Where(id => !operatorNames.ContainsKey(id)))
        {
            operatorNames[id] = (await Users.FindByIdAsync(id))?.DisplayName ?? "不明";
        }
    }

    /// <summary>Takes the household's current records and versions; what the operator typed stays.</summary>
    private async Task ReloadAsync()
    {
        if (form is null || opened is null)
        {
            return;
        }
        opened = (await Residents.GetDetailAsync(ResidentNo))?.Summary ?? opened;
        form.Refresh(await HouseholdAsync(opened));
        newer = [];
        errors = [];
        Snackbar.Add("最新の記録を読み込みました。内容を確かめてから保存してください。", Severity.Info);
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
