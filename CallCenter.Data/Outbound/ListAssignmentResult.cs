namespace CallCenter.Data.Outbound;

/// <summary>What assigning a list did, or why it did nothing (<see cref="Error"/>).</summary>
public sealed record ListAssignmentResult(string? Error, string ListName, int Households, bool Replaced, IReadOnlyList<MovedHouseholds> Moved)
{
    /// <summary>A list refused with <paramref name="error"/>: nothing was assigned.</summary>
    public static ListAssignmentResult Fail(string error) => new(error, "", 0, false, []);

    /// <summary>The outcome in a sentence for the supervisor, e.g. 「仮設住宅A棟」に 12 世帯を割り当てました（「避難所名簿」から 3 世帯を移しました）.</summary>
    public string Message =>
        Error ?? $"「{ListName}」に {Households} 世帯を割り当てました" + (Replaced ? "（同じ名前のリストを置き換えました）" : "")
            + (Moved.Count == 0 ? "" : $"（{string.Join("、", Moved.Select(m => $"「{m.ListName}」から {m.Households} 世帯"))}を移しました）");
}
