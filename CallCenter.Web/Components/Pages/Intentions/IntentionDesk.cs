using CallCenter.Data.Intentions;

namespace CallCenter.Web.Components.Pages.Intentions;

/// <summary>
/// The intention survey's reads for the pages that show a household (the call form, the resident page): the current
/// round and the household's answers. Stateless; the views that call it are audited already as reads of the household.
/// </summary>
public sealed class IntentionDesk(SurveyRounds rounds, IntentionAnswers answers)
{
    /// <summary>The call form's section for a household (null: the person belongs to no household, nothing is asked).</summary>
    public async Task<IntentionForm?> ForCallAsync(int? householdId, string? callerName)
    {
        if (householdId is not { } id)
        {
            return null;
        }
        var round = await rounds.CurrentAsync();
        var counting = round is null ? null : (await answers.HistoryAsync(id)).FirstOrDefault(a => a.RoundId == round.RoundId && a.Counts);
        return IntentionForm.For(id, round, counting, callerName);
    }

    /// <summary>A household's answers, newest round first, the counting one of each round first.</summary>
    public Task<IReadOnlyList<IntentionAnswer>> HistoryAsync(int householdId) => answers.HistoryAsync(householdId);
}
