using CallCenter.Data.Residents;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using MudBlazor.Extensions;

namespace CallCenter.Web.Components.Pages.Residents;

/// <summary>
/// The operator's search box: searches once typing pauses, keeps the newest search's results, moves the highlight with
/// the arrow keys, opens the highlighted person with Enter, clears with Esc, and audits each search (the searching
/// itself is <see cref="ResidentLookup"/>). The box is a plain input: the browser waits out the pause and filters the
/// keys (<see cref="EventHandlers"/>), so the server hears one event per search, not two per keystroke.
/// </summary>
public sealed partial class SearchBox : IDisposable
{
    [Inject] private IServiceProvider Services { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private IScrollManager Scroll { get; set; } = default!;

    /// <summary>How many results a search shows.</summary>
    public const int Limit = ResidentLookup.Limit;

    private const int DebounceMilliseconds = 250;

    private ElementReference input;
    private ResidentLookup lookup = default!;
    private bool scrollToHighlighted;
    private readonly CancellationTokenSource disposed = new();

    private IReadOnlyList<SearchHit>? Shown => lookup.Hits;

    private string ProvisionalHref => $"/provisional/new?name={Uri.EscapeDataString(lookup.SearchedText)}";

    // A call about no registered person: a number searched for starts its phone field, anything else its caller's name.
    private string UnregisteredCallHref => PhoneLookup.KeyOf(lookup.SearchedText) is not null
        ? $"/calls/new?phone={Uri.EscapeDataString(lookup.SearchedText)}"
        : $"/calls/new?name={Uri.EscapeDataString(lookup.SearchedText)}";

    // One per box (not a circuit-wide service): it holds this box's results and the search on its way.
    protected override void OnInitialized() => lookup = ActivatorUtilities.CreateInstance<ResidentLookup>(Services);

    private Task SearchAsync(string? value) => lookup.SearchAsync(value, disposed.Token);

    private Task OnSearchTextAsync(SearchTextEventArgs e) => SearchAsync(e.Value);

    private async Task OnSearchKeyAsync(SearchKeyEventArgs e)
    {
        switch (e.Key)
        {
            case "ArrowDown" when Shown is { Count: > 0 }:
                lookup.Highlighted = Math.Min(lookup.Highlighted + 1, Shown.Count - 1);
                scrollToHighlighted = true;
                break;
            case "ArrowUp" when Shown is { Count: > 0 }:
                lookup.Highlighted = Math.Max(lookup.Highlighted - 1, 0);
                scrollToHighlighted = true;
                break;
            case "Enter":
                // Enter may come before the pause in typing has passed: search what is in the box first.
                var current = e.Value.Trim();
                if (current.Length > 0 && (Shown is null || current != lookup.SearchedText))
                {
                    await SearchAsync(current);
                }
                if (Shown is { Count: > 0 } && lookup.Highlighted >= 0 && lookup.Highlighted < Shown.Count)
                {
                    Open(Shown[lookup.Highlighted]);
                }
                break;
            case "Escape":
                // The browser has emptied the box already.
                lookup.Clear();
                break;
        }
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender)
        {
            // The operator types as soon as the page opens.
            await input.FocusAsync();
        }
        // The list scrolls inside its own box, so keeping the highlighted row in view never moves the search box.
        if (scrollToHighlighted)
        {
            scrollToHighlighted = false;
            await Scroll.ScrollIntoViewAsync("[data-testid=search-result][aria-selected=true]", ScrollBehavior.Auto);
        }
    }

    private void Open(SearchHit hit) => Navigation.NavigateTo(lookup.Towns.ResidentHref(hit.Resident.ResidentNo, hit.Resident.TownId));

    public void Dispose()
    {
        disposed.Cancel();
        disposed.Dispose();
    }
}
