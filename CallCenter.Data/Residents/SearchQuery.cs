using System.Text;
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
public sealed record NameTerm(string Text, NameScript Script, string Key, string Exact);

/// <summary>
/// What an operator typed into the one search box, taken apart: name words (kanji, kana or romaji), a birth
/// date (western or 和暦), a phone number, a resident or household number.
/// </summary>
public sealed record SearchQuery(
    string Text,
    IReadOnlyList<NameTerm> Names,
    DateOnly? BirthDate,
    string? PhoneKey,
    string? Number)
{
    /// <summary>True when nothing searchable was typed.</summary>
    public bool IsEmpty => Names.Count == 0 && BirthDate is null && PhoneKey is null && Number is null;

    /// <summary>Reads the search box. Never throws: words that mean nothing are ignored.</summary>
    public static SearchQuery Parse(string? text)
    {
        var s = (text ?? "").Normalize(NormalizationForm.FormKC).Trim();
        var names = new List<NameTerm>();
        DateOnly? birthDate = null;
        string? phone = null;
        string? number = null;
        foreach (var word in JoinDigitGroups(s.Split([' ', '\t', '　'], StringSplitOptions.RemoveEmptyEntries)))
        {
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
            if (JapaneseDates.TryParse(word, out var date, out _))
            {
                birthDate ??= date;
                continue;
            }
            if (word.Any(char.IsLetter))
            {
                AddNameTerms(word, names);
            }
        }
        return new SearchQuery(s, names, birthDate, phone, number);
    }

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
            names.Add(new NameTerm(word[..split], NameScript.Written, NameKey.Kanji(word[..split]), word[..split]));
            names.Add(Reading(word[split..], word[split..]));
            return;
        }
        var key = NameKey.Kanji(word);
        if (key.Length > 0)
        {
            names.Add(new NameTerm(word, NameScript.Written, key, word));
        }
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
