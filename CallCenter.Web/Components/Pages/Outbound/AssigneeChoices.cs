using CallCenter.Data.Accounts;
using CallCenter.Data.Towns;

namespace CallCenter.Web.Components.Pages.Outbound;

/// <summary>
/// Whom a district or a list can be given to, as both assignment selects offer it: the town's sites, then the
/// enabled operators, each choice a string ("site:いわき" / "user:12"). With the operators' towns known
/// (<paramref name="scopes"/>), <see cref="For"/> offers for a town only the operators whose towns include it.
/// </summary>
public sealed class AssigneeChoices(IReadOnlyList<string> sites, IReadOnlyList<UserAccount> operators,
    IReadOnlyDictionary<int, TownScope>? scopes = null)
{
    public static AssigneeChoices None { get; } = new([], []);

    /// <summary>
    /// The choices for a town's district or list: the sites, and the operators whose towns include
    /// <paramref name="townId"/> (every operator when no town is chosen yet or the operators' towns are unknown).
    /// </summary>
    public AssigneeChoices For(int? townId) => townId is not { } town || scopes is null
        ? this
        : new(sites, [.. operators.Where(u => !scopes.TryGetValue(u.UserId, out var scope) || scope.Includes(town))], scopes);

    public IReadOnlyList<string> Sites => sites;

    public IReadOnlyList<UserAccount> Operators => operators;

    public static string SiteChoice(string site) => $"site:{site}";

    public static string UserChoice(int userId) => $"user:{userId}";

    /// <summary>The operator or the site a choice names (both null for no or an unknown choice).</summary>
    public static (int? UserId, string? Site) Parse(string? choice) =>
        (choice?.StartsWith("user:", StringComparison.Ordinal) == true && int.TryParse(choice[5..], out var id) ? id : null,
         choice?.StartsWith("site:", StringComparison.Ordinal) == true ? choice[5..] : null);

    /// <summary>What a chosen assignee shows in the select: 「拠点 いわき」 or the operator's name.</summary>
    public string? Label(string? choice)
    {
        var (userId, site) = Parse(choice);
        return site is not null ? $"拠点 {site}"
            : operators.FirstOrDefault(u => u.UserId == userId) is { } u ? $"{u.DisplayName}（{u.UserName}）"
            : choice;
    }
}
