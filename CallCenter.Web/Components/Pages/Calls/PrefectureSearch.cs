using System.Globalization;
using System.Text;
using CallCenter.Data.Common;

namespace CallCenter.Web.Components.Pages.Calls;

/// <summary>
/// Type-ahead for the prefecture box: an operator types the start of the name in kanji, kana or romaji
/// (ふく, fuku, 福), or its JIS code (7, 07), without waiting for the IME; Tab takes the first match.
/// </summary>
public static class PrefectureSearch
{
    // Readings in code order (1..47, then 海外), hiragana and Hepburn without long-vowel marks.
    private static readonly (string Kana, string Romaji)[] Readings =
    [
        ("ほっかいどう", "hokkaido"), ("あおもり", "aomori"), ("いわて", "iwate"), ("みやぎ", "miyagi"), ("あきた", "akita"),
        ("やまがた", "yamagata"), ("ふくしま", "fukushima"), ("いばらき", "ibaraki"), ("とちぎ", "tochigi"), ("ぐんま", "gunma"),
        ("さいたま", "saitama"), ("ちば", "chiba"), ("とうきょう", "tokyo"), ("かながわ", "kanagawa"), ("にいがた", "niigata"),
        ("とやま", "toyama"), ("いしかわ", "ishikawa"), ("ふくい", "fukui"), ("やまなし", "yamanashi"), ("ながの", "nagano"),
        ("ぎふ", "gifu"), ("しずおか", "shizuoka"), ("あいち", "aichi"), ("みえ", "mie"), ("しが", "shiga"),
        ("きょうと", "kyoto"), ("おおさか", "osaka"), ("ひょうご", "hyogo"), ("なら", "nara"), ("わかやま", "wakayama"),
        ("とっとり", "tottori"), ("しまね", "shimane"), ("おかやま", "okayama"), ("ひろしま", "hiroshima"), ("やまぐち", "yamaguchi"),
        ("とくしま", "tokushima"), ("かがわ", "kagawa"), ("えひめ", "ehime"), ("こうち", "kochi"), ("ふくおか", "fukuoka"),
        ("さが", "saga"), ("ながさき", "nagasaki"), ("くまもと", "kumamoto"), ("おおいた", "oita"), ("みやざき", "miyazaki"),
        ("かごしま", "kagoshima"), ("おきなわ", "okinawa"), ("かいがい", "kaigai"),
    ];

    /// <summary>The display text of a code (empty for none).</summary>
    public static string Text(byte? code) => Prefectures.Name(code) ?? "";

    /// <summary>Codes whose name, reading or code starts with <paramref name="text"/>; all of them for empty text.</summary>
    public static IEnumerable<byte?> Find(string? text)
    {
        var codes = Prefectures.Codes;
        var query = Normalize(text);
        if (query.Length == 0)
        {
            return codes.Select(c => (byte?)c);
        }
        if (int.TryParse(query, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return codes.Where(c => c == number).Select(c => (byte?)c);
        }
        var romaji = CollapseLongVowels(query);
        return codes
            .Select((code, index) => (code, index))
            .Where(p => Prefectures.Name(p.code)!.StartsWith(query, StringComparison.Ordinal)
                        || Readings[p.index].Kana.StartsWith(query, StringComparison.Ordinal)
                        || Readings[p.index].Romaji.StartsWith(romaji, StringComparison.Ordinal))
            .Select(p => (byte?)p.code);
    }

    /// <summary>NFKC, lower case, katakana as hiragana.</summary>
    private static string Normalize(string? text)
    {
        var t = (text ?? "").Normalize(NormalizationForm.FormKC).Trim().ToLowerInvariant();
        var builder = new StringBuilder(t.Length);
        foreach (var c in t)
        {
            builder.Append(c is >= 'ァ' and <= 'ヶ' ? (char)(c - 0x60) : c);
        }
        return builder.ToString();
    }

    // tokyo, toukyou and tookyoo are the same prefecture to a caller spelling it out.
    private static string CollapseLongVowels(string romaji) =>
        romaji.Replace("ou", "o", StringComparison.Ordinal).Replace("oo", "o", StringComparison.Ordinal)
            .Replace("uu", "u", StringComparison.Ordinal).Replace("ō", "o", StringComparison.Ordinal).Replace("ū", "u", StringComparison.Ordinal);
}
