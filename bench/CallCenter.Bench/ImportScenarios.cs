using System.Diagnostics;
using System.Text;
using CallCenter.Data.Database;
using CallCenter.Data.Imports;
using Microsoft.Data.Sqlite;

namespace CallCenter.Bench;

/// <summary>Resident-register import, and its floor: the same rows inserted by prepared commands into the same schema.</summary>
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

    /// <summary>
    /// The product as a running server meets it: the same import, timed on a fresh database after one import of the same
    /// file into another has compiled its code (the first import after a start pays the JIT once, <see cref="ImportAsync"/>).
    /// </summary>
    public static async Task<Measurement> ImportWarmAsync(string csv, string db, int rows)
    {
        await WarmUpAsync(db, path => ImportAsync(csv, path, rows));
        return await ImportAsync(csv, db, rows) with { Scenario = "import-warm" };
    }

    /// <summary>The floor the same way: timed after one run into another database.</summary>
    public static async Task<Measurement> FloorWarmAsync(string csv, string db, int rows)
    {
        await WarmUpAsync(db, path => FloorAsync(csv, path, rows));
        return await FloorAsync(csv, db, rows) with { Scenario = "import-floor-warm" };
    }

    private static async Task WarmUpAsync(string db, Func<string, Task<Measurement>> run)
    {
        var path = db + ".warmup";
        await run(path);
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(path + suffix);
        }
    }

    private const string FloorHouseholdSql = """
        INSERT INTO Households (HouseholdNo, District, Address, CreatedAt, UpdatedAt, TownId)
             VALUES (@HouseholdNo, @District, @Address, @Now, @Now, @TownId)
        """;

    private const string FloorResidentSql = """
        INSERT INTO Residents (ResidentNo, HouseholdId, Relationship, FamilyName, GivenName, FamilyNameKana, GivenNameKana,
                               BirthDate, Sex, District, Address, Phone, PhoneKey, IsVulnerable, VulnerableReason,
                               FamilyNameKey, GivenNameKey, NameKey, FamilyKanaKey, GivenKanaKey, KanaKey, CreatedAt, UpdatedAt, TownId)
             VALUES (@ResidentNo, (SELECT HouseholdId FROM Households WHERE HouseholdNo = @HouseholdNo AND TownId = @TownId), @Relationship,
                     @FamilyName, @GivenName, @FamilyNameKana, @GivenNameKana, @BirthDate, @Sex, @District, @Address,
                     @Phone, @PhoneKey, @IsVulnerable, @VulnerableReason, @FamilyName, @GivenName, @NameKey,
                     @FamilyNameKana, @GivenNameKana, @KanaKey, @Now, @Now, @TownId)
        """;

    /// <summary>
    /// The floor: the same file read with the same CSV reader, and the same rows (every column the product writes,
    /// households first) inserted into the same schema — the same tables with all their indexes kept up to date as
    /// rows go in — by two SqliteCommands prepared once, their parameters reused, in one transaction. No validation,
    /// normalization, duplicate check or upsert. (The product drops the residents' secondary indexes of an empty
    /// register and builds them after, which the floor does not: the product can be faster than this floor.)
    /// </summary>
    public static async Task<Measurement> FloorAsync(string csv, string db, int rows)
    {
        var connections = FreshDatabase(db);
        var watch = Stopwatch.StartNew();
        await using var connection = (SqliteConnection)await connections.OpenAsync();
        await using var bulk = await connections.PrepareForBulkAsync(connection);
        await using var transaction = (SqliteTransaction)await connections.BeginWriteAsync(connection);
        var inserted = FloorInsert(connection, transaction, csv, townId: 1);
        await transaction.CommitAsync();
        watch.Stop();
        if (inserted != rows)
        {
            throw new InvalidOperationException($"floor inserted {inserted} of {rows}");
        }
        return new Measurement("import-floor", rows, watch.Elapsed.TotalSeconds, Measurement.PeakResidentMegabytes(), $"inserted {inserted}");
    }

    /// <summary>
    /// The floor's inserts of one register file into one town, inside the caller's transaction: households first (the
    /// generated register lists each household's members together), then residents; returns the residents inserted.
    /// </summary>
    public static int FloorInsert(SqliteConnection connection, SqliteTransaction transaction, string csv, int townId)
    {
        var now = DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture);
        using var household = Prepared(connection, transaction, FloorHouseholdSql, "HouseholdNo", "District", "Address", "Now", "TownId");
        household.Parameters["@Now"].Value = now;
        household.Parameters["@TownId"].Value = townId;
        string? last = null;
        foreach (var r in Records(csv))
        {
            if (r[1] != last)
            {
                last = r[1];
                Set(household, r[1], r[7], r[8]);
                household.ExecuteNonQuery();
            }
        }

        using var resident = Prepared(connection, transaction, FloorResidentSql,
            "ResidentNo", "HouseholdNo", "Relationship", "FamilyName", "GivenName", "FamilyNameKana", "GivenNameKana",
            "BirthDate", "Sex", "District", "Address", "Phone", "PhoneKey", "IsVulnerable", "VulnerableReason", "NameKey",
            "KanaKey", "Now", "TownId");
        resident.Parameters["@Now"].Value = now;
        resident.Parameters["@TownId"].Value = townId;
        var inserted = 0;
        foreach (var r in Records(csv))
        {
            var name = r[3].Split('　', ' ');
            var kana = r[4].Split('　', ' ');
            Set(resident, r[0], r[1], r[2], name[0], name[^1], kana[0], kana[^1], r[5].Replace('/', '-'), r[6] == "男" ? 1 : 2,
                r[7], r[8], r[9], r[9].Replace("-", "", StringComparison.Ordinal), r[10] == "1" ? 1 : 0, r[11],
                name[0] + name[^1], kana[0] + kana[^1]);
            inserted += resident.ExecuteNonQuery();
        }
        return inserted;
    }

    private static SqliteCommand Prepared(SqliteConnection connection, SqliteTransaction transaction, string sql, params string[] names)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var name in names)
        {
            command.Parameters.Add(new SqliteParameter("@" + name, null));
        }
        command.Prepare();
        return command;
    }

    /// <summary>Sets the first parameters in order (an empty field is NULL, as the product stores it).</summary>
    private static void Set(SqliteCommand command, params object[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] is "" ? DBNull.Value : values[i];
        }
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
