using CallCenter.Data.Audit;
using CallCenter.Data.Residents;
using CallCenter.Web.Security;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Web;
using MudBlazor;
using MudBlazor.Extensions;

namespace CallCenter.Web.Components.Pages.Residents;

/// <summary>
/// The operator's search box: searches as they type (debounced), keeps the newest search's results, moves the
/// highlight with the arrow keys, opens the highlighted person with Enter, clears with Esc, and audits each search.
/// </summary>
public sealed partial class SearchBox : IDisposable
{
    [Inject] private ResidentSearch Search { get; set; } = default!;
    [Inject] private AuditTrail Audit { get; set; } = default!;
    [Inject] private AuthenticationStateProvider Authentication { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private ILogger<SearchBox> Logger { get; set; } = default!;
    [Inject] private IScrollManager Scroll { get; set; } = default!;

    /// <summary>How many results a search shows.</summary>
    public const int Limit = 20;

    private const int DebounceMilliseconds = 250;

    private MudTextField<string>? field;
    private string? text;
    private IReadOnlyList<SearchHit>? hits;
    private string searchedText = "";
    private int highlighted = -1;
    private bool searching;
    private bool scrollToHighlighted;
    private string? error;
    // Each search gets a number; a slower, older search that finishes late does not overwrite a newer one.
    private int searchNumber;
    private string? inFlight;
    private Task? inFlightSearch;
    private readonly CancellationTokenSource disposed = new();

    private string ProvisionalHref => $"/provisional/new?name={Uri.EscapeDataString(searchedText)}";

    private Task SearchAsync(string? value)
    {
        var query = (value ?? "").Trim();
        if (query.Length == 0)
        {
            Clear();
            return Task.CompletedTask;
        }
        // The same text again (the debounce and Enter can both ask): keep what is shown, or wait for the search
        // already on its way, so the highlighted row is not reset under the operator's fingers.
        if (hits is not null && query == searchedText)
        {
            return Task.CompletedTask;
        }
        if (searching && query == inFlight && inFlightSearch is not null)
        {
            return inFlightSearch;
        }
        inFlight = query;
        inFlightSearch = RunSearchAsync(query);
        return inFlightSearch;
    }

    private async Task RunSearchAsync(string query)
    {
        var number = ++searchNumber;
        searching = true;
        try
        {
            var found = await Search.SearchAsync(query, Limit, disposed.Token);
            if (number != searchNumber)
            {
                return;
            }
            // The same text searched again (fresh results): the operator keeps the row they moved to.
            var keep = query == searchedText && highlighted >= 0 && highlighted < found.Count;
            (hits, searchedText, highlighted, error) = (found, query, keep ? highlighted : found.Count > 0 ? 0 : -1, null);
            var user = (await Authentication.GetAuthenticationStateAsync()).User;
            await Audit.WriteAsync(user, AuditActions.Search, "search", null, details: query, cancellationToken: disposed.Token);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Logger.LogError(e, "Search for {Query} failed", query);
            if (number == searchNumber)
            {
                error = "検索できませんでした。少し待ってからもう一度入力してください。";
            }
        }
        finally
        {
            if (number == searchNumber)
            {
                searching = false;
            }
        }
    }

    private async Task OnKeyDownAsync(KeyboardEventArgs e)
    {
        switch (e.Key)
        {
            case "ArrowDown" when hits is { Count: > 0 }:
                highlighted = Math.Min(highlighted + 1, hits.Count - 1);
                scrollToHighlighted = true;
                break;
            case "ArrowUp" when hits is { Count: > 0 }:
                highlighted = Math.Max(highlighted - 1, 0);
                scrollToHighlighted = true;
                break;
            case "Enter":
                // Enter may come before the debounce interval has passed: search what is in the box first.
                var current = (field?.GetState(x => x.Text) ?? text ?? "").Trim();
                if (current.Length > 0 && (hits is null || current != searchedText))
                {
                    await SearchAsync(current);
                }
                if (hits is { Count: > 0 } && highlighted >= 0 && highlighted < hits.Count)
                {
                    Open(hits[highlighted]);
                }
                break;
            case "Escape":
                text = "";
                if (field is not null)
                {
                    await field.ClearAsync();
                }
                Clear();
                break;
        }
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        // The list scrolls inside its own box, so keeping the highlighted row in view never moves the search box.
        if (scrollToHighlighted)
        {
            scrollToHighlighted = false;
            await Scroll.ScrollIntoViewAsync("[data-testid=search-result][aria-selected=true]", ScrollBehavior.Auto);
        }
    }

    private void Clear()
    {
        searchNumber++;
        (hits, searchedText, highlighted, searching, error) = (null, "", -1, false, null);
    }

    private void Open(SearchHit hit) => Navigation.NavigateTo($"/residents/{Uri.EscapeDataString(hit.Resident.ResidentNo)}");

    public void Dispose()
    {
        disposed.Cancel();
        disposed.Dispose();
    }
}
