using CallCenter.Data.Audit;
using CallCenter.Data.Common;
using CallCenter.Data.Residents;
using CallCenter.Web.Security;
using Microsoft.AspNetCore.Components.Authorization;

namespace CallCenter.Web.Components.Pages.Residents;

/// <summary>
/// The search box's searches: the newest search wins (a slower, older one that finishes late is dropped), the same
/// text asked twice runs once, each search shown is audited, and a failure becomes a Japanese message. Holds the
/// results shown and the highlighted row, which stays put when the same text is searched again. One per search box.
/// </summary>
public sealed class ResidentLookup(ResidentSearch search, AuditTrail audit, AuthenticationStateProvider authentication,
    ILogger<ResidentLookup> logger, TimeProvider? time = null, SearchContext? context = null, TownAccess? towns = null)
{
    /// <summary>How many results a search shows.</summary>
    public const int Limit = 20;

    // Each search gets a number; a slower, older search that finishes late does not overwrite a newer one.
    private int searchNumber;
    private string? inFlight;
    private Task? inFlightSearch;

    /// <summary>The results shown; null before the first search and after <see cref="Clear"/>.</summary>
    public IReadOnlyList<SearchHit>? Hits { get; private set; }

    /// <summary>The towns, to show each result's town and link to it (several towns only).</summary>
    public TownNames Towns { get; private set; } = TownNames.Single;

    /// <summary>The text the results shown were found for.</summary>
    public string SearchedText { get; private set; } = "";

    /// <summary>The highlighted row of <see cref="Hits"/>, or -1.</summary>
    public int Highlighted { get; set; } = -1;

    public bool Searching { get; private set; }

    /// <summary>A Japanese message when the last search failed.</summary>
    public string? Error { get; private set; }

    /// <summary>Searches the trimmed text; an empty text clears the results.</summary>
    public Task SearchAsync(string? value, CancellationToken cancellationToken)
    {
        var query = (value ?? "").Trim();
        if (query.Length == 0)
        {
            Clear();
            return Task.CompletedTask;
        }
        // The same text again (the debounce and Enter can both ask): keep what is shown, or wait for the search
        // already on its way, so the highlighted row is not reset under the operator's fingers.
        if (Hits is not null && query == SearchedText)
        {
            return Task.CompletedTask;
        }
        if (Searching && query == inFlight && inFlightSearch is not null)
        {
            return inFlightSearch;
        }
        inFlight = query;
        inFlightSearch = RunSearchAsync(query, cancellationToken);
        return inFlightSearch;
    }

    private async Task RunSearchAsync(string query, CancellationToken cancellationToken)
    {
        var number = ++searchNumber;
        Searching = true;
        try
        {
            var user = (await authentication.GetAuthenticationStateAsync()).User;
            // Only the towns the operator may see are searched (a search box without town access: the only town).
            var scope = towns is null ? Data.Towns.TownScope.All : await towns.ScopeAsync(user, cancellationToken);
            var found = await search.SearchAsync(query, scope, Limit, cancellationToken);
            var names = towns is null ? TownNames.Single : new TownNames(await towns.TownsAsync(cancellationToken));
            if (number != searchNumber)
            {
                return;
            }
            Towns = names;
            // The same text searched again (fresh results): the operator keeps the row they moved to.
            var keep = query == SearchedText && Highlighted >= 0 && Highlighted < found.Count;
            (Hits, SearchedText, Highlighted, Error) = (found, query, keep ? Highlighted : found.Count > 0 ? 0 : -1, null);
            // The call form warns when the person opened from these results was born on another day than searched.
            context?.Remember(SearchQuery.Parse(query, JapanTime.Today(time ?? TimeProvider.System)), found);
            await audit.WriteAsync(user, AuditActions.Search, "search", null, details: query, cancellationToken: cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Search for {Query} failed", query);
            if (number == searchNumber)
            {
                Error = "検索できませんでした。少し待ってからもう一度入力してください。";
            }
        }
        finally
        {
            if (number == searchNumber)
            {
                Searching = false;
            }
        }
    }

    /// <summary>Forgets the results (and any search still on its way).</summary>
    public void Clear()
    {
        searchNumber++;
        (Hits, SearchedText, Highlighted, Searching, Error) = (null, "", -1, false, null);
    }
}
