using System.Globalization;
using System.Text;

namespace CallCenter.Data.TalkScripts;

/// <summary>
/// Text as the talk-script search compares it: NFKC (full-width Latin and digits, half-width katakana folded), lower
/// case, hiragana written as katakana (いちじきたく finds 一時帰宅's keyword イチジキタク), spaces dropped. Cheaper than the
/// resident search's name keys on purpose: scripts are prose, not names.
/// </summary>
public static class TalkScriptText
{
    /// <summary>The folded form of <paramref name="text"/>.</summary>
    public static string Fold(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }
        var normalized = text.Normalize(NormalizationForm.FormKC).ToLower(CultureInfo.InvariantCulture);
        var builder = new StringBuilder(normalized.Length);
        foreach (var c in normalized)
        {
            if (char.IsWhiteSpace(c))
            {
                continue;
            }
            // Hiragana ぁ (U+3041) … ゖ (U+3096) and the iteration marks ゝゞ sit 0x60 below their katakana.
            builder.Append(c is >= '\u3041' and <= '\u3096' or '\u309D' or '\u309E' ? (char)(c + 0x60) : c);
        }
        return builder.ToString();
    }

    /// <summary>The words of a query: split on spaces (any width) and 、, each folded, empty ones dropped.</summary>
    public static IReadOnlyList<string> Terms(string? query) =>
        string.IsNullOrWhiteSpace(query)
            ? []
            : query.Normalize(NormalizationForm.FormKC)
                .Split([' ', '\t', '、', ',', '　'], StringSplitOptions.RemoveEmptyEntries)
                .Select(Fold)
                .Where(t => t.Length > 0)
                .Distinct(StringComparer.Ordinal)
                .ToList();

    /// <summary>What the SearchText column holds for a script: title, keywords and body, folded, one line each.</summary>
    public static string SearchTextOf(string title, string keywords, string body) =>
        Fold(title) + "\n" + Fold(keywords) + "\n" + Fold(body);
}
