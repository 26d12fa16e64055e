using System.Data.Common;
using System.Globalization;
using CallCenter.Data.Database;
using Dapper;

namespace CallCenter.Data.Intentions;

/// <summary>
/// Rebuilds the intention summary's households and counts (migration 0018) from the register and the counting answers,
/// and recounts one round after a bulk write. The register import calls <see cref="RebuildAsync(DbConnection, DbTransaction, SqlDialect, int?, CancellationToken)"/> in its transaction
/// after inserting residents or households, as it rebuilds the dashboard's (<see cref="Dashboard.DashboardSummaries"/>):
/// triggers keep the counts exact on every other change (an answer, a head's move, a changed head or district), but a
/// trigger on insert would slow every register import. The postal import holds the counting answers' triggers off
/// (<see cref="PauseCountsAsync"/>, migration 0023) while it writes a whole round and recounts the round before it
/// commits (<see cref="RecountRoundAsync(DbConnection, DbTransaction, SqlDialect, int, int?, CancellationToken)"/>).
/// </summary>
public static class IntentionSummaries
{
    /// <summary>The pause (TriggerPauses.Name) that holds the counting answers' count triggers off.</summary>
    public const string CountsPause = "IntentionGroupCounts";

    // "@TownId IS NULL OR TownId = @TownId": a rebuild reads the whole register (or town) anyway, so one statement serves both.
    private const string ClearSql = """
        DELETE FROM IntentionGroupCounts
         WHERE @TownId IS NULL OR TownId = @TownId;
        DELETE FROM IntentionHouseholds
         WHERE @TownId IS NULL OR TownId = @TownId
        """;

    private const string RebuildHouseholdsSql = """
        INSERT INTO IntentionHouseholds (HouseholdId, HeadResidentId, District, Prefecture, Whereabouts, BirthDate, TownId)
        SELECT v.HouseholdId, v.HeadResidentId, v.District, v.Prefecture, v.Whereabouts, v.BirthDate, h.TownId
          FROM IntentionHeads v
          JOIN Households h
            ON h.HouseholdId = v.HouseholdId
         WHERE @TownId IS NULL OR h.TownId = @TownId
        """;

    private const string RebuildCountsSql = """
        INSERT INTO IntentionGroupCounts (TownId, RoundId, Dimension, GroupKey, Intention, Households)
        SELECT h.TownId, a.RoundId, k.Dimension, k.GroupKey, a.Intention, COUNT(*)
          FROM IntentionHouseholdKeys k
          JOIN IntentionHouseholds h
            ON h.HouseholdId = k.HouseholdId
          JOIN (SELECT 0 AS RoundId, HouseholdId, 0 AS Intention FROM IntentionHouseholds
                UNION ALL
                SELECT RoundId, HouseholdId, Intention FROM HouseholdIntentions) a
            ON a.HouseholdId = k.HouseholdId
         WHERE @TownId IS NULL OR h.TownId = @TownId
         GROUP BY h.TownId, a.RoundId, k.Dimension, k.GroupKey, a.Intention
        """;

    /// <summary>Recounts every household's head and group keys and the households per town, round, grouping and intention.</summary>
    public static Task RebuildAsync(DbConnection connection, DbTransaction transaction, SqlDialect dialect, CancellationToken cancellationToken) =>
        RebuildAsync(connection, transaction, dialect, null, cancellationToken);

    /// <summary>As <see cref="RebuildAsync(DbConnection, DbTransaction, SqlDialect, CancellationToken)"/>, for one town only (null: every town).</summary>
    public static async Task RebuildAsync(DbConnection connection, DbTransaction transaction, SqlDialect dialect, int? townId,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dialect);
        var town = new { TownId = townId };
        await connection.ExecuteAsync(new CommandDefinition(ClearSql, town, transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(RebuildHouseholdsSql, town, transaction, cancellationToken: cancellationToken));
        if (dialect.GroupsLargeSetsQuickly)
        {
            await connection.ExecuteAsync(new CommandDefinition(RebuildCountsSql, town, transaction, cancellationToken: cancellationToken));
        }
        else
        {
            await CountInClientAsync(connection, transaction, EveryRoundKeysSql, new { RoundId = (int?)null, TownId = townId }, cancellationToken);
        }
    }

    private const string PauseSql = """
        INSERT INTO TriggerPauses (Name)
             VALUES (@Name)
        """;

    private const string ResumeSql = """
        DELETE FROM TriggerPauses
         WHERE Name = @Name
        """;

    /// <summary>
    /// Holds the counting answers' count triggers off inside <paramref name="transaction"/> (no other connection sees the
    /// pause). The caller recounts what it wrote (<see cref="RecountRoundAsync(DbConnection, DbTransaction, SqlDialect, int, int?, CancellationToken)"/>) and resumes before it commits.
    /// </summary>
    public static Task PauseCountsAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(PauseSql, new { Name = CountsPause }, transaction, cancellationToken: cancellationToken));

    /// <summary>Ends <see cref="PauseCountsAsync"/>: the triggers count every later change again.</summary>
    public static Task ResumeCountsAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(ResumeSql, new { Name = CountsPause }, transaction, cancellationToken: cancellationToken));

    private const string ClearRoundSql = """
        DELETE FROM IntentionGroupCounts
         WHERE RoundId = @RoundId
           AND (@TownId IS NULL OR TownId = @TownId)
        """;

    private const string RecountRoundSql = """
        INSERT INTO IntentionGroupCounts (TownId, RoundId, Dimension, GroupKey, Intention, Households)
        SELECT h.TownId, a.RoundId, k.Dimension, k.GroupKey, a.Intention, COUNT(*)
          FROM IntentionHouseholdKeys k
          JOIN IntentionHouseholds h
            ON h.HouseholdId = k.HouseholdId
          JOIN HouseholdIntentions a
            ON a.HouseholdId = k.HouseholdId
         WHERE a.RoundId = @RoundId
           AND (@TownId IS NULL OR h.TownId = @TownId)
         GROUP BY h.TownId, a.RoundId, k.Dimension, k.GroupKey, a.Intention
        """;

    /// <summary>Counts one round's counting answers afresh (every grouping, every town), replacing what its triggers had counted.</summary>
    public static Task RecountRoundAsync(DbConnection connection, DbTransaction transaction, SqlDialect dialect, int roundId,
        CancellationToken cancellationToken) =>
        RecountRoundAsync(connection, transaction, dialect, roundId, null, cancellationToken);

    /// <summary>As <see cref="RecountRoundAsync(DbConnection, DbTransaction, SqlDialect, int, CancellationToken)"/>, for one town only (null: every town).</summary>
    public static async Task RecountRoundAsync(DbConnection connection, DbTransaction transaction, SqlDialect dialect, int roundId, int? townId,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dialect);
        var round = new { RoundId = (int?)roundId, TownId = townId };
        await connection.ExecuteAsync(new CommandDefinition(ClearRoundSql, round, transaction, cancellationToken: cancellationToken));
        if (dialect.GroupsLargeSetsQuickly)
        {
            await connection.ExecuteAsync(new CommandDefinition(RecountRoundSql, round, transaction, cancellationToken: cancellationToken));
        }
        else
        {
            await CountInClientAsync(connection, transaction, RoundKeysSql, round, cancellationToken);
        }
    }

    // The rows the counts group, one per household and round, with the household's keys as IntentionHouseholdKeys gives
    // them (dimension 0 is the whole town; 4 is the first seven characters of 5).
    private const string EveryRoundKeysSql = """
        SELECT 0 AS RoundId, 0 AS Intention, h.District, h.Prefecture, h.Whereabouts, h.BirthDate, h.TownId
          FROM IntentionHouseholds h
         WHERE @TownId IS NULL OR h.TownId = @TownId
        UNION ALL
        SELECT a.RoundId, a.Intention, h.District, h.Prefecture, h.Whereabouts, h.BirthDate, h.TownId
          FROM HouseholdIntentions a
          JOIN IntentionHouseholds h
            ON h.HouseholdId = a.HouseholdId
         WHERE @TownId IS NULL OR h.TownId = @TownId
        """;

    private const string RoundKeysSql = """
        SELECT a.RoundId, a.Intention, h.District, h.Prefecture, h.Whereabouts, h.BirthDate, h.TownId
          FROM HouseholdIntentions a
          JOIN IntentionHouseholds h
            ON h.HouseholdId = a.HouseholdId
         WHERE a.RoundId = @RoundId
           AND (@TownId IS NULL OR h.TownId = @TownId)
        """;

    private const string InsertCountSql = """
        INSERT INTO IntentionGroupCounts (TownId, RoundId, Dimension, GroupKey, Intention, Households)
             VALUES (@TownId, @RoundId, @Dimension, @GroupKey, @Intention, @Households)
        """;

    private readonly record struct CountKey(int TownId, int RoundId, int Dimension, string GroupKey, int Intention);

    /// <summary>
    /// The same counts as <see cref="RebuildCountsSql"/> / <see cref="RecountRoundSql"/>, grouped in the client: one read of
    /// the rows, six counters each, one prepared insert per count.
    /// </summary>
    private static async Task CountInClientAsync(DbConnection connection, DbTransaction transaction, string keysSql, object parameters,
        CancellationToken cancellationToken)
    {
        var counts = new Dictionary<CountKey, int>();
        // Keys repeat across households: one string per distinct value, not one per row.
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        string Name(string value)
        {
            if (!names.TryGetValue(value, out var name))
            {
                names[value] = name = value;
            }
            return name;
        }
        var town = 0;
        void Count(int round, int dimension, string key, int intention)
        {
            var k = new CountKey(town, round, dimension, key, intention);
            counts[k] = counts.TryGetValue(k, out var n) ? n + 1 : 1;
        }
        await using (var reader = await connection.ExecuteReaderAsync(new CommandDefinition(keysSql, parameters,
                         transaction, cancellationToken: cancellationToken)))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var round = Convert.ToInt32(reader.GetValue(0), CultureInfo.InvariantCulture);
                var intention = Convert.ToInt32(reader.GetValue(1), CultureInfo.InvariantCulture);
                var birthDate = reader.IsDBNull(5) ? "" : Name(reader.GetString(5));
                town = Convert.ToInt32(reader.GetValue(6), CultureInfo.InvariantCulture);
                Count(round, 0, "", intention);
                Count(round, 1, Name(reader.GetString(2)), intention);
                Count(round, 2, reader.IsDBNull(3) ? "" : Name(reader.GetString(3)), intention);
                Count(round, 3, reader.IsDBNull(4) ? "" : Name(reader.GetString(4)), intention);
                Count(round, 4, birthDate.Length > 7 ? Name(birthDate[..7]) : birthDate, intention);
                Count(round, 5, birthDate, intention);
            }
        }
        await using var insert = new PreparedCommand(connection, transaction, InsertCountSql, "TownId", "RoundId", "Dimension", "GroupKey", "Intention", "Households");
        foreach (var (key, households) in counts)
        {
            await insert.Set(key.TownId, key.RoundId, key.Dimension, key.GroupKey, key.Intention, households).ExecuteAsync(cancellationToken);
        }
    }
}
