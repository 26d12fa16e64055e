using System.Security.Claims;
using CallCenter.Data.Towns;
using CallCenter.Web.Security;

namespace CallCenter.Web.Components.Pages.Dashboard;

/// <summary>
/// The towns a figure page shows: the towns chosen in its URL (<c>?town=075451&amp;town=…</c>) among those the user may
/// see, or every visible town when none is chosen. A code the user may not see, or that names no town, is left out and
/// named in the page's problems (the page then shows the towns that remain, or all visible towns): a URL never widens
/// the scope, and never reveals whether a town outside it exists. A single-town installation ignores <c>town=</c>
/// entirely and shows no town anywhere.
/// </summary>
/// <param name="Joint">Whether the installation has several towns (only then is there any town UI).</param>
/// <param name="Visible">The towns the user may see, in the order they were added.</param>
/// <param name="Chosen">The towns shown: those chosen in the URL, or every visible town.</param>
/// <param name="Codes">The codes chosen in the URL that were kept (empty: none chosen), for links.</param>
/// <param name="Scope">What the data layer is handed: the chosen towns, or the user's own scope when none is chosen.</param>
public sealed record TownChoice(bool Joint, IReadOnlyList<Town> Visible, IReadOnlyList<Town> Chosen, IReadOnlyList<string> Codes, TownScope Scope)
{
    /// <summary>Whether a town column or comparison is worth showing: a joint installation and more than one town shown.</summary>
    public bool Compares => Joint && Chosen.Count > 1;

    /// <summary>The name of a town by id ("" when unknown).</summary>
    public string NameOf(int townId) => Visible.FirstOrDefault(t => t.TownId == townId)?.Name ?? "";

    /// <summary>Reads the chosen codes against the user's visible towns; codes left out are named in <paramref name="problems"/>.</summary>
    public static async Task<TownChoice> ResolveAsync(TownAccess access, ClaimsPrincipal user, IReadOnlyCollection<string>? requested,
        List<string> problems, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(access);
        ArgumentNullException.ThrowIfNull(problems);
        var scope = await access.ScopeAsync(user, cancellationToken);
        var visible = await access.VisibleTownsAsync(user, cancellationToken);
        if (!await access.IsJointAsync(cancellationToken))
        {
            return new TownChoice(false, visible, visible, [], scope);
        }
        var chosen = new List<Town>();
        foreach (var code in (requested ?? []).Select(c => c.Trim()).Where(c => c.Length > 0).Distinct(StringComparer.Ordinal))
        {
            if (visible.FirstOrDefault(t => t.Code == code) is { } town)
            {
                chosen.Add(town);
            }
            else
            {
                problems.Add($"団体コード「{code}」の町は表示できません（ないか、担当外です）。外して表示しています。");
            }
        }
        return chosen.Count == 0
            ? new TownChoice(true, visible, visible, [], scope)
            : new TownChoice(true, visible, chosen, [.. chosen.Select(t => t.Code)], TownScope.Only(chosen.Select(t => t.TownId)));
    }

    /// <summary>
    /// For the API: the chosen codes must all be towns the caller may see; null with the first code that is not (the
    /// caller answers 404 for it).
    /// </summary>
    public static async Task<(TownChoice? Choice, string? Missing)> ResolveStrictAsync(TownAccess access, ClaimsPrincipal user,
        IReadOnlyCollection<string>? requested, CancellationToken cancellationToken = default)
    {
        var problems = new List<string>();
        var choice = await ResolveAsync(access, user, requested, problems, cancellationToken);
        if (problems.Count == 0 || !choice.Joint)
        {
            return (choice, null);
        }
        var missing = (requested ?? []).Select(c => c.Trim()).First(c => c.Length > 0 && !choice.Visible.Any(t => t.Code == c));
        return (null, missing);
    }
}
