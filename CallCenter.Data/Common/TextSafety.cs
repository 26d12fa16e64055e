using System.Buffers;
using System.Globalization;
using System.Text;

namespace CallCenter.Data.Common;

/// <summary>
/// The one rule for invisible characters in stored text: C0 and C1 control characters other than tab, CR and LF
/// (U+0000–U+001F, U+007F–U+009F) and the bidirectional embeddings, overrides and isolates (U+202A–U+202E,
/// U+2066–U+2069) are refused wherever text is stored, and removed wherever it is exported. They hide or reorder
/// what an operator reads (a right-to-left override turns 山田 花子 into another-looking name), ring terminals, and
/// carry escape sequences into the programs that open an export. Ideographic variation selectors (U+FE00–U+FE0F,
/// U+E0100–U+E01EF), which registers use for a name's exact glyph (葛󠄀), are characters like any other and kept.
/// </summary>
public static class TextSafety
{
    /// <summary>True for a code point this rule refuses.</summary>
    public static bool IsForbidden(int codePoint) =>
        codePoint is (< 0x20 and not ('\t' or '\r' or '\n')) or (>= 0x7F and <= 0x9F) or (>= 0x202A and <= 0x202E) or (>= 0x2066 and <= 0x2069);

    /// <summary>
    /// Every refused code point: all are in the BMP, so a vectorized search over UTF-16 code units finds them (exports
    /// scan every cell; the CSV writer adds these to the characters it looks for anyway).
    /// </summary>
    internal static readonly char[] ForbiddenCharacters = [.. Enumerable.Range(0, 0x2070).Where(IsForbidden).Select(c => (char)c)];

    private static readonly SearchValues<char> Forbidden = SearchValues.Create(ForbiddenCharacters);

    /// <summary>The index of the first refused character in <paramref name="text"/>, or -1.</summary>
    public static int IndexOfForbidden(string? text) => string.IsNullOrEmpty(text) ? -1 : text.AsSpan().IndexOfAny(Forbidden);

    /// <summary>
    /// Why <paramref name="text"/> cannot be stored (「使用できない制御文字 U+202E が含まれています」), or null when it can.
    /// </summary>
    public static string? Problem(string? text)
    {
        var at = IndexOfForbidden(text);
        return at < 0 ? null : $"使用できない制御文字 U+{(int)text![at]:X4} が含まれています";
    }

    /// <summary>
    /// The message for a form field: 「{label}に使用できない制御文字 U+202E が含まれています。」, or null when the
    /// text can be stored.
    /// </summary>
    public static string? FieldProblem(string label, string? text)
    {
        var at = IndexOfForbidden(text);
        return at < 0 ? null : $"{label}に使用できない制御文字 U+{(int)text![at]:X4} が含まれています。削除してから保存してください。";
    }

    /// <summary>Adds <see cref="FieldProblem"/> of each field to <paramref name="errors"/>.</summary>
    public static void AddProblems(ICollection<string> errors, params (string Label, string? Text)[] fields)
    {
        foreach (var (label, text) in fields)
        {
            if (FieldProblem(label, text) is { } problem)
            {
                errors.Add(problem);
            }
        }
    }

    /// <summary>
    /// The write boundary's guard: throws <see cref="UnsafeTextException"/> naming the first field that holds a
    /// refused character. Repositories call it before every statement that stores text, so no caller can skip it;
    /// services with a validation path report the same message first (<see cref="FieldProblem"/>).
    /// </summary>
    public static void Ensure(params (string Label, string? Text)[] fields)
    {
        foreach (var (label, text) in fields)
        {
            if (FieldProblem(label, text) is { } problem)
            {
                throw new UnsafeTextException(label, problem);
            }
        }
    }

    /// <summary>The text without refused characters (for exports of rows stored before the rule).</summary>
    public static string Strip(string text)
    {
        var at = IndexOfForbidden(text);
        if (at < 0)
        {
            return text;
        }
        var b = new StringBuilder(text.Length);
        b.Append(text, 0, at);
        for (var i = at; i < text.Length; i++)
        {
            if (!IsForbidden(text[i]))
            {
                b.Append(text[i]);
            }
        }
        return b.ToString();
    }

    /// <summary>U+XXXX for messages.</summary>
    public static string CodePoint(int codePoint) => "U+" + codePoint.ToString("X4", CultureInfo.InvariantCulture);
}

/// <summary>Text refused by <see cref="TextSafety"/>: the message names the field and the code point, in Japanese.</summary>
public sealed class UnsafeTextException(string field, string message) : ArgumentException(message)
{
    /// <summary>The field's label as the form shows it.</summary>
    public string Field { get; } = field;
}
