namespace CallCenter.Data.Mailing;

/// <summary>What recording returned letters did, or why it did nothing (<see cref="Error"/>).</summary>
/// <param name="Error">Why nothing was recorded (Japanese, naming every number concerned), or null.</param>
/// <param name="Households">The 世帯番号 recorded, in the order given.</param>
/// <param name="ReturnedOn">The date recorded as the return's.</param>
public sealed record ReturnedMailResult(string? Error, IReadOnlyList<string> Households, DateOnly ReturnedOn)
{
    /// <summary>Refused with <paramref name="error"/>: nothing was recorded.</summary>
    public static ReturnedMailResult Fail(string error) => new(error, [], default);

    /// <summary>The outcome in a sentence for the clerk: 「2 世帯の返戻を記録しました（返戻日 2026/03/14）: H0001、H0002」.</summary>
    public string Message => Error ?? $"{Households.Count} 世帯の返戻を記録しました（返戻日 {ReturnedOn:yyyy/MM/dd}）: "
        + string.Join("、", Households.Take(20)) + (Households.Count > 20 ? $" ほか{Households.Count - 20}件" : "");
}
