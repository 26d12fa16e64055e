using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using CallCenter.Data.Common;

namespace CallCenter.Data.Residents;

/// <summary>Whether a name term was typed as kanji (any written form) or as a reading.</summary>
public enum NameScript
{
    /// <summary>Kanji or other written form: compared through <see cref="NameKey.Kanji"/>.</summary>
    Written,
    /// <summary>Hiragana, katakana, half-width katakana or romaji: compared through <see cref="NameKey.Kana"/>.</summary>
    Reading,
}

/// <summary>One name word of a query, with its key and, for readings, its exact katakana form.</summary>
public sealed record NameTerm(string Text, NameScript Script, string Key, string Exact)
{
    /// <summary>For a written word, the keys it may stand for under looser kanji variants (斉藤 → 斎藤); ranked after exact ones.</summary>
    public IReadOnlyList<string> LooseKeys { get; init; } = [];
}

/// <summary>
/// A span of birth dates a caller gave instead of a whole date: a year (昭和45年, 1970), a year and month (S45.3),
/// an age (75歳) or a decade (70代). <see cref="To"/> is exclusive; <see cref="Text"/> is what the operator typed.
/// </summary>
public sealed record BirthPeriod(DateOnly From, DateOnly To, string Text)
{
    /// <summary>True when <paramref name="date"/> falls in the period.</summary>
    public bool Contains(DateOnly? date) => date is { } d && d >= From && d < To;
}

/// <summary>
/// What an operator typed into the one search box, taken apart: name words (kanji, kana or romaji), a birth
/// date (western or 和暦) or a birth period (a year, a year and month, an age, a decade), a 行政区 or a word of the
/// pre-disaster address, a phone number, a resident or household number. Words may be typed without spaces
/// (佐藤S45.3.12, 熊川の鈴木).
/// </summary>
public sealed partial record SearchQuery(
    string Text,
    IReadOnlyList<NameTerm> Names,
    DateOnly? BirthDate,
    string? PhoneKey,
    string? Number)
{
    /// <summary>A birth year, year and month, age or decade, when one was typed (and no whole date).</summary>
    public BirthPeriod? BirthPeriod { get; init; }

    /// <summary>A 行政区 name or a word of the pre-disaster address (熊川, 本町), when one was typed.</summary>
    public string? Place { get; init; }

    /// <summary>True when nothing searchable was typed.</summary>
    public bool IsEmpty => Names.Count == 0 && BirthDate is null && BirthPeriod is null && Place is null && PhoneKey is null && Number is null;

    /// <summary>True when the caller gave a birth date or period: a name match with another birth date is then said so.</summary>
    public bool HasBirth => BirthDate is not null || BirthPeriod is not null;

    /// <summary>Reads the search box. Never throws: words that mean nothing are ignored.</summary>
    /// <param name="text">What the operator typed.</param>
    /// <param name="today">Today in Japan, for ages (75歳) and decades (70代); without it those words are ignored.</param>
    /// <param name="districts">The town's 行政区 names: a word that is one of them is a place, not a name.</param>
    public static SearchQuery Parse(string? text, DateOnly? today = null, IReadOnlySet<string>? districts = null)
    {
        var s = (text ?? "").Normalize(NormalizationForm.FormKC).Trim();
        var names = new List<NameTerm>();
        DateOnly? birthDate = null;
        BirthPeriod? period = null;
        string? place = null;
        string? phone = null;
        string? number = null;
        foreach (var typed in JoinDigitGroups(s.Split([' ', '\t', '　'], StringSplitOptions.RemoveEmptyEntries)))
        {
            var word = typed;
            // 熊川の鈴木, 本町の佐藤: a place, の, then the rest.
            if (SplitPlace(word, districts) is { } split)
            {
                place ??= split.Place;
                word = split.Remainder;
            }
            if (districts is not null && districts.Contains(word))
            {
                place ??= word;
                continue;
            }
            if (TryBirth(word, today, out var wholeDate, out var span))
            {
                birthDate ??= wholeDate;
                period ??= span;
                continue;
            }
            // 佐藤S45.3.12, 佐藤一郎昭和45年3月12日, さとう1970/3/12: a name with a date typed on without a space.
            if (SplitTrailingBirth(word, today) is { } named)
            {
                birthDate ??= named.Date;
                period ??= named.Period;
                word = named.Name;
            }
            if (IsNumberLike(word))
            {
                var digits = word.Replace("-", "", StringComparison.Ordinal);
                var key = PhoneNumbers.Key(word);
                if (key is { Length: >= 6 } && (key.StartsWith('0') || word.StartsWith('+')))
                {
                    phone ??= key;
                }
                if (digits.All(char.IsAsciiLetterOrDigit))
                {
                    number ??= digits;
                }
                // 19700312 is also a date.
                if (birthDate is null && digits.Length == 8 && digits.All(char.IsAsciiDigit)
                    && JapaneseDates.TryParse(digits, out var compact, out _) && compact.Year >= 1868)
                {
                    birthDate = compact;
                }
                continue;
            }
            if (word.Any(char.IsLetter))
            {
                AddNameTerms(word, names);
            }
        }
        return new SearchQuery(s, names, birthDate, phone, number)
        {
            // A whole date says more than a period; both typed, the date wins.
            BirthPeriod = birthDate is null ? period : null,
            Place = place,
        };
    }

    [GeneratedRegex(@"^(明治|大正|昭和|平成|令和|[MTSHR])(元|\d{1,2})年?(?:(?:[.\-/])(\d{1,2})月?|(\d{1,2})月)?(?:生まれ|生)?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex EraPeriodPattern();

    [GeneratedRegex(@"^(\d{4})年?(?:[.\-/](\d{1,2})月?|(\d{1,2})月)?(?:生まれ|生)?$", RegexOptions.CultureInvariant)]
    private static partial Regex WesternPeriodPattern();

    [GeneratedRegex(@"^(\d{1,3})(?:歳|才)$", RegexOptions.CultureInvariant)]
    private static partial Regex AgePattern();

    [GeneratedRegex(@"^(\d{1,2})0(?:歳|才)?代$", RegexOptions.CultureInvariant)]
    private static partial Regex DecadePattern();

    /// <summary>
    /// A whole birth date (with an optional 生まれ), or a period: 昭和45年, S45, S45.3, 1970, 1970年生, 1970/3, 75歳, 70代.
    /// </summary>
    internal static bool TryBirth(string word, DateOnly? today, out DateOnly? date, out BirthPeriod? period)
    {
        date = null;
        period = null;
        var bare = word.EndsWith("生まれ", StringComparison.Ordinal) ? word[..^3]
            : word.EndsWith('生') ? word[..^1] : word;
        // A whole date needs its separators or eight digits: 0240123456 is a phone number, not a date.
        if (bare.Length > 0 && !bare.All(char.IsAsciiDigit) && JapaneseDates.TryParse(bare, out var whole, out _) && whole.Year >= 1868)
        {
            date = whole;
            return true;
        }
        if (EraPeriodPattern().Match(word) is { Success: true } era)
        {
            var eraText = era.Groups[1].Value;
            var e = JapaneseDates.Eras.First(x => x.Name == eraText || (eraText.Length == 1 && char.ToUpperInvariant(eraText[0]) == x.Letter));
            var eraYear = era.Groups[2].Value == "元" ? 1 : int.Parse(era.Groups[2].Value, CultureInfo.InvariantCulture);
            var month = MonthOf(era.Groups[3], era.Groups[4]);
            var next = JapaneseDates.Eras.SkipWhile(x => x != e).Skip(1).FirstOrDefault();
            if (eraYear < 1 || month is 0 or > 12)
            {
                return false;
            }
            var year = e.Start.Year + eraYear - 1;
            if (next is not null && year > next.Start.Year)
            {
                return false;
            }
            period = Period(year, month, word);
            return true;
        }
        if (WesternPeriodPattern().Match(word) is { Success: true } western)
        {
            var year = int.Parse(western.Groups[1].Value, CultureInfo.InvariantCulture);
            var month = MonthOf(western.Groups[2], western.Groups[3]);
            var lastYear = (today ?? DateOnly.FromDateTime(DateTime.UtcNow)).Year;
            if (year < 1868 || year > lastYear || month is 0 or > 12)
            {
                return false;
            }
            period = Period(year, month, word);
            return true;
        }
        if (today is { } day && AgePattern().Match(word) is { Success: true } age)
        {
            var years = int.Parse(age.Groups[1].Value, CultureInfo.InvariantCulture);
            if (years > 120)
            {
                return false;
            }
            // 75歳 today: born after this day 76 years ago, on or before this day 75 years ago.
            period = new BirthPeriod(day.AddYears(-(years + 1)).AddDays(1), day.AddYears(-years).AddDays(1), word);
            return true;
        }
        if (today is { } now && DecadePattern().Match(word) is { Success: true } decade)
        {
            var low = int.Parse(decade.Groups[1].Value, CultureInfo.InvariantCulture) * 10;
            if (low > 110)
            {
                return false;
            }
            period = new BirthPeriod(now.AddYears(-(low + 10)).AddDays(1), now.AddYears(-low).AddDays(1), word);
            return true;
        }
        return false;
    }

    private static int? MonthOf(Group separated, Group kanji) =>
        separated.Success ? int.Parse(separated.Value, CultureInfo.InvariantCulture)
        : kanji.Success ? int.Parse(kanji.Value, CultureInfo.InvariantCulture)
        : null;

    private static BirthPeriod Period(int year, int? month, string text) => month is { } m
        ? new BirthPeriod(new DateOnly(year, m, 1), new DateOnly(year, m, 1).AddMonths(1), text)
        : new BirthPeriod(new DateOnly(year, 1, 1), new DateOnly(year + 1, 1, 1), text);

    /// <summary>A name followed by a birth date or period without a space, split where the date starts; or null.</summary>
    private static (string Name, DateOnly? Date, BirthPeriod? Period)? SplitTrailingBirth(string word, DateOnly? today)
    {
        for (var i = 1; i < word.Length; i++)
        {
            var startsDate = char.IsAsciiDigit(word[i])
                || (char.IsAsciiLetter(word[i]) && i + 1 < word.Length && char.IsAsciiDigit(word[i + 1]) && "MTSHRmtshr".Contains(word[i]))
                || JapaneseDates.Eras.Any(e => word.AsSpan(i).StartsWith(e.Name, StringComparison.Ordinal));
            // Two letters at least before the date: H000123 is a household number, not H and a date.
            if (!startsDate || word[..i].Count(char.IsLetter) < 2)
            {
                continue;
            }
            if (TryBirth(word[i..], today, out var date, out var period))
            {
                return (word[..i], date, period);
            }
        }
        return null;
    }

    /// <summary>
    /// 熊川の鈴木: a place before の, when it is a known 行政区 or written in kanji (a word of the address); a reading
    /// such as みのる keeps its の.
    /// </summary>
    private static (string Place, string Remainder)? SplitPlace(string word, IReadOnlySet<string>? districts)
    {
        var at = word.IndexOf('の', StringComparison.Ordinal);
        if (at <= 0 || at == word.Length - 1)
        {
            return null;
        }
        var place = word[..at];
        return districts?.Contains(place) == true || place.All(IsIdeograph) ? (place, word[(at + 1)..]) : null;
    }

    private static bool IsIdeograph(char c) =>
        c is (>= '\u4E00' and <= '\u9FFF') or (>= '\u3400' and <= '\u4DBF') or (>= '\uF900' and <= '\uFAFF') or '々' or 'ヶ' or 'ケ' || char.IsSurrogate(c);

    /// <summary>"090 1234 5678": groups of digits typed with spaces are one number.</summary>
    private static IEnumerable<string> JoinDigitGroups(string[] words)
    {
        var pending = "";
        foreach (var word in words)
        {
            if (word.All(c => char.IsAsciiDigit(c) || c is '-' or '(' or ')' or '+'))
            {
                pending += word;
                continue;
            }
            if (pending.Length > 0)
            {
                yield return pending;
                pending = "";
            }
            yield return word;
        }
        if (pending.Length > 0)
        {
            yield return pending;
        }
    }

    private static void AddNameTerms(string word, List<NameTerm> names)
    {
        if (NameKey.IsKanaOnly(word))
        {
            names.Add(Reading(word, word));
            return;
        }
        if (NameKey.RomajiToKatakana(word) is { } katakana)
        {
            names.Add(Reading(word, katakana));
            return;
        }
        // 鈴木はなこ: a written family name followed by a reading of the given name, typed without a space.
        var split = KanaTailStart(word);
        if (split > 0)
        {
            names.Add(Written(word[..split]));
            names.Add(Reading(word[split..], word[split..]));
            return;
        }
        if (NameKey.Kanji(word).Length > 0)
        {
            names.Add(Written(word));
        }
    }

    private static NameTerm Written(string text)
    {
        var key = NameKey.Kanji(text);
        return new NameTerm(text, NameScript.Written, key, text) { LooseKeys = NameKey.LooseKeys(key) };
    }

    private static NameTerm Reading(string text, string kana)
    {
        var exact = NameKey.Reading(kana).Replace(" ", "", StringComparison.Ordinal);
        return new NameTerm(text, NameScript.Reading, NameKey.Kana(kana), exact);
    }

    /// <summary>Where a trailing run of kana starts after written characters, or -1.</summary>
    private static int KanaTailStart(string word)
    {
        var i = word.Length;
        while (i > 0 && NameKey.IsKanaOnly(word[(i - 1)..i]))
        {
            i--;
        }
        return i > 0 && i < word.Length ? i : -1;
    }

    private static bool IsNumberLike(string word)
    {
        var digits = 0;
        foreach (var c in word)
        {
            if (char.IsAsciiDigit(c))
            {
                digits++;
            }
            else if (c is not ('-' or '(' or ')' or '+') && !char.IsAsciiLetter(c))
            {
                return false;
            }
        }
        // H000123 (a household number) and 0240-12-3456 are numbers; "S45.3.12" is a date (has a '.').
        return digits >= 3 && !(char.IsAsciiLetter(word[0]) && word.Length <= 3);
    }
}
