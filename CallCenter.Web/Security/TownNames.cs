using CallCenter.Data.Towns;

namespace CallCenter.Web.Security;

/// <summary>
/// The installation's towns as pages show them: a town beside each person and <c>?town=CODE</c> on links to a person,
/// both only when several towns exist (a single-town installation looks and links exactly as before).
/// </summary>
public sealed record TownNames(IReadOnlyList<Town> Towns)
{
    /// <summary>No towns known: pages look as in a single-town installation.</summary>
    public static TownNames Single { get; } = new([]);

    /// <summary>Whether several towns exist.</summary>
    public bool IsJoint => Towns.Count > 1;

    /// <summary>The town with this id, or null.</summary>
    public Town? Of(int townId) => Towns.FirstOrDefault(t => t.TownId == townId);

    /// <summary>The town's name to show beside a person, or null in a single-town installation.</summary>
    public string? NameOf(int townId) => IsJoint ? Of(townId)?.Name : null;

    /// <summary>
    /// The link to a person's page (<paramref name="rest"/>: "/call", "/inquiry", with or without a query), carrying
    /// <c>town=CODE</c> when several towns exist: the same resident number may be someone else in another town.
    /// </summary>
    public string ResidentHref(string residentNo, int townId, string rest = "")
    {
        var href = $"/residents/{Uri.EscapeDataString(residentNo)}{rest}";
        return IsJoint && Of(townId) is { Code.Length: > 0 } town
            ? href + (href.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "town=" + town.Code
            : href;
    }
}
