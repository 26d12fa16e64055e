using System.Security.Claims;
using CallCenter.Data.Intentions;
using CallCenter.Web.Security;

namespace CallCenter.Web.Components.Pages.Intentions;

/// <summary>
/// The rounds page's data work: the rounds with their answered counts, and each change in the supervisor's name with
/// the list read again and a message. One per page: it holds the list and the last message.
/// </summary>
public sealed class SurveyRoundDesk(SurveyRounds rounds)
{
    /// <summary>Every round, newest first.</summary>
    public IReadOnlyList<SurveyRound> Rounds { get; private set; } = [];

    /// <summary>The current round: the newest open one.</summary>
    public SurveyRound? Current => Rounds.FirstOrDefault(r => r.IsOpen);

    /// <summary>What the last change did, or why it was refused.</summary>
    public string? Message { get; private set; }

    /// <summary>True when <see cref="Message"/> is a refusal.</summary>
    public bool Refused { get; private set; }

    /// <summary>Reads the rounds.</summary>
    public async Task LoadAsync() => Rounds = await rounds.ListAsync();

    /// <summary>Creates a round; true when created.</summary>
    public Task<bool> CreateAsync(string? name, ClaimsPrincipal user) =>
        DoAsync(rounds.CreateAsync(name ?? "", user.Operator()), $"回答ラウンド「{name?.Trim()}」を作りました。通話の記録で回答を受け付けます。");

    /// <summary>Closes a round (no more answers) or reopens it.</summary>
    public Task<bool> SetClosedAsync(SurveyRound round, bool closed, ClaimsPrincipal user) =>
        DoAsync(rounds.SetClosedAsync(round.RoundId, closed, user.Operator()), closed
            ? $"回答ラウンド「{round.Name}」を締め切りました。"
            : $"回答ラウンド「{round.Name}」を再開しました。");

    private async Task<bool> DoAsync(Task<string?> change, string done)
    {
        var refusal = await change;
        (Message, Refused) = (refusal ?? done, refusal is not null);
        await LoadAsync();
        return refusal is null;
    }
}
