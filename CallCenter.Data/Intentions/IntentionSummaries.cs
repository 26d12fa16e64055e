using System.Data.Common;
using Dapper;

namespace CallCenter.Data.Intentions;

/// <summary>
/// Rebuilds the intention summary's households and counts (migration 0018) from the register and the counting answers.
/// The register import calls it in its transaction after inserting residents or households, as it rebuilds the
/// dashboard's (<see cref="Dashboard.DashboardSummaries"/>): triggers keep the counts exact on every other change (an
/// answer, a head's move, a changed head or district), but a trigger on insert would slow every register import.
/// </summary>
public static class IntentionSummaries
{
    private const string ClearSql = """
        DELETE FROM IntentionGroupCounts;
        DELETE FROM IntentionHouseholds
        """;

    private const string RebuildHouseholdsSql = """
        INSERT INTO IntentionHouseholds (HouseholdId, HeadResidentId, District, Prefecture, Whereabouts, BirthDate)
        SELECT HouseholdId, HeadResidentId, District, Prefecture, Whereabouts, BirthDate
          FROM IntentionHeads
        """;

    private const string RebuildCountsSql = """
        INSERT INTO IntentionGroupCounts (RoundId, Dimension, GroupKey, Intention, Households)
        SELECT a.RoundId, k.Dimension, k.GroupKey, a.Intention, COUNT(*)
          FROM IntentionHouseholdKeys k
          JOIN (SELECT 0 AS RoundId, HouseholdId, 0 AS Intention FROM IntentionHouseholds
                UNION ALL
                SELECT RoundId, HouseholdId, Intention FROM HouseholdIntentions) a
            ON a.HouseholdId = k.HouseholdId
         GROUP BY a.RoundId, k.Dimension, k.GroupKey, a.Intention
        """;

    /// <summary>Recounts every household's head and group keys and the households per round, grouping and intention.</summary>
    public static async Task RebuildAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        await connection.ExecuteAsync(new CommandDefinition(ClearSql, transaction: transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(RebuildHouseholdsSql, transaction: transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(RebuildCountsSql, transaction: transaction, cancellationToken: cancellationToken));
    }
}
