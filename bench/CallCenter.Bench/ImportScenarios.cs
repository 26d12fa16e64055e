using System.Diagnostics;
using System.Text;
using CallCenter.Data.Database;
using CallCenter.Data.Imports;
using Dapper;
using Microsoft.Data.Sqlite;

namespace CallCenter.Bench;

/// <summary>Resident-register import, and its floor: a raw Dapper bulk insert of the same rows.</summary>
public static class ImportScenarios
{
    public static ConnectionFactory FreshDatabase(string path)
    {
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(path + suffix);
        }
        var connections = new ConnectionFactory(new DatabaseOptions(DatabaseProvider.Sqlite, $"Data Source={path}"));
        new Migrations(connections).Apply();
        return connections;
    }

    /// <summary>The product: ResidentImportService on a CSV file (validation, normalization, upsert, households).</summary>
    public static async Task<Measurement> ImportAsync(string csv, string db, int rows)
    {
        var connections = FreshDatabase(db);
        var service = new ResidentImportService(connections, TimeProvider.System);
        var watch = Stopwatch.StartNew();
        var result = await service.ImportFileAsync(csv, dryRun: false);
        watch.Stop();
        if (result.Errors.Count > 0 || result.Inserted != rows)
        {
            throw new InvalidOperationException($"import failed: {result.Summary}; {string.Join("; ", result.Errors.Take(5))}");
        }
        return new Measurement("import", rows, watch.Elapsed.TotalSeconds, Measurement.PeakResidentMegabytes(), result.Summary);
    }

    private const string FloorHouseholdSql = """
        INSERT INTO Households (HouseholdNo, District, Address, CreatedAt, UpdatedAt)
             VALUES (@HouseholdNo, @District, @Address, @Now, @Now)
        """;

    private const string FloorResidentSql = """
        INSERT INTO Residents (ResidentNo, HouseholdId, Relationship, FamilyName, GivenName, FamilyNameKana, GivenNameKana,
                               BirthDate, Sex, District, Address, Phone, FamilyNameKey, GivenNameKey, NameKey,
                               FamilyKanaKey, GivenKanaKey, KanaKey, CreatedAt, UpdatedAt)
             VALUES (@ResidentNo, (SELECT HouseholdId FROM Households WHERE HouseholdNo = @HouseholdNo), @Relationship,
                     @FamilyName, @GivenName, @FamilyNameKana, @GivenNameKana, @BirthDate, @Sex, @District, @Address,
                     @Phone, @FamilyName, @GivenName, @FamilyName, @FamilyNameKana, @GivenNameKana, @GivenNameKana,
                     @Now, @Now)
        """;

    /// <summary>
    /// The floor: the same file read with the same CSV reader and the same rows inserted with Dapper's
    /// multi-row Execute in one transaction, with no validation, normalization or upsert.
    /// </summary>
    public static async Task<Measurement> FloorAsync(string csv, string db, int rows)
    {
        var connections = FreshDatabase(db);
        var now = DateTime.UtcNow;
        var watch = Stopwatch.StartNew();
        await using var connection = await connections.OpenAsync();
        await using var bulk = await connections.PrepareForBulkAsync(connection);
        await using var transaction = await connections.BeginWriteAsync(connection);
        var households = new HashSet<string>(StringComparer.Ordinal);
        var householdRows = new List<object>();
        foreach (var r in Records(csv))
        {
            if (households.Add(r[1]))
            {
                householdRows.Add(new { HouseholdNo = r[1], District = r[7], Address = r[8], Now = now });
            }
        }
        await connection.ExecuteAsync(FloorHouseholdSql, householdRows, transaction);
        var inserted = await connection.ExecuteAsync(FloorResidentSql, Records(csv).Select(r =>
        {
            var name = r[3].Split('　', ' ');
            var kana = r[4].Split('　', ' ');
            return new
            {
                ResidentNo = r[0], HouseholdNo = r[1], Relationship = r[2], FamilyName = name[0], GivenName = name[^1],
                FamilyNameKana = kana[0], GivenNameKana = kana[^1], BirthDate = r[5], Sex = r[6] == "男" ? 1 : 2,
                District = r[7], Address = r[8], Phone = r[9], Now = now,
            };
        }), transaction);
        await transaction.CommitAsync();
        watch.Stop();
        if (inserted != rows)
        {
            throw new InvalidOperationException($"floor inserted {inserted} of {rows}");
        }
        return new Measurement("import-floor", rows, watch.Elapsed.TotalSeconds, Measurement.PeakResidentMegabytes(), $"inserted {inserted}");
    }

    private static IEnumerable<List<string>> Records(string csv)
    {
        using var reader = new StreamReader(csv, Encoding.UTF8);
        var records = new CsvRecordReader(reader);
        records.Read();
        while (records.Read() is { } record)
        {
            yield return record;
        }
    }
}
