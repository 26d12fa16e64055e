using System.Security.Claims;
using CallCenter.Data.Intentions;
using CallCenter.Data.Outbound;
using CallCenter.Data.Towns;
using CallCenter.Web.Security;

namespace CallCenter.Web.Components.Pages.Intentions;

/// <summary>What the summary page shows: the rounds, the chosen round's summary by a grouping, and the answers' details.</summary>
public sealed record IntentionSummaryView(IReadOnlyList<SummaryRound> Rounds, SummaryRound Round, IntentionGrouping By,
    IntentionSummaryResult Summary, IntentionDetails Details)
{
    /// <summary>Each shown town's figures, in the order of the towns (empty unless several towns are compared).</summary>
    public IReadOnlyList<(Town Town, IntentionCounts Counts)> ByTown { get; init; } = [];
}

/// <summary>
/// The data work of /intentions/summary (stateless, scoped): loading a round's figures (aggregates only: no personal
/// data, so no audit row), and handing the unanswered households of the round or a group to the worklist as a campaign.
/// </summary>
public sealed class IntentionSummaryBoard(IntentionSummary summary, OutboundCampaigns campaigns)
{
    /// <summary>The view for a round name (the newest when empty or unknown) and grouping; null when no round exists yet.</summary>
    public async Task<IntentionSummaryView?> LoadAsync(string? roundName, IntentionGrouping by, Dashboard.TownChoice towns,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(towns);
        var rounds = await summary.RoundsAsync(cancellationToken);
        var round = rounds.FirstOrDefault(r => r.Name == roundName) ?? rounds.FirstOrDefault();
        if (round is null)
        {
            return null;
        }
        var view = new IntentionSummaryView(rounds, round, by, await summary.LoadAsync(round, by, towns.Scope, cancellationToken),
            await summary.DetailsAsync(round, towns.Scope, cancellationToken));
        if (!towns.Joint || towns.Visible.Count < 2)
        {
            return view;
        }
        var totals = await summary.TownTotalsAsync(round, towns.Scope, cancellationToken);
        return view with
        {
            ByTown = [.. towns.Chosen.Select(t => (t, totals.FirstOrDefault(c => c.TownId == t.TownId)?.Counts ?? new IntentionCounts(0, 0, [0, 0, 0, 0])))],
        };
    }

    /// <summary>
    /// Starts the campaign over the households of <paramref name="towns"/> (the page's chosen towns; null: every town of
    /// the user's); returns the message for the operator (how many households went to the worklist, or why none did) and
    /// how the page shows it: a refusal (a town outside the creator's, a running campaign) as an error, nothing left to
    /// hand over as information, a started campaign as a success.
    /// </summary>
    public async Task<(string Message, MudBlazor.Severity Severity)> StartCampaignAsync(SummaryRound round, IntentionGrouping? by, string? key,
        ClaimsPrincipal user, TownScope? towns = null, CancellationToken cancellationToken = default)
    {
        var started = await campaigns.StartIntentionSurveyAsync(new IntentionHouseholdFilter(round.RoundId, by, key, IntentionHouseholdFilter.Unanswered),
            round.Name, user.Operator(), towns ?? TownScope.All, cancellationToken);
        return started.Error is { } error ? (error, MudBlazor.Severity.Error)
            : started.Started ? ($"「{started.Name}」として {started.Households:N0} 世帯を発信リストに渡しました。", MudBlazor.Severity.Success)
            : ("未回答の世帯はありません。発信リストには何も渡していません。", MudBlazor.Severity.Info);
    }

    /// <summary>The households list of a figure.</summary>
    public static string HouseholdsHref(SummaryRound round, IntentionGrouping? by, string? key, int? intention, IReadOnlyList<string>? towns = null) =>
        "/intentions/households?round=" + Uri.EscapeDataString(round.Name)
        + (by is { } b ? "&by=" + IntentionSummary.NameOf(b) + "&key=" + Uri.EscapeDataString(key ?? "") : "")
        + (intention is { } i ? "&intention=" + i.ToString(System.Globalization.CultureInfo.InvariantCulture) : "")
        + TownsQuery(towns);

    /// <summary>"&amp;town=CODE" per chosen town (nothing when none is chosen, as in a single-town installation).</summary>
    public static string TownsQuery(IReadOnlyList<string>? towns) =>
        string.Concat((towns ?? []).Select(t => "&town=" + Uri.EscapeDataString(t)));
}
