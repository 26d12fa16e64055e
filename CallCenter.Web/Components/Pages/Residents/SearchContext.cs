using CallCenter.Data.Common;
using CallCenter.Data.Residents;

namespace CallCenter.Web.Components.Pages.Residents;

/// <summary>
/// What the operator's last search said about the caller's birth (「昭和45年生まれ」), kept on the server for the
/// circuit, so that the call form can say when the person opened from that search was born on another day. Holds no
/// name and the search text never goes into a URL: nothing of it is left in the browser.
/// </summary>
public sealed class SearchContext
{
    private HashSet<string> bornOtherwise = [];
    private string? said;

    /// <summary>
    /// Remembers, from a search's results, whom the ranking found born outside the date or period searched
    /// (<see cref="SearchHit.BirthMatches"/> false) and how the operator wrote that date; a search without one forgets it.
    /// </summary>
    public void Remember(SearchQuery query, IEnumerable<SearchHit> hits)
    {
        said = query.BirthDate is { } date ? JapaneseDates.FormatEra(date) : query.BirthPeriod?.Text;
        bornOtherwise = said is null
            ? []
            : hits.Where(h => h.BirthMatches == false).Select(h => h.Resident.ResidentNo).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>
    /// A Japanese warning when <paramref name="person"/> was listed by the last search as born outside the date or period
    /// it gave; otherwise null (no search, no birth given, a match, or opened some other way).
    /// </summary>
    public string? MismatchWith(ResidentSummary person)
    {
        if (!bornOtherwise.Contains(person.ResidentNo))
        {
            return null;
        }
        var born = person.BirthDate is { } b ? $"{JapaneseDates.FormatEra(b)}（{JapaneseDates.FormatWestern(b)}）" : "不明";
        return $"検索した生年月日「{said}」と、この人の生年月日 {born} が違います。本人かどうか確かめてから保存してください。";
    }
}
