using System.Text;

namespace CallCenter.Data.Residents;

/// <summary>
/// Normalized search keys for Japanese names. Keys are for matching only; the original spelling is
/// always kept for display.
/// </summary>
public static class NameKey
{
    /// <summary>
    /// Key of a name written in kanji (or any script): NFKC, old and variant kanji folded to their
    /// common form, spaces removed.
    /// </summary>
    public static string Kanji(string? name)
    {
        var s = (name ?? "").Normalize(NormalizationForm.FormKC);
        var b = new StringBuilder(s.Length);
        foreach (var c in s)
        {
            if (!char.IsWhiteSpace(c))
            {
                b.Append(c);
            }
        }
        return b.ToString();
    }

    /// <summary>
    /// Key of a reading: NFKC, one kana script, sound-alikes callers cannot tell apart folded, long vowels
    /// collapsed, spaces removed.
    /// </summary>
    public static string Kana(string? reading)
    {
        var s = Reading(reading);
        var b = new StringBuilder(s.Length);
        foreach (var c in s)
        {
            if (c != ' ' && c != 'ー')
            {
                b.Append(c);
            }
        }
        return b.ToString();
    }

    /// <summary>
    /// The display form of a reading: NFKC, hiragana turned into katakana, runs of spaces made one
    /// half-width space, trimmed.
    /// </summary>
    public static string Reading(string? reading)
    {
        var s = (reading ?? "").Normalize(NormalizationForm.FormKC).Trim();
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
}
