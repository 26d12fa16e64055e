using MudBlazor;

namespace CallCenter.Web.Components.Shared;

/// <summary>What the call form's look-up boxes (関係, 都道府県) do when focus leaves them.</summary>
public static class AutocompleteExtensions
{
    /// <summary>
    /// Closes the box's list if it is open. Focus has left (Tab, or a click on a native list, which closes no popover),
    /// and a list still open would cover the fields below it; a search that finished after Tab also opens it behind the
    /// operator's back (issue 15, <c>LateServerBrowserTests</c>).
    /// </summary>
    public static Task CloseListAsync<T>(this MudAutocomplete<T>? box) =>
        box is { Open: true } ? box.CloseMenuAsync() : Task.CompletedTask;
}
