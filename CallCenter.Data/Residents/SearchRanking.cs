namespace CallCenter.Data.Residents;

/// <summary>
/// Orders search candidates: exact spelling before loose (folded) matches, whole words before prefixes,
/// both family and given name before one, and a matching birth date lifts a result (a different one lowers
/// it). A candidate that matches none of the name words typed is dropped.
/// </summary>
internal static class SearchRanking
{
    private const int Exact = 100;
    private const int Folded = 80;
    private const int Loose = 60;
    private const int Prefix = 40;
    private const int LoosePrefix = 30;
    private const int BirthDateMatch = 120;
    private const int BirthDateMismatch = -60;
    private const int BirthPeriodMatch = 100;
    private const int PlaceMatch = 80;
    private const int PlaceMismatch = -40;
    private const int PhoneMatch = 150;
    private const int NumberMatch = 200;

    public static IEnumerable<SearchHit> Rank(SearchQuery query, IEnumerable<ResidentSummary> candidates)
    {
        var hits = new List<SearchHit>();
        foreach (var r in candidates)
        {
            var score = 0;
            var exact = true;
            var names = NameScore(query.Names, r, ref exact);
            if (query.Names.Count > 0 && names <= 0 && !MatchesNumberOrPhone(query, r))
            {
                continue;
            }
            score += names;
            bool? birthMatches = null;
            if (query.BirthDate is { } birthDate)
            {
                birthMatches = r.BirthDate == birthDate;
            }
            else if (query.BirthPeriod is { } period)
            {
                birthMatches = period.Contains(r.BirthDate);
            }
            if (birthMatches is { } born)
            {
                score += born ? (query.BirthDate is null ? BirthPeriodMatch : BirthDateMatch) : BirthDateMismatch;
                exact &= born;
            }
            bool? placeMatches = query.Place is { } place ? IsAt(r, place) : null;
            if (placeMatches is { } at)
            {
                score += at ? PlaceMatch : PlaceMismatch;
                exact &= at;
            }
            if (query.PhoneKey is { } phone && (Common.PhoneNumbers.Key(r.Phone) == phone || Common.PhoneNumbers.Key(r.ContactPhone) == phone))
            {
                score += PhoneMatch;
            }
            if (query.Number is { } number && (r.ResidentNo == number || r.HouseholdNo == number))
            {
                score += r.ResidentNo == number ? NumberMatch : NumberMatch / 2;
            }
            if (score <= 0 && query.Names.Count == 0 && query.BirthDate is null && birthMatches != true && placeMatches != true)
            {
                continue;
            }
            hits.Add(new SearchHit(r, score, exact && score > 0) { BirthMatches = birthMatches, PlaceMatches = placeMatches });
        }
        // A caller's birth year or date tells people apart better than any spelling: those born then come first,
        // then the namesakes born on another day (shown as 「氏名は一致（生年月日は違う）」), never dropped; likewise,
        // within each, those who lived in the place the caller named.
        return hits
            .OrderByDescending(h => h.BirthMatches != false)
            .ThenByDescending(h => h.PlaceMatches != false)
            .ThenByDescending(h => h.Score)
            .ThenBy(h => h.Resident.FamilyNameKana, StringComparer.Ordinal)
            .ThenBy(h => h.Resident.GivenNameKana, StringComparer.Ordinal)
            .ThenBy(h => h.Resident.ResidentNo, StringComparer.Ordinal);
    }

    /// <summary>The resident lives (lived, before the disaster) in the place typed: the 行政区 or a word of the address.</summary>
    internal static bool IsAt(ResidentSummary r, string place) =>
        (r.District is { } district && district.Contains(place, StringComparison.Ordinal))
        || (r.Address is { } address && address.Contains(place, StringComparison.Ordinal));

    private static bool MatchesNumberOrPhone(SearchQuery query, ResidentSummary r) =>
        (query.Number is { } n && (r.ResidentNo == n || r.HouseholdNo == n))
        || (query.PhoneKey is { } p && (Common.PhoneNumbers.Key(r.Phone) == p || Common.PhoneNumbers.Key(r.ContactPhone) == p));

    /// <summary>
    /// Two words are read as family then given name (the usual order) and, failing that, each on its own;
    /// one word may be the family name, the given name, or both typed without a space.
    /// </summary>
    private static int NameScore(IReadOnlyList<NameTerm> terms, ResidentSummary r, ref bool exact)
    {
        if (terms.Count == 0)
        {
            return 0;
        }
        if (terms.Count >= 2)
        {
            var family = Match(terms[0], r.FamilyName, r.FamilyNameKana, r.FamilyNameKey, r.FamilyKanaKey);
            var given = Match(terms[1], r.GivenName, r.GivenNameKana, r.GivenNameKey, r.GivenKanaKey);
            if (family > 0 && given > 0)
            {
                exact &= family == Exact && given == Exact;
                return family + given;
            }
            var best = 0;
            foreach (var term in terms)
            {
                best = Math.Max(best, Math.Max(Match(term, r.FamilyName, r.FamilyNameKana, r.FamilyNameKey, r.FamilyKanaKey),
                    Match(term, r.GivenName, r.GivenNameKana, r.GivenNameKey, r.GivenKanaKey)));
            }
            exact = false;
            return best / 2;
        }
        var only = terms[0];
        var score = Math.Max(
            Math.Max(Match(only, r.FamilyName, r.FamilyNameKana, r.FamilyNameKey, r.FamilyKanaKey),
                Match(only, r.GivenName, r.GivenNameKana, r.GivenNameKey, r.GivenKanaKey)),
            Match(only, r.FamilyName + r.GivenName, r.FamilyNameKana + r.GivenNameKana, r.NameKey, r.KanaKey) is var full && full > 0 ? full + 20 : 0);
        exact &= score >= Exact;
        return score;
    }

    /// <summary>How well a term matches one name; the stored keys are used when the row carried them.</summary>
    private static int Match(NameTerm term, string written, string reading, string? writtenKey, string? readingKey)
    {
        if (term.Script == NameScript.Written)
        {
            if (written == term.Exact)
            {
                return Exact;
            }
            var key = writtenKey ?? NameKey.Kanji(written);
            return key == term.Key ? Folded
                : key.StartsWith(term.Key, StringComparison.Ordinal) ? Prefix
                : term.LooseKeys.Count == 0 ? 0
                : NameKey.LooselyMatches(key, term.Key, prefix: false) ? Loose
                : NameKey.LooselyMatches(key, term.Key, prefix: true) ? LoosePrefix
                : 0;
        }
        if (reading == term.Exact)
        {
            return Exact;
        }
        var kana = readingKey ?? NameKey.Kana(reading);
        return kana == term.Key ? Folded : kana.StartsWith(term.Key, StringComparison.Ordinal) ? Prefix : 0;
    }
}
