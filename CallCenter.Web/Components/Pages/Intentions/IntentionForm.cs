using CallCenter.Data.Intentions;

namespace CallCenter.Web.Components.Pages.Intentions;

/// <summary>
/// The call form's 「帰還意向」 section as the operator fills it: the current round, the household's counting answer in
/// it (if any), and the questions. Left empty it records nothing and refuses nothing.
/// </summary>
public sealed class IntentionForm
{
    /// <summary>The caller's household.</summary>
    public required int HouseholdId { get; init; }

    /// <summary>The current round (the newest open one); null when none is open: the section offers nothing.</summary>
    public required SurveyRound? Round { get; init; }

    /// <summary>The household's counting answer in <see cref="Round"/>; null when it has not answered.</summary>
    public required IntentionAnswer? Counting { get; init; }

    /// <summary>The questions are shown: the household has no answer yet, or the operator chose to record a newer one.</summary>
    public bool Asking { get; set; }

    /// <summary>帰還意向.</summary>
    public ReturnIntention? Intention { get; set; }

    /// <summary>判断に必要なこと.</summary>
    public IntentionNeeds Needs { get; set; }

    /// <summary>戻らない理由.</summary>
    public NotReturningReasons Reasons { get; set; }

    /// <summary>希望する住まい.</summary>
    public HousingWish? Housing { get; set; }

    /// <summary>回答者; the caller's name when left empty.</summary>
    public string? Respondent { get; set; }

    /// <summary>判断に必要なこと is asked of households that want to return or have not decided.</summary>
    public bool AsksNeeds => Intention is ReturnIntention.WantsToReturn or ReturnIntention.Undecided;

    /// <summary>戻らない理由 is asked only of households that decided not to return.</summary>
    public bool AsksReasons => Intention is ReturnIntention.WillNotReturn;

    /// <summary>Nothing was chosen (the respondent alone is no answer).</summary>
    public bool IsEmpty => Intention is null && Needs == IntentionNeeds.None && Reasons == NotReturningReasons.None && Housing is null;

    /// <summary>Opens the section for a household: questions shown when it has no answer in the round.</summary>
    public static IntentionForm For(int householdId, SurveyRound? round, IntentionAnswer? counting, string? callerName) =>
        new() { HouseholdId = householdId, Round = round, Counting = counting, Asking = round is not null && counting is null, Respondent = callerName };

    /// <summary>Chooses an intention; the sets no longer asked are cleared so a changed mind leaves no stale ticks.</summary>
    public void Choose(ReturnIntention? intention)
    {
        Intention = intention;
        if (!AsksNeeds)
        {
            Needs = IntentionNeeds.None;
        }
        if (!AsksReasons)
        {
            Reasons = NotReturningReasons.None;
        }
    }

    /// <summary>Ticks or clears one need.</summary>
    public void Toggle(IntentionNeeds need, bool on) => Needs = on ? Needs | need : Needs & ~need;

    /// <summary>Ticks or clears one reason.</summary>
    public void Toggle(NotReturningReasons reason, bool on) => Reasons = on ? Reasons | reason : Reasons & ~reason;

    /// <summary>The answer to save with the call; null when the section is closed or left empty.</summary>
    public IntentionDraft? ToDraft(string? callerName) => Round is null || !Asking || IsEmpty
        ? null
        : new IntentionDraft(Round.RoundId, HouseholdId, Intention, Needs, Reasons, Housing,
            string.IsNullOrWhiteSpace(Respondent) ? callerName : Respondent);
}
