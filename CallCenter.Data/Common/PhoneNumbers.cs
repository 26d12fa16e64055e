using System.Text;

namespace CallCenter.Data.Common;

/// <summary>Phone numbers as typed by people: any width, any hyphenation, +81.</summary>
public static class PhoneNumbers
{
    /// <summary>
    /// The digits-only key used for matching: NFKC, separators (- ー ‐ − 〜 spaces, parentheses) removed,
    /// +81/81 turned into a leading 0. Returns null when nothing but separators is left or a character
    /// other than a digit or separator remains.
    /// </summary>
    public static string? Key(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        var s = text.Normalize(NormalizationForm.FormKC);
        var digits = new StringBuilder(s.Length);
        foreach (var c in s)
        {
            if (c is >= '0' and <= '9')
            {
                digits.Append(c);
            }
            else if (c is '+' && digits.Length == 0)
            {
                digits.Append('+');
            }
            else if (!IsSeparator(c))
            {
                return null;
            }
        }
        var key = digits.ToString();
        if (key.StartsWith("+81", StringComparison.Ordinal))
        {
            key = "0" + key[3..].TrimStart('0');
        }
        else if (key.StartsWith('+'))
        {
            return null;
        }
        else if (key.StartsWith("81", StringComparison.Ordinal) && key.Length >= 11)
        {
            key = "0" + key[2..].TrimStart('0');
        }
        return key.Length == 0 ? null : key;
    }

    /// <summary>The display form: NFKC, trimmed, with the long-vowel and dash look-alikes turned into '-'.</summary>
    public static string? Display(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        var s = text.Normalize(NormalizationForm.FormKC).Trim();
        var b = new StringBuilder(s.Length);
        foreach (var c in s)
        {
            b.Append(c is 'ー' or '‐' or '−' or '–' or '—' or '―' ? '-' : c);
        }
        return b.ToString();
    }

    private static bool IsSeparator(char c) =>
        c is '-' or 'ー' or '‐' or '−' or '–' or '—' or '―' or '〜' or '~' or ' ' or '(' or ')' or '.' or '\t';
}
