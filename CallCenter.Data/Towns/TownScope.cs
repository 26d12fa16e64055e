namespace CallCenter.Data.Towns;

/// <summary>
/// The towns a staff account or API key may see: all towns (the joint center, and every account of a single-town
/// installation), or a list. Every repository that reads residents, households or anything hanging off them takes one
/// and filters with <see cref="Filter"/>; a resident outside it does not exist for the caller (404, not 403).
/// </summary>
public sealed class TownScope
{
    private readonly int[]? townIds;

    private TownScope(int[]? townIds) => this.townIds = townIds;

    /// <summary>Every town, present and future.</summary>
    public static TownScope All { get; } = new(null);

    /// <summary>Only these towns (none: sees nothing).</summary>
    public static TownScope Only(IEnumerable<int> townIds) => new(townIds.Distinct().Order().ToArray());

    /// <summary>Whether the scope is every town.</summary>
    public bool IsAll => townIds is null;

    /// <summary>The towns of a limited scope, ascending; null for all towns.</summary>
    public IReadOnlyList<int>? TownIds => townIds;

    /// <summary>Whether a town is inside the scope.</summary>
    public bool Includes(int townId) => townIds is null || Array.BinarySearch(townIds, townId) >= 0;

    /// <summary>
    /// The scope narrowed to the towns a page or request asked for (null or empty: no narrowing). A town outside the
    /// scope is dropped, so asking for it shows nothing rather than something the caller may not see.
    /// </summary>
    public TownScope Narrow(IReadOnlyCollection<int>? requested) =>
        requested is null || requested.Count == 0 ? this : Only(requested.Where(Includes));

    /// <summary>
    /// A predicate to append to a WHERE clause (" AND column IN @TownIds"), or empty for all towns; bind
    /// <see cref="TownIds"/> as @TownIds. A query rendered both ways is two cached statements, so the all-towns plan keeps
    /// no town test at all.
    /// </summary>
    public string Filter(string column) => townIds is null ? "" : $" AND {column} IN @TownIds";

    /// <summary>Adds this scope's towns to <paramref name="parameters"/> as <c>@TownIds</c> (what a limited scope's SQL reads); nothing for all towns.</summary>
    public Dapper.DynamicParameters Bind(Dapper.DynamicParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (townIds is not null)
        {
            parameters.Add("TownIds", townIds);
        }
        return parameters;
    }

    /// <summary>For logs and test messages.</summary>
    public override string ToString() => townIds is null ? "all towns" : $"towns {string.Join(",", townIds)}";
}
