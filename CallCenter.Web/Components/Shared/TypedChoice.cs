namespace CallCenter.Web.Components.Shared;

/// <summary>What an autocomplete's typed text stands for when focus leaves the box.</summary>
/// <param name="Changed">The value differs from the one the box held.</param>
/// <param name="Value">The one option the text matches; default when it matches none or several.</param>
/// <param name="Error">A Japanese message naming the text when it matches none or several; null otherwise.</param>
public sealed record TypedChoice<T>(bool Changed, T? Value, string? Error);

/// <summary>
/// Resolves an autocomplete's typed text when focus leaves it before its list opened (Tab pressed at once, a click
/// elsewhere): the one option the text matches is taken, and text that matches none or several is kept with a message
/// naming it, so that nothing typed is dropped without a word (issue 14: 福島 + Tab lost the prefecture and the save
/// then failed).
/// </summary>
public static class TypedChoice
{
    /// <summary>How many candidates a "several match" message names.</summary>
    private const int NamedCandidates = 5;

    /// <param name="typed">The text in the box; null or blank clears the value.</param>
    /// <param name="current">The value the box holds now.</param>
    /// <param name="text">An option's display text.</param>
    /// <param name="find">The options the text matches, best first (the autocomplete's own search).</param>
    /// <param name="noun">What the options are, for the message: 都道府県, 行政区.</param>
    public static TypedChoice<T> Resolve<T>(string? typed, T? current, Func<T, string> text, Func<string, IReadOnlyList<T>> find, string noun)
    {
        var t = typed?.Trim() ?? "";
        var comparer = EqualityComparer<T?>.Default;
        if (t.Length == 0)
        {
            return new(!comparer.Equals(current, default), default, null);
        }
        if (current is not null && text(current) == t)
        {
            return new(false, current, null);
        }
        var matches = find(t);
        var chosen = matches.Where(m => text(m) == t).Take(1).Concat(matches.Count == 1 ? matches : []).FirstOrDefault();
        if (chosen is not null)
        {
            return new(!comparer.Equals(current, chosen), chosen, null);
        }
        var error = matches.Count == 0
            ? $"「{t}」に該当する{noun}がありません。"
            : $"「{t}」に当たる{noun}が {matches.Count} 件あります（{string.Join("・", matches.Take(NamedCandidates).Select(text))}"
              + $"{(matches.Count > NamedCandidates ? "ほか" : "")}）。一覧から選んでください。";
        return new(!comparer.Equals(current, default), default, error);
    }
}
