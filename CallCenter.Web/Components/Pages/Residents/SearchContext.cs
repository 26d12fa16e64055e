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
    private HashSet<string> found = [];
    private DateOnly? birthDate;
    private BirthPeriod? birthPeriod;

    /// <summary>Remembers the birth date or period of a search and whom it listed; a search without one forgets it.</summary>
    public void Remember(SearchQuery query, IEnumerable<SearchHit> hits)
    {
        (birthDate, birthPeriod) = (query.BirthDate, query.BirthPeriod);
        found = query.HasBirth ? hits.Select(h => h.Resident.ResidentNo).ToHashSet(StringComparer.Ordinal) : [];
    }

    /// <summary>
    /// A Japanese warning when <paramref name="person"/> was listed by the last search and that search gave a birth date
    /// or period the person's birth date is not in; otherwise null (no search, no birth given, or opened some other way).
    /// </summary>
    public string? MismatchWith(ResidentSummary person)
    {
        if (!found.Contains(person.ResidentNo))
        {
            return null;
        }
        var matches = birthDate is { } date ? person.BirthDate == date : birthPeriod?.Contains(person.BirthDate) ?? true;
        if (matches)
        {
            return null;
        }
        var said = birthDate is { } d ? JapaneseDates.FormatEra(d) : birthPeriod!.Text;
        var born = person.BirthDate is { } b ? $"{JapaneseDates.FormatEra(b)}（{JapaneseDates.FormatWestern(b)}）" : "不明";
        return $"検索した生年月日「{said}」と、この人の生年月日 {born} が違います。本人かどうか確かめてから保存してください。";
    }
}
