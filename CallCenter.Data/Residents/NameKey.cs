using System.Buffers;
using System.Text;

namespace CallCenter.Data.Residents;

/// <summary>
/// Normalized search keys for Japanese names. Keys are for matching only; the original spelling is
/// always kept for display. Keys are deliberately loose: they find every candidate a caller could mean,
/// and the ranking of search results (exact spelling first) decides between them.
/// </summary>
/// <remarks>
/// <see cref="Kanji"/> and <see cref="Kana"/> run once per row in imports of a million rows, so they work
/// on a pooled buffer, one code point at a time, with table lookups only (no regex, no LINQ), and return
/// the input itself when it already is a key. See docs/name-matching.md for the rules and their sources.
/// </remarks>
public static class NameKey
{
    private const int StackBufferLength = 256;

    /// <summary>
    /// Key of a name written in kanji (or any script): NFKC, old and variant kanji folded to their
    /// common form (髙→高, 澤→沢, 𠮷→吉, ...), whitespace, variation selectors and zero-width characters
    /// removed.
    /// </summary>
    /// <remarks>
    /// The variant table is the embedded resource <c>Residents/KanjiVariants.tsv</c>, derived from Mozc's
    /// <c>variant_rule.txt</c> (旧字体 and 異体字 sections, BSD-3-Clause) plus our own supplement.
    /// </remarks>
    public static string Kanji(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "";
        }
        var s = Nfkc(name);

        var first = 0;
        while (first < s.Length)
        {
            var cp = CodePointAt(s, first, out var width);
            if (IsIgnorable(cp) || KanjiVariants.Fold(cp) != cp || (width == 1 && char.IsSurrogate(s[first])))
            {
                break;
            }
            first += width;
        }
        if (first == s.Length)
        {
            return s;
        }

        // A fold never needs more than two UTF-16 units per input unit.
        var length = s.Length * 2;
        char[]? rented = null;
        Span<char> buffer = length <= StackBufferLength
            ? stackalloc char[StackBufferLength]
            : (rented = ArrayPool<char>.Shared.Rent(length));
        try
        {
            s.AsSpan(0, first).CopyTo(buffer);
            var written = first;
            var i = first;
            while (i < s.Length)
            {
                var cp = CodePointAt(s, i, out var width);
                i += width;
                if (IsIgnorable(cp))
                {
                    continue;
                }
                written += new Rune(KanjiVariants.Fold(cp)).EncodeToUtf16(buffer[written..]);
            }
            return new string(buffer[..written]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

    /// <summary>
    /// The loose key of a reading: NFKC, one kana script (katakana), spaces and ・ removed, sound-alikes
    /// callers cannot tell apart folded, long vowels collapsed. サトウ, サトー, サトオ and さとう all give サト.
    /// </summary>
    /// <remarks>
    /// <para>Why so loose: on the phone a caller cannot hear ヂ from ジ, ヅ from ズ, ヲ from オ, a small kana
    /// from a large one, or サトウ from サトー from サトオ; registers and operators spell the same name each
    /// way. Person Finder folds ぢ/じ, づ/ず and long vowels for the same reason. Whether a candidate is an
    /// exact match is decided separately, by ranking on <see cref="Reading"/>.</para>
    /// <para>Rules, in order: ゝゞヽヾ repeat the kana before them; ヂ→ジ, ヅ→ズ, ヰ→イ, ヱ→エ, ヲ→オ;
    /// ヴァ ヴィ ヴ ヴェ ヴォ (and ヷ ヸ ヹ ヺ) → バ ビ ブ ベ ボ; small kana → large; ー removed; a vowel kana that
    /// only lengthens the syllable before it is dropped (after an a-row syllable ア, i-row イ, u-row ウ,
    /// e-row エ or イ, o-row オ or ウ); ン before a vowel or ヤ ユ ヨ becomes the na-row syllable (ンイ→ニ,
    /// ンヤ→ニヤ), because romaji written without an apostrophe (Junichi for Jun'ichi, Shinya for Shin'ya)
    /// cannot tell them apart.</para>
    /// <para>Spaces are skipped without ending the syllable, so a name typed with or without a space
    /// between family and given name gives the same key.</para>
    /// </remarks>
    public static string Kana(string? reading)
    {
        if (string.IsNullOrEmpty(reading))
        {
            return "";
        }
        var s = Nfkc(reading);

        char[]? rented = null;
        Span<char> buffer = s.Length <= StackBufferLength
            ? stackalloc char[StackBufferLength]
            : (rented = ArrayPool<char>.Shared.Rent(s.Length));
        try
        {
            var written = 0;
            var vowel = NoVowel;      // vowel of the last syllable written, for long-vowel collapsing
            var lastWasN = false;     // the last kana written is ン (it may still become ナ ニ ヌ ネ ノ)
            var lastKana = '\0';      // the last kana read, before folding, for the iteration marks
            for (var i = 0; i < s.Length; i++)
            {
                var c = ToKatakana(s[i]);
                if (c is 'ヽ' or 'ヾ')
                {
                    if (lastKana == '\0')
                    {
                        continue;
                    }
                    c = c == 'ヽ' ? Unvoiced(lastKana) : Voiced(Unvoiced(lastKana));
                }
                if (IsKatakana(c))
                {
                    lastKana = c;
                }

                var small = false;
                switch (c)
                {
                    case 'ー':
                    case '・':
                    case '゠':
                        continue;
                    case 'ヴ':
                        var next = i + 1 < s.Length ? ToKatakana(s[i + 1]) : '\0';
                        c = next switch { 'ァ' => 'バ', 'ィ' => 'ビ', 'ゥ' => 'ブ', 'ェ' => 'ベ', 'ォ' => 'ボ', _ => 'ブ' };
                        if (c != 'ブ' || next == 'ゥ')
                        {
                            i++;
                        }
                        break;
                    case 'ヷ': c = 'バ'; break;
                    case 'ヸ': c = 'ビ'; break;
                    case 'ヹ': c = 'ベ'; break;
                    case 'ヺ': c = 'ボ'; break;
                    case 'ヂ': c = 'ジ'; break;
                    case 'ヅ': c = 'ズ'; break;
                    case 'ヰ': c = 'イ'; break;
                    case 'ヱ': c = 'エ'; break;
                    case 'ヲ': c = 'オ'; break;
                    case 'ァ' or 'ィ' or 'ゥ' or 'ェ' or 'ォ' or 'ャ' or 'ュ' or 'ョ' or 'ヮ':
                        c = (char)(c + 1);
                        small = true;
                        break;
                    case 'ッ': c = 'ツ'; break;
                    case 'ヵ': c = 'カ'; break;
                    case 'ヶ': c = 'ケ'; break;
                    default:
                        if (char.IsWhiteSpace(c) || IsIgnorable(c))
                        {
                            continue;
                        }
                        break;
                }

                var v = VowelOf(c);
                if (!small && lastWasN && c is 'ア' or 'イ' or 'ウ' or 'エ' or 'オ')
                {
                    buffer[written - 1] = NaRow[v];
                    vowel = v;
                    lastWasN = false;
                    continue;
                }
                if (!small && lastWasN && c is 'ヤ' or 'ユ' or 'ヨ')
                {
                    buffer[written - 1] = 'ニ';
                }
                else if (!small && c is 'ア' or 'イ' or 'ウ' or 'エ' or 'オ' && Lengthens(vowel, v))
                {
                    continue;
                }

                buffer[written++] = c;
                vowel = c == 'ツ' && s[i] is 'ッ' or 'っ' ? NoVowel : v;
                lastWasN = c == 'ン';
            }
            return written == s.Length && buffer[..written].SequenceEqual(s.AsSpan())
                ? s
                : new string(buffer[..written]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

    /// <summary>
    /// The display form of a reading: NFKC, hiragana turned into katakana, runs of spaces made one
    /// half-width space, trimmed.
    /// </summary>
    public static string Reading(string? reading)
    {
        var s = Nfkc(reading ?? "").Trim();
        var b = new StringBuilder(s.Length);
        foreach (var c in s)
        {
            if (char.IsWhiteSpace(c))
            {
                if (b.Length > 0 && b[^1] != ' ')
                {
                    b.Append(' ');
                }
            }
            else
            {
                b.Append(c is >= 'ぁ' and <= 'ゖ' ? (char)(c + 0x60) : c);
            }
        }
        return b.ToString();
    }

    /// <summary>True when a display reading holds only katakana, the long-vowel mark and spaces.</summary>
    public static bool IsKatakanaReading(string reading)
    {
        foreach (var c in reading)
        {
            if (c is not ((>= 'ァ' and <= 'ヺ') or 'ー' or ' ' or 'ヽ' or 'ヾ'))
            {
                return false;
            }
        }
        return reading.Length > 0;
    }

    /// <summary>
    /// True when the text holds at least one kana and nothing but hiragana, katakana (full- or
    /// half-width), the long-vowel mark, iteration marks, ・ and whitespace: a query to search by reading.
    /// </summary>
    public static bool IsKanaOnly(string text)
    {
        var kana = false;
        foreach (var c in text)
        {
            if (c is (>= 'ぁ' and <= 'ゖ') or (>= 'ァ' and <= 'ヺ') or (>= 'ｦ' and <= 'ﾝ'))
            {
                kana = true;
            }
            else if (c is not ((>= '゛' and <= 'ゞ') or (>= '゠' and <= 'ヿ') or (>= '･' and <= 'ﾟ'))
                     && !char.IsWhiteSpace(c))
            {
                return false;
            }
        }
        return kana;
    }

    /// <summary>True when <see cref="RomajiToKatakana"/> can read the text as romaji.</summary>
    public static bool IsRomaji(string text) => RomajiToKatakana(text) is not null;

    /// <summary>
    /// Reads romaji typed by an operator as katakana, or returns null when the text is not romaji
    /// (anything but Latin letters, long-vowel marks, apostrophes, hyphens, commas and spaces, or letters
    /// that do not spell Japanese syllables).
    /// </summary>
    /// <remarks>
    /// Hepburn and kunrei (shi/si, chi/ti, tsu/tu, fu/hu, ji/zi, sha/sya, cha/tya, ja/zya/jya), n before a
    /// consonant or at the end, nn, n', m before b m p (Homma), doubled consonants and tch as ッ, macrons
    /// and circumflexes (ō, ô → オウ; ā → アア; ē → エイ), doubled vowels (oo, ou) and an h that only
    /// lengthens a vowel (Satoh, Ohno → サトウ, オウノ). Case-insensitive; words are joined by one space.
    /// The result is a spelling, not the register's reading: it is meant to be compared through
    /// <see cref="Kana"/>, under which サトウ, サトー and サト agree.
    /// </remarks>
    public static string? RomajiToKatakana(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        var s = Nfkc(text);

        // Lower-case letters, '^' after a vowel marked long, '\'' for a syllable break, ' ' between words.
        var romaji = new StringBuilder(s.Length + 4);
        foreach (var c in s)
        {
            switch (c)
            {
                case >= 'a' and <= 'z':
                    romaji.Append(c);
                    break;
                case >= 'A' and <= 'Z':
                    romaji.Append((char)(c + 32));
                    break;
                case '\'' or '’' or '‘' or '-':
                    romaji.Append('\'');
                    break;
                case '\u0304' or '\u0302':
                    if (romaji.Length == 0 || !IsVowel(romaji[^1]))
                    {
                        return null;
                    }
                    romaji.Append('^');
                    break;
                case ',':
                    romaji.Append(' ');
                    break;
                default:
                    var vowel = MarkedVowel(c);
                    if (vowel != '\0')
                    {
                        romaji.Append(vowel).Append('^');
                    }
                    else if (char.IsWhiteSpace(c))
                    {
                        romaji.Append(' ');
                    }
                    else
                    {
                        return null;
                    }
                    break;
            }
        }

        var r = romaji.ToString();
        var kana = new StringBuilder(r.Length);
        var vowelBefore = '\0';
        var i = 0;
        while (i < r.Length)
        {
            var c = r[i];
            var next = i + 1 < r.Length ? r[i + 1] : '\0';
            if (c == ' ')
            {
                if (kana.Length > 0 && kana[^1] != ' ')
                {
                    kana.Append(' ');
                }
                vowelBefore = '\0';
                i++;
                continue;
            }
            if (c == '\'')
            {
                i++;
                continue;
            }
            if (c == '^')
            {
                if (vowelBefore != '\0')
                {
                    kana.Append(LongVowel(vowelBefore));
                }
                i++;
                continue;
            }
            if (c == 'n' && next != 'y' && !IsVowel(next))
            {
                // n', nn, n before a consonant or at the end: ン. Before a vowel "nn" is ン plus a na-row
                // syllable (Hepburn: Kanno = カンノ), so only the first n is used up.
                kana.Append('ン');
                vowelBefore = '\0';
                i += next == '\'' || (next == 'n' && !IsVowel(At(r, i + 2)) && At(r, i + 2) != 'y') ? 2 : 1;
                continue;
            }
            if (c == 'm' && next is 'b' or 'm' or 'p')
            {
                kana.Append('ン');
                vowelBefore = '\0';
                i++;
                continue;
            }
            if (c == 'h' && i > 0 && (IsVowel(r[i - 1]) || r[i - 1] == '^') && !IsVowel(next))
            {
                // "oh" spelling of a long vowel: Satoh, Ohno, Itoh (after ō it adds nothing).
                if (r[i - 1] != '^')
                {
                    kana.Append(LongVowel(r[i - 1]));
                }
                i++;
                continue;
            }
            if ((c == next && c is not ('a' or 'i' or 'u' or 'e' or 'o' or 'n'))
                || (c == 't' && next == 'c' && At(r, i + 2) == 'h'))
            {
                kana.Append('ッ');
                vowelBefore = '\0';
                i++;
                continue;
            }

            var matched = false;
            for (var length = Math.Min(3, r.Length - i); length > 0; length--)
            {
                if (Syllables.TryGetValue(r.AsSpan(i, length), out var syllable))
                {
                    kana.Append(syllable);
                    vowelBefore = r[i + length - 1];
                    i += length;
                    matched = true;
                    break;
                }
            }
            if (!matched)
            {
                return null;
            }
        }
        var result = kana.ToString().Trim();
        return result.Length == 0 ? null : result;
    }

    private const byte NoVowel = 5;

    // Vowel of each character U+30A0..U+30FF: 0..4 = a i u e o, 5 = none (ン, ッ, marks).
    private const string KatakanaVowels =
        "-aaiiuueeooaaiiuueeooaaiiuueeooaaii-uueeooaiueoaaaiiiuuueeeoooaiueoaauuooaiueoaaieo-uaeaieo-----";

    private const string NaRow = "ナニヌネノ";

    private static readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> Syllables =
        BuildSyllables().GetAlternateLookup<ReadOnlySpan<char>>();

    private static byte VowelOf(char c)
    {
        if (c is < '\u30A0' or > '\u30FF')
        {
            return NoVowel;
        }
        return KatakanaVowels[c - '\u30A0'] switch
        {
            'a' => 0,
            'i' => 1,
            'u' => 2,
            'e' => 3,
            'o' => 4,
            _ => NoVowel,
        };
    }

    // オウ, オオ, ウウ, エイ, イイ, アア and the same after any kana of the row: the second vowel only
    // lengthens the first, which a caller cannot hear apart from ー or from a short vowel on the phone.
    private static bool Lengthens(byte before, byte vowel) =>
        before != NoVowel && (before == vowel || (before == 4 && vowel == 2) || (before == 3 && vowel == 1));

    private static bool IsKatakana(char c) => c is >= 'ァ' and <= 'ヺ';

    private static char ToKatakana(char c) => c switch
    {
        >= 'ぁ' and <= 'ゖ' => (char)(c + 0x60),
        'ゝ' => 'ヽ',
        'ゞ' => 'ヾ',
        _ => c,
    };

    private static char Voiced(char k) => k switch
    {
        >= 'カ' and <= 'チ' when (k - 'カ') % 2 == 0 => (char)(k + 1),
        'ツ' or 'テ' or 'ト' => (char)(k + 1),
        >= 'ハ' and <= 'ホ' when (k - 'ハ') % 3 == 0 => (char)(k + 1),
        'ウ' => 'ヴ',
        _ => k,
    };

    private static char Unvoiced(char k) => k switch
    {
        >= 'ガ' and <= 'ヂ' when (k - 'ガ') % 2 == 0 => (char)(k - 1),
        'ヅ' or 'デ' or 'ド' => (char)(k - 1),
        >= 'バ' and <= 'ボ' when (k - 'バ') % 3 == 0 => (char)(k - 1),
        >= 'パ' and <= 'ポ' when (k - 'パ') % 3 == 0 => (char)(k - 2),
        'ヴ' => 'ウ',
        _ => k,
    };

    private static bool IsVowel(char c) => c is 'a' or 'i' or 'u' or 'e' or 'o';

    private static char At(string s, int i) => i < s.Length ? s[i] : '\0';

    private static char MarkedVowel(char c) => c switch
    {
        'ā' or 'â' or 'Ā' or 'Â' => 'a',
        'ī' or 'î' or 'Ī' or 'Î' => 'i',
        'ū' or 'û' or 'Ū' or 'Û' => 'u',
        'ē' or 'ê' or 'Ē' or 'Ê' => 'e',
        'ō' or 'ô' or 'Ō' or 'Ô' => 'o',
        _ => '\0',
    };

    // Hepburn writes ō for both おう and おお and ē mostly for えい in names; the loose key does not care.
    private static char LongVowel(char vowel) => vowel switch
    {
        'a' => 'ア',
        'i' => 'イ',
        'u' => 'ウ',
        'e' => 'イ',
        _ => 'ウ',
    };

    private static Dictionary<string, string> BuildSyllables()
    {
        var table = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["a"] = "ア", ["i"] = "イ", ["u"] = "ウ", ["e"] = "エ", ["o"] = "オ",
            ["shi"] = "シ", ["chi"] = "チ", ["tsu"] = "ツ", ["fu"] = "フ",
            ["ti"] = "チ", ["tu"] = "ツ", ["si"] = "シ", ["hu"] = "フ", ["zi"] = "ジ", ["di"] = "ヂ", ["du"] = "ヅ",
            ["ja"] = "ジャ", ["ji"] = "ジ", ["ju"] = "ジュ", ["je"] = "ジェ", ["jo"] = "ジョ",
            ["jya"] = "ジャ", ["jyu"] = "ジュ", ["jyo"] = "ジョ",
            ["sha"] = "シャ", ["shu"] = "シュ", ["she"] = "シェ", ["sho"] = "ショ",
            ["cha"] = "チャ", ["chu"] = "チュ", ["che"] = "チェ", ["cho"] = "チョ",
            ["fa"] = "ファ", ["fi"] = "フィ", ["fe"] = "フェ", ["fo"] = "フォ",
            ["va"] = "ヴァ", ["vi"] = "ヴィ", ["vu"] = "ヴ", ["ve"] = "ヴェ", ["vo"] = "ヴォ",
            ["wa"] = "ワ", ["wi"] = "ウィ", ["we"] = "ウェ", ["wo"] = "ヲ",
            ["ya"] = "ヤ", ["yu"] = "ユ", ["ye"] = "イェ", ["yo"] = "ヨ",
        };
        // Regular rows: consonant + vowel, and consonant + y + a/u/o for the contracted sounds.
        ReadOnlySpan<string> rows =
        [
            "kカキクケコ", "gガギグゲゴ", "sサシスセソ", "zザジズゼゾ", "tタチツテト", "dダヂヅデド",
            "nナニヌネノ", "hハヒフヘホ", "bバビブベボ", "pパピプペポ", "mマミムメモ", "rラリルレロ",
            "lラリルレロ",
        ];
        const string vowels = "aiueo";
        foreach (var row in rows)
        {
            for (var v = 0; v < vowels.Length; v++)
            {
                table.TryAdd($"{row[0]}{vowels[v]}", row[1 + v].ToString());
            }
            table.TryAdd($"{row[0]}ya", $"{row[2]}ャ");
            table.TryAdd($"{row[0]}yu", $"{row[2]}ュ");
            table.TryAdd($"{row[0]}yo", $"{row[2]}ョ");
        }
        // The rows already give kunrei's sya, zya, tya; cya is a common typing of チャ too.
        table["cya"] = "チャ";
        table["cyu"] = "チュ";
        table["cyo"] = "チョ";
        return table;
    }

    // NFKC, without throwing on a lone surrogate from a broken import file (it becomes U+FFFD).
    private static string Nfkc(string s)
    {
        try
        {
            return s.Normalize(NormalizationForm.FormKC);
        }
        catch (ArgumentException)
        {
            var repaired = string.Create(s.Length, s, static (span, source) =>
            {
                for (var i = 0; i < source.Length; i++)
                {
                    var c = source[i];
                    var paired = char.IsHighSurrogate(c)
                        ? i + 1 < source.Length && char.IsLowSurrogate(source[i + 1])
                        : !char.IsLowSurrogate(c) || (i > 0 && char.IsHighSurrogate(source[i - 1]));
                    span[i] = paired ? c : '\uFFFD';
                }
            });
            return repaired.Normalize(NormalizationForm.FormKC);
        }
    }

    private static int CodePointAt(string s, int i, out int width)
    {
        var c = s[i];
        if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
        {
            width = 2;
            return char.ConvertToUtf32(c, s[i + 1]);
        }
        width = 1;
        return char.IsSurrogate(c) ? 0xFFFD : c;
    }

    // Whitespace, variation selectors (IVS from family-register systems) and zero-width characters
    // pasted from spreadsheets: none of them changes which name is meant.
    private static bool IsIgnorable(int cp) =>
        cp is (>= 0xFE00 and <= 0xFE0F) or (>= 0xE0100 and <= 0xE01EF) or (>= 0x200B and <= 0x200D) or 0xFEFF
        || (cp < 0x10000 && char.IsWhiteSpace((char)cp));

    /// <summary>
    /// Keys a written name key may stand for under the looser variants of <c>Residents/KanjiLooseVariants.tsv</c>
    /// (MJ縮退マップ: 斉藤 → 斎藤): each character replaced by its loose partners, the key itself excluded, at most
    /// <paramref name="max"/> keys, fewest replacements first.
    /// </summary>
    public static IReadOnlyList<string> LooseKeys(string key, int max = 4)
    {
        var runes = key.EnumerateRunes().Select(r => r.Value).ToArray();
        var keys = new List<string>();
        // One replacement at a time, then two: a caller's 斉 for 斎 is one character, rarely more.
        for (var i = 0; i < runes.Length && keys.Count < max; i++)
        {
            foreach (var partner in KanjiLooseVariants.Of(runes[i]))
            {
                if (keys.Count == max)
                {
                    break;
                }
                var copy = (int[])runes.Clone();
                copy[i] = partner;
                keys.Add(string.Concat(copy.Select(cp => char.ConvertFromUtf32(cp))));
            }
        }
        return keys;
    }

    /// <summary>
    /// True when <paramref name="candidateKey"/> is <paramref name="termKey"/> (or, with <paramref name="prefix"/>,
    /// starts with it) once each character may also be one of its loose partners.
    /// </summary>
    public static bool LooselyMatches(string candidateKey, string termKey, bool prefix)
    {
        var candidate = candidateKey.EnumerateRunes().GetEnumerator();
        foreach (var term in termKey.EnumerateRunes())
        {
            if (!candidate.MoveNext())
            {
                return false;
            }
            var c = candidate.Current.Value;
            if (c != term.Value && !KanjiLooseVariants.Of(term.Value).Contains(c))
            {
                return false;
            }
        }
        return prefix || !candidate.MoveNext();
    }

    /// <summary>Number of loose variant pairs loaded from the embedded table.</summary>
    internal static int KanjiLooseVariantCount => KanjiLooseVariants.Count;

    /// <summary>Name of the embedded loose variant table.</summary>
    internal const string KanjiLooseVariantsResource = "CallCenter.Data.Residents.KanjiLooseVariants.tsv";

    // Loaded on first use of a loose look-up only.
    private static class KanjiLooseVariants
    {
        private static readonly Dictionary<int, int[]> Partners = [];

        public static readonly int Count = Load();

        public static IReadOnlyList<int> Of(int cp) => Partners.TryGetValue(cp, out var partners) ? partners : [];

        private static int Load()
        {
            using var stream = typeof(NameKey).Assembly.GetManifestResourceStream(KanjiLooseVariantsResource)
                ?? throw new InvalidOperationException($"Embedded resource {KanjiLooseVariantsResource} is missing.");
            using var reader = new StreamReader(stream, Encoding.UTF8);
            var lists = new Dictionary<int, List<int>>();
            var lineNumber = 0;
            var count = 0;
            while (reader.ReadLine() is { } line)
            {
                lineNumber++;
                if (line.Length == 0 || line[0] == '#')
                {
                    continue;
                }
                var fields = line.Split('\t');
                if (fields.Length != 2
                    || !KanjiVariants.TryReadOne(fields[0], out var a)
                    || !KanjiVariants.TryReadOne(fields[1], out var b)
                    || a == b || KanjiVariants.Fold(a) != a || KanjiVariants.Fold(b) != b)
                {
                    throw new InvalidDataException(
                        $"{KanjiLooseVariantsResource} line {lineNumber}: expected two different folded characters separated by a tab.");
                }
                Add(lists, a, b);
                Add(lists, b, a);
                count++;
            }
            foreach (var (cp, partners) in lists)
            {
                Partners[cp] = [.. partners.Distinct()];
            }
            return count;
        }

        private static void Add(Dictionary<int, List<int>> lists, int from, int to)
        {
            if (!lists.TryGetValue(from, out var list))
            {
                lists[from] = list = [];
            }
            list.Add(to);
        }
    }

    /// <summary>Number of kanji variant pairs loaded from the embedded table.</summary>
    internal static int KanjiVariantCount => KanjiVariants.Count;

    /// <summary>Name of the embedded variant table.</summary>
    internal const string KanjiVariantsResource = "CallCenter.Data.Residents.KanjiVariants.tsv";

    // A nested class so the table is loaded on first use of Kanji, once, and never for Kana-only callers.
    private static class KanjiVariants
    {
        private const char Elsewhere = '\uFFFF';

        // Folded form of every BMP code point ('\0' = unchanged, Elsewhere = look in Other).
        private static readonly char[] Bmp = new char[0x10000];
        private static readonly Dictionary<int, int> Other = [];

        public static readonly int Count = Load();

        public static int Fold(int cp)
        {
            if (cp < 0x10000)
            {
                var folded = Bmp[cp];
                return folded == '\0' ? cp : folded == Elsewhere ? Other[cp] : folded;
            }
            return Other.TryGetValue(cp, out var target) ? target : cp;
        }

        private static int Load()
        {
            using var stream = typeof(NameKey).Assembly.GetManifestResourceStream(KanjiVariantsResource)
                ?? throw new InvalidOperationException($"Embedded resource {KanjiVariantsResource} is missing.");
            using var reader = new StreamReader(stream, Encoding.UTF8);
            var pairs = new Dictionary<int, int>();
            var lineNumber = 0;
            while (reader.ReadLine() is { } line)
            {
                lineNumber++;
                if (line.Length == 0 || line[0] == '#')
                {
                    continue;
                }
                var fields = line.Split('\t');
                if (fields.Length < 2
                    || !TryReadOne(fields[0], out var variant)
                    || !TryReadOne(fields[1], out var common)
                    || variant == common
                    || !pairs.TryAdd(variant, common))
                {
                    throw new InvalidDataException(
                        $"{KanjiVariantsResource} line {lineNumber}: expected one new variant, a tab and one other character.");
                }
            }

            foreach (var (variant, common) in pairs)
            {
                // The file resolves chains already; following them here keeps one lookup enough anyway.
                var target = common;
                for (var hops = 0; pairs.TryGetValue(target, out var further) && hops < 8; hops++)
                {
                    target = further;
                }
                if (variant < 0x10000 && target < 0x10000)
                {
                    Bmp[variant] = (char)target;
                }
                else
                {
                    Other[variant] = target;
                    if (variant < 0x10000)
                    {
                        Bmp[variant] = Elsewhere;
                    }
                }
            }
            return pairs.Count;
        }

        // One code point that NFKC leaves alone (a pair NFKC changes could never be reached).
        internal static bool TryReadOne(string text, out int cp)
        {
            cp = 0;
            if (Rune.DecodeFromUtf16(text, out var rune, out var used) != OperationStatus.Done
                || used != text.Length
                || !text.IsNormalized(NormalizationForm.FormKC))
            {
                return false;
            }
            cp = rune.Value;
            return true;
        }
    }
}
