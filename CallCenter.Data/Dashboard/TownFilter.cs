using CallCenter.Data.Towns;

namespace CallCenter.Data.Dashboard;

/// <summary>
/// Puts a <see cref="TownScope"/>'s predicate into a summary statement at its <see cref="Marker"/> comment: the constant
/// stays a complete statement (checked as it is against both dialects), and the all-towns rendering keeps no town test.
/// </summary>
internal static class TownFilter
{
    /// <summary>Where the town predicate goes: right after a WHERE clause's last condition.</summary>
    public const string Marker = "/*towns*/";

    /// <summary>The statement with <paramref name="scope"/>'s " AND column IN @TownIds" (or nothing) at every marker.</summary>
    public static string Apply(string sql, TownScope scope, string column = "TownId") => sql.Replace(Marker, scope.Filter(column), StringComparison.Ordinal);
}
