namespace CallCenter.Data.Intentions;

/// <summary>A round of the intention survey (回答ラウンド, 「2026年度」) with the households that have an answer in it.</summary>
/// <param name="RoundId">Its id.</param>
/// <param name="Name">Its name, unique: 「2026年度」.</param>
/// <param name="CreatedAt">When it was created (UTC).</param>
/// <param name="ClosedAt">When it was closed (UTC); null while it takes answers.</param>
/// <param name="Answered">Households with an answer that counts in it.</param>
public sealed record SurveyRound(int RoundId, string Name, DateTime CreatedAt, DateTime? ClosedAt, int Answered)
{
    // For Dapper: SQLite returns every integer as Int64; with this constructor Dapper sets the properties and converts.
    private SurveyRound() : this(0, "", default, null, 0)
    {
    }

    /// <summary>Whether the round takes answers.</summary>
    public bool IsOpen => ClosedAt is null;
}
