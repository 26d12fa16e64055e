namespace CallCenter.Data.Requests;

/// <summary>
/// The age bands of the requests summary and queue: the age of the request's person (for a household request the
/// household head) on the day of its 受付 in Japan time. Stored as a number in <c>Requests.AgeBand</c> (migration 0017).
/// </summary>
public static class AgeBands
{
    /// <summary>The stored value when the birth date is unknown.</summary>
    public const int Unknown = -1;

    /// <summary>Every band in order (0 〜39 … 5 80〜).</summary>
    public static IReadOnlyList<int> All { get; } = [0, 1, 2, 3, 4, 5];

    /// <summary>The Japanese label: 〜39, 40代, 50代, 60代, 70代, 80〜, 不明.</summary>
    public static string Label(int band) => band switch
    {
        0 => "〜39",
        1 => "40代",
        2 => "50代",
        3 => "60代",
        4 => "70代",
        5 => "80〜",
        _ => "不明",
    };

    /// <summary>The band of an age in whole years (the same cut-offs as the triggers of migration 0017).</summary>
    public static int Of(int age) => age switch
    {
        < 40 => 0,
        < 50 => 1,
        < 60 => 2,
        < 70 => 3,
        < 80 => 4,
        _ => 5,
    };

    /// <summary>The band of a person born on <paramref name="birthDate"/> on <paramref name="on"/>, or <see cref="Unknown"/>.</summary>
    public static int Of(DateOnly? birthDate, DateOnly on)
    {
        if (birthDate is not { } born)
        {
            return Unknown;
        }
        var age = on.Year - born.Year - (string.CompareOrdinal(on.ToString("MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            born.ToString("MM-dd", System.Globalization.CultureInfo.InvariantCulture)) < 0 ? 1 : 0);
        return Of(age);
    }
}
