using CallCenter.Data.Accounts;

namespace CallCenter.Web.Components.Pages.Outbound;

/// <summary>
/// Whom a district or a list can be given to, as both assignment selects offer it: the town's sites, then the
/// enabled operators, each choice a string ("site:いわき" / "user:12").
/// </summary>
public sealed class AssigneeChoices(IReadOnlyList<string> sites, IReadOnlyList<UserAccount> operators)
{
    public static AssigneeChoices None { get; } = new([], []);

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
