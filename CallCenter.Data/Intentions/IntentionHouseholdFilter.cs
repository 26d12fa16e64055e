using System.Globalization;

namespace CallCenter.Data.Intentions;

/// <summary>
/// The households behind a figure of the summary: a round, optionally one group of a grouping, and which answer
/// (<see cref="Intention"/>: null every household, 0 no counting answer in the round, -1 any answer, 1..4 that intention).
/// </summary>
/// <param name="RoundId">The round.</param>
/// <param name="By">The grouping of <paramref name="Key"/>, or null for the whole town.</param>
/// <param name="Key">The group's key as <see cref="IntentionGroup.Key"/> gives it ('' unknown).</param>
/// <param name="Intention">Which households of the group.</param>
public sealed record IntentionHouseholdFilter(int RoundId, IntentionGrouping? By, string? Key, int? Intention)
{
    /// <summary>No counting answer in the round.</summary>
    public const int Unanswered = 0;

    /// <summary>Any counting answer in the round.</summary>
    public const int Answered = -1;

    /// <summary>The parameters of <see cref="Where"/> for today (the age bands' birth-date ranges).</summary>
    public object Parameters(DateOnly today)
    {
        string? bornFrom = null, bornTo = null;
        var unknownBirth = 0;
        if (By is IntentionGrouping.AgeBand && Key is { } band)
        {
            var index = IntentionSummary.AgeBands.ToList().IndexOf(band);
            if (index < 0)
            {
                unknownBirth = 1;
            }
            else
            {
                // Band i holds ages 30 + 10 i .. 39 + 10 i (the first from 0, the last without end).
                bornTo = index == 0 ? null : Format(IntentionSummary.Latest(today, 30 + 10 * index));
                bornFrom = index == IntentionSummary.AgeBands.Count - 1 ? null : Format(IntentionSummary.Latest(today, 40 + 10 * index).AddDays(1));
            }
        }
        return new
        {
            RoundId,
            District = By is IntentionGrouping.District ? Key ?? "" : null,
            Prefecture = By is IntentionGrouping.Prefecture ? Key ?? "" : null,
            Whereabouts = By is IntentionGrouping.WhereaboutsType ? Key ?? "" : null,
            BornFrom = bornFrom,
            BornTo = bornTo,
            UnknownBirth = unknownBirth,
            Intention,
        };
    }

    private static string Format(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>
    /// The condition over IntentionHouseholds <c>ih</c> LEFT JOIN the round's HouseholdIntentions <c>a</c>, with the
    /// parameters of <see cref="Parameters"/>.
    /// </summary>
    public const string Where = """
        (@District IS NULL OR ih.District = @District)
           AND (@Prefecture IS NULL OR COALESCE(ih.Prefecture, '') = @Prefecture)
           AND (@Whereabouts IS NULL OR COALESCE(ih.Whereabouts, '') = @Whereabouts)
           AND (@BornFrom IS NULL OR ih.BirthDate >= @BornFrom)
           AND (@BornTo IS NULL OR ih.BirthDate <= @BornTo)
           AND (@UnknownBirth = 0 OR ih.BirthDate IS NULL)
           AND (@Intention IS NULL
                OR (@Intention = 0 AND a.HouseholdId IS NULL)
                OR (@Intention = -1 AND a.HouseholdId IS NOT NULL)
                OR a.Intention = @Intention)
        """;

    /// <summary>A phrase for audit rows and headings: 「2026年度・行政区 熊川・未回答」.</summary>
    public string Describe(string roundName)
    {
        var parts = new List<string> { roundName };
        if (By is { } by)
        {
            parts.Add($"{IntentionSummary.Heading(by)} {IntentionSummary.LabelOf(by, Key ?? "")}");
        }
        parts.Add(Intention switch
        {
            null => "全世帯",
            Unanswered => "未回答",
            Answered => "回答済み",
            var i => ((ReturnIntention)i).Label(),
        });
        return string.Join("・", parts);
    }
}
