using Dapper;

namespace CallCenter.Data.Towns;

/// <summary>
/// Issue 19: an admin limited to towns manages only the staff accounts (<c>UserTowns</c>) or API keys
/// (<c>ApiKeyTowns</c>) limited to towns that all lie inside its own. One with no town rows (all towns) sees or answers
/// for more than such an admin, so it is not the admin's to see or change. A statement marks where the condition goes
/// with <c>/*managed*/</c>; for an all-towns admin it stays as it is.
/// </summary>
public sealed class ManagedByTowns
{
    private readonly string filter;

    /// <param name="owner">The table of the accounts or keys, as the statement names it (<c>Users</c>, <c>ApiKeys</c>).</param>
    /// <param name="key">Their key column, also the town table's (<c>UserId</c>, <c>ApiKeyId</c>).</param>
    /// <param name="towns">The table of their towns (<c>UserTowns</c>, <c>ApiKeyTowns</c>).</param>
    public ManagedByTowns(string owner, string key, string towns)
    {
        filter = $"""

               AND EXISTS (SELECT 1 FROM {towns} mt WHERE mt.{key} = {owner}.{key})
               AND NOT EXISTS (SELECT 1 FROM {towns} mx WHERE mx.{key} = {owner}.{key} AND mx.TownId NOT IN @TownIds)
            """;
    }

    /// <summary><paramref name="sql"/> limited to what an admin of <paramref name="admin"/> manages (unchanged for all towns).</summary>
    public string Apply(string sql, TownScope admin) =>
        sql.Replace("/*managed*/", admin.IsAll ? "" : filter, StringComparison.Ordinal);

    /// <summary><paramref name="values"/> with the admin's towns bound as <c>TownIds</c> when it is limited.</summary>
    public static DynamicParameters Parameters(TownScope admin, object values) => admin.Bind(new DynamicParameters(values));
}
