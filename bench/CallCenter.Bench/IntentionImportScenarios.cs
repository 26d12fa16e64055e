using System.Diagnostics;
using System.Globalization;
using System.Text;
using CallCenter.Data.Calls;
using CallCenter.Data.Database;
using CallCenter.Data.Intentions;
using Dapper;
using Microsoft.Data.Sqlite;

namespace CallCenter.Bench;

/// <summary>
/// Postal returns of the intention survey: one answer for every household of the register (350,000 at 1,000,000
/// residents) imported by <c>import-intentions</c>'s service into a new round, beside its floor: the best raw way to the
/// same rows and counts — prepared INSERTs of the same answers and counting rows into the same tables (household ids known
/// beforehand, the count triggers paused as the product pauses them), then the round's counts grouped in the client from
/// one read and inserted by one prepared statement.
/// </summary>
public static class IntentionImportScenarios
{
    private static readonly string[] Intentions = ["戻りたい", "判断がつかない", "戻らない", "戻らない", "戻らない", "既に戻っている"];

    private static ConnectionFactory Copy(string registerDb, string suffix)
    {
        SqliteConnection.ClearAllPools();
        var path = Path.Combine(Path.GetDirectoryName(registerDb)!, $"intentions-{suffix}.db");
        foreach (var s in new[] { "", "-wal", "-shm" })
        {
            File.Delete(path + s);
            if (File.Exists(registerDb + s))
            {
                File.Copy(registerDb + s, path + s);
            }
        }
        return new ConnectionFactory(new DatabaseOptions(DatabaseProvider.Sqlite, $"Data Source={path}"));
    }

    private static async Task<List<(long Id, string No)>> HouseholdsAsync(ConnectionFactory connections)
    {
        await using var connection = await connections.OpenAsync();
        return [.. await connection.QueryAsync<(long, string)>("SELECT HouseholdId, HouseholdNo FROM Households ORDER BY HouseholdId")];
    }

    private static string Csv(List<(long Id, string No)> households, string folder)
    {
        var path = Path.Combine(folder, "postal-returns.csv");
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false));
        writer.Write("世帯番号,回答日,帰還意向,判断に必要なこと,戻らない理由,希望する住まい,回答者,経路\r\n");
        var day = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(9)).AddDays(-30);
        for (var i = 0; i < households.Count; i++)
        {
            var intention = Intentions[i % Intentions.Length];
            var reasons = intention == "戻らない" ? "避難先で生活基盤ができた;放射線への不安" : "";
            var needs = intention is "戻りたい" or "判断がつかない" ? "働く場の確保、医療・介護福祉施設の再開" : "";
            writer.Write(string.Create(CultureInfo.InvariantCulture,
                $"{households[i].No},{day.AddDays(i % 28):yyyy/MM/dd},{intention},{needs},{reasons},持ち家,回答者{i},郵送\r\n"));
        }
        return path;
    }

    /// <summary>The product: the whole import (two streaming passes, the round created, one transaction, audit).</summary>
    public static async Task<Measurement> ImportAsync(string registerDb)
    {
        var connections = Copy(registerDb, "product");
        var households = await HouseholdsAsync(connections);
        var file = Csv(households, Path.GetDirectoryName(registerDb)!);
        var service = new IntentionImportService(connections, TimeProvider.System);
        var watch = Stopwatch.StartNew();
        var result = await service.ImportFileAsync(file, "2026年度", dryRun: false, new OperatorContext(null, "bench", null));
        watch.Stop();
        if (!result.Committed || result.Answered != households.Count)
        {
            throw new InvalidOperationException($"intention import failed: {result.Summary}; {string.Join("; ", result.Errors.Take(5))}");
        }
        return new Measurement("intention-import", households.Count, watch.Elapsed.TotalSeconds, Measurement.PeakResidentMegabytes(), result.Summary);
    }

    /// <summary>The floor: the same answers and counting rows by prepared INSERTs in one transaction.</summary>
    public static async Task<Measurement> FloorAsync(string registerDb)
    {
        var connections = Copy(registerDb, "floor");
        var households = await HouseholdsAsync(connections);
        var watch = Stopwatch.StartNew();
        await using var connection = (SqliteConnection)await connections.OpenAsync();
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
        var now = DateTime.UtcNow;
        var round = await connection.ExecuteScalarAsync<long>(
            "INSERT INTO SurveyRounds (Name, CreatedAt) VALUES ('2026年度', @Now); SELECT last_insert_rowid();", new { Now = now }, transaction);
        await connection.ExecuteAsync("INSERT INTO TriggerPauses (Name) VALUES ('IntentionGroupCounts')", transaction: transaction);
        await using var answer = connection.CreateCommand();
        answer.Transaction = transaction;
        answer.CommandText = """
            INSERT INTO IntentionAnswers (RoundId, HouseholdId, AnsweredOn, Intention, Needs, Reasons, Housing, Respondent, Channel, RecordedAt)
                 VALUES (@Round, @Household, @On, @Intention, @Needs, @Reasons, 2, @Respondent, 2, @Now);
            SELECT last_insert_rowid();
            """;
        await using var counting = connection.CreateCommand();
        counting.Transaction = transaction;
        counting.CommandText = "INSERT INTO HouseholdIntentions (RoundId, HouseholdId, AnswerId, AnsweredOn, Intention) VALUES (@Round, @Household, @Answer, @On, @Intention)";
        var a = new[] { "@Round", "@Household", "@On", "@Intention", "@Needs", "@Reasons", "@Respondent", "@Now" }.Select(n => answer.Parameters.Add(new SqliteParameter { ParameterName = n })).ToArray();
        var c = new[] { "@Round", "@Household", "@Answer", "@On", "@Intention" }.Select(n => counting.Parameters.Add(new SqliteParameter { ParameterName = n })).ToArray();
        var day = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(9)).AddDays(-30);
        for (var i = 0; i < households.Count; i++)
        {
            var intention = (i % Intentions.Length) switch { 0 => 1, 1 => 2, 5 => 4, _ => 3 };
            var on = day.AddDays(i % 28).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            (a[0].Value, a[1].Value, a[2].Value, a[3].Value, a[4].Value, a[5].Value, a[6].Value, a[7].Value) =
                (round, households[i].Id, on, intention, intention <= 2 ? 6 : 0, intention == 3 ? 5 : 0, $"回答者{i}", now.ToString("O", CultureInfo.InvariantCulture));
            var id = (long)(await answer.ExecuteScalarAsync())!;
            (c[0].Value, c[1].Value, c[2].Value, c[3].Value, c[4].Value) = (round, households[i].Id, id, on, intention);
            await counting.ExecuteNonQueryAsync();
        }
        await CountAsync(connection, transaction, round);
        await connection.ExecuteAsync("DELETE FROM TriggerPauses WHERE Name = 'IntentionGroupCounts'", transaction: transaction);
        await transaction.CommitAsync();
        watch.Stop();
        return new Measurement("intention-import-floor", households.Count, watch.Elapsed.TotalSeconds, Measurement.PeakResidentMegabytes(),
            "prepared INSERTs, counts grouped in the client");
    }

    // The round's counts per town by household key (0 town, 1 district, 2 prefecture, 3 whereabouts, 4 birth month, 5 birth date).
    private static async Task CountAsync(SqliteConnection connection, SqliteTransaction transaction, long round)
    {
        var counts = new Dictionary<(long, int, string, long), int>();
        await using (var read = connection.CreateCommand())
        {
            read.Transaction = transaction;
            read.CommandText = """
                SELECT a.Intention, h.District, COALESCE(h.Prefecture, ''), COALESCE(h.Whereabouts, ''), COALESCE(h.BirthDate, ''), h.TownId
                  FROM HouseholdIntentions a JOIN IntentionHouseholds h ON h.HouseholdId = a.HouseholdId
                 WHERE a.RoundId = $round
                """;
            read.Parameters.AddWithValue("$round", round);
            await using var reader = await read.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var intention = reader.GetInt64(0);
                var birth = reader.GetString(4);
                var town = reader.GetInt64(5);
                foreach (var key in new[] { (0, ""), (1, reader.GetString(1)), (2, reader.GetString(2)), (3, reader.GetString(3)),
                                             (4, birth.Length > 7 ? birth[..7] : birth), (5, birth) })
                {
                    var k = (town, key.Item1, key.Item2, intention);
                    counts[k] = counts.GetValueOrDefault(k) + 1;
                }
            }
        }
        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT INTO IntentionGroupCounts (TownId, RoundId, Dimension, GroupKey, Intention, Households) VALUES ($t, $r, $d, $k, $i, $n)";
        var p = new[] { "$r", "$d", "$k", "$i", "$n", "$t" }.Select(n => insert.Parameters.Add(new SqliteParameter { ParameterName = n })).ToArray();
        p[0].Value = round;
        foreach (var ((town, dimension, key, intention), n) in counts)
        {
            (p[1].Value, p[2].Value, p[3].Value, p[4].Value, p[5].Value) = (dimension, key, intention, n, town);
            await insert.ExecuteNonQueryAsync();
        }
    }
}
