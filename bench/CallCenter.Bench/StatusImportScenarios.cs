using System.Diagnostics;
using System.Globalization;
using System.Text;
using CallCenter.Data.Calls;
using CallCenter.Data.Common;
using CallCenter.Data.Database;
using CallCenter.Data.Imports;
using CallCenter.Data.Reports;
using Dapper;
using Microsoft.Data.Sqlite;

namespace CallCenter.Bench;

/// <summary>
/// A shelter's status list of 1,000 lines imported into a town-sized register, beside its floor: raw SQL
/// inserting the same reports (and moving the same current statuses) with the resident ids known beforehand.
/// </summary>
public static class StatusImportScenarios
{
    public const int Lines = 1_000;

    private sealed class Person
    {
        public int ResidentId { get; init; }
        public string ResidentNo { get; init; } = "";
        public string FamilyName { get; init; } = "";
        public string GivenName { get; init; } = "";
        public string FamilyNameKana { get; init; } = "";
        public string GivenNameKana { get; init; } = "";
        public DateOnly? BirthDate { get; init; }
        public byte Sex { get; init; }
    }

    private const string PeopleSql = """
        SELECT ResidentId, ResidentNo, FamilyName, GivenName, FamilyNameKana, GivenNameKana, BirthDate, Sex
          FROM Residents
         WHERE IsProvisional = 0
         ORDER BY ResidentId
        """;

    /// <summary>Copies the register the import left (so every run starts from the same data) and opens it.</summary>
    private static ConnectionFactory Copy(string registerDb, string suffix)
    {
        SqliteConnection.ClearAllPools();
        var path = Path.Combine(Path.GetDirectoryName(registerDb)!, $"status-{suffix}.db");
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

    /// <summary>
    /// 1,000 lines about randomly chosen residents (seeded): a third with the 住民番号, the rest with reading,
    /// birth date and sex only (some readings written in hiragana, some without a space or with a full-width one),
    /// and 2 % about people not in the register.
    /// </summary>
    private static async Task<(byte[] Csv, List<Person> People)> ListAsync(ConnectionFactory connections)
    {
        await using var connection = await connections.OpenAsync();
        var all = (await connection.QueryAsync<Person>(PeopleSql)).AsList();
        var random = new Random(20110311);
        var chosen = all.OrderBy(_ => random.Next()).Take(Lines).ToList();
        var day = JapaneseDates.FormatWestern(JapanTime.Today(TimeProvider.System).AddDays(-1));
        var csv = new StringBuilder("住民番号,氏名,氏名カナ,生年月日,性別,安否,避難先種別,都道府県,市区町村,避難先,連絡先,確認日\r\n");
        for (var i = 0; i < chosen.Count; i++)
        {
            var p = chosen[i];
            var unknown = i % 50 == 49;
            var kana = (i % 7) switch
            {
                1 => Hiragana($"{p.FamilyNameKana} {p.GivenNameKana}"),
                2 => $"{p.FamilyNameKana}{p.GivenNameKana}",
                3 => $"{p.FamilyNameKana}　{p.GivenNameKana}",
                _ => $"{p.FamilyNameKana} {p.GivenNameKana}",
            };
            var number = i % 3 == 0 && !unknown ? p.ResidentNo : "";
            var birth = p.BirthDate is { } b ? JapaneseDates.FormatEra(unknown ? b.AddYears(-1) : b) : "";
            var name = unknown ? $"{p.FamilyName} 未登録{i}" : $"{p.FamilyName} {p.GivenName}";
            kana = unknown ? $"{p.FamilyNameKana} ミトウロク" : kana;
            var status = i % 10 == 0 ? "負傷" : "無事";
            csv.Append(CultureInfo.InvariantCulture,
                $"{number},{name},{kana},{birth},{(p.Sex == 1 ? "男" : "女")},{status},避難所,福島県,会津若松市,会津若松市立第{i % 9 + 1}中学校 体育館,,{day}\r\n");
        }
        return (Encoding.UTF8.GetBytes(csv.ToString()), chosen);
    }

    private static string Hiragana(string katakana) =>
        new([.. katakana.Select(c => c is >= 'ァ' and <= 'ヶ' ? (char)(c - 0x60) : c)]);

    /// <summary>The product: preview-free commit of the list (parse, match, reports, queue rows, audit) in one transaction.</summary>
    public static async Task<Measurement> ImportAsync(string registerDb)
    {
        var connections = Copy(registerDb, "product");
        var (csv, _) = await ListAsync(connections);
        var service = new StatusListImportService(connections, TimeProvider.System);
        // Warm up the JIT and the page cache on a preview (it writes nothing).
        await service.PreviewAsync(new MemoryStream(csv), "warm-up.csv", ReportSource.ShelterList);
        var watch = Stopwatch.StartNew();
        var result = await service.CommitAsync(new MemoryStream(csv), "避難所名簿.csv", ReportSource.ShelterList, new OperatorContext(null, "bench", null));
        watch.Stop();
        if (!result.Succeeded || result.Reported + result.Queued != Lines)
        {
            throw new InvalidOperationException($"status import failed: {result.Summary}; {string.Join("; ", result.Errors.Take(5))}");
        }
        return new Measurement("status-import", Lines, watch.Elapsed.TotalSeconds, Measurement.PeakResidentMegabytes(), result.Summary);
    }

    private const string FloorReportSql = """
        INSERT INTO SafetyReports (ResidentId, Status, Source, WhereaboutsType, PrefectureCode, Municipality, Place,
                                   ReportedAt, RecordedAt, Note)
             VALUES (@ResidentId, @Status, 4, 1, 7, '会津若松市', @Place, @ReportedAt, @Now, @Note);
        SELECT last_insert_rowid();
        """;

    private const string FloorStatusSql = """
        UPDATE Residents
           SET Status = @Status, StatusReportId = @ReportId, StatusReportedAt = @ReportedAt, StatusSource = 4,
               WhereaboutsType = 1, PrefectureCode = 7, Municipality = '会津若松市', Place = @Place,
               FirstConfirmedAt = CASE WHEN FirstConfirmedAt IS NULL OR FirstConfirmedAt > @ReportedAt
                                       THEN @ReportedAt ELSE FirstConfirmedAt END,
               Version = Version + 1, UpdatedAt = @Now
         WHERE ResidentId = @ResidentId
        """;

    private const string FloorBatchSql = """
        INSERT INTO StatusImports (FileName, FileSha256, Source, Encoding, TotalRows, MatchedRows, QueuedRows,
                                   AlreadyImportedRows, CommittedAt, TownId)
             VALUES ('避難所名簿.csv', @Sha256, 4, 'UTF-8', @Total, @Matched, @Queued, 0, @Now, 1);
        SELECT last_insert_rowid();
        """;

    private const string FloorRowSql = """
        INSERT INTO StatusImportRows (StatusImportId, Line, ImportKey, FamilyName, GivenName, FamilyNameKana, GivenNameKana,
                                      Sex, Status, WhereaboutsType, PrefectureCode, Municipality, Place, ReportedAt,
                                      MatchState, ResidentId, ReportId)
             VALUES (@Batch, @Line, @Key, @Family, @Given, @FamilyKana, @GivenKana, @Sex, @Status, 1, 7, '会津若松市',
                     @Place, @ReportedAt, @State, @ResidentId, @ReportId)
        """;

    private const string FloorAuditSql = """
        INSERT INTO AuditLog (OccurredAt, UserName, Action, TargetType, TargetId, Details)
             VALUES (@Now, 'bench', 'import-status', 'status-import', @Batch, @Details)
        """;

    /// <summary>
    /// The floor: the same writes as the import with raw SQL through commands prepared once, in one transaction:
    /// the batch row, one queue row per line (its import key hashed), for the matched lines (resident ids known in
    /// advance) the report and the current status with the first confirmation, and the audit row. What the
    /// product does beyond this is reading the CSV, validating it and matching each line to the register.
    /// </summary>
    public static async Task<Measurement> FloorAsync(string registerDb)
    {
        var connections = Copy(registerDb, "floor");
        var (csv, people) = await ListAsync(connections);
        var reportedAt = JapanTime.StartOfDayUtc(JapanTime.Today(TimeProvider.System).AddDays(-1));
        var now = DateTime.UtcNow;
        var watch = Stopwatch.StartNew();
        await using var connection = (SqliteConnection)await connections.OpenAsync();
        await using var transaction = (SqliteTransaction)await connections.BeginWriteAsync(connection);
        var matchedCount = people.Where((_, i) => i % 50 != 49).Count();
        var batch = await Prepared(connection, transaction, FloorBatchSql, "@Sha256", "@Total", "@Matched", "@Queued", "@Now")
            .RunScalarAsync(Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(csv)), people.Count, matchedCount, people.Count - matchedCount, now);
        var report = Prepared(connection, transaction, FloorReportSql, "@ResidentId", "@Status", "@Place", "@ReportedAt", "@Now", "@Note");
        var status = Prepared(connection, transaction, FloorStatusSql, "@Status", "@ReportId", "@ReportedAt", "@Place", "@Now", "@ResidentId");
        var row = Prepared(connection, transaction, FloorRowSql, "@Batch", "@Line", "@Key", "@Family", "@Given", "@FamilyKana", "@GivenKana",
            "@Sex", "@Status", "@Place", "@ReportedAt", "@State", "@ResidentId", "@ReportId");
        for (var i = 0; i < people.Count; i++)
        {
            var p = people[i];
            var matched = i % 50 != 49;
            var statusValue = i % 10 == 0 ? 2 : 1;
            var place = $"会津若松市立第{i % 9 + 1}中学校 体育館";
            object? reportId = null;
            if (matched)
            {
                reportId = await report.RunScalarAsync(p.ResidentId, statusValue, place, reportedAt, now, "名簿取り込み");
                await status.RunAsync(statusValue, reportId, reportedAt, place, now, p.ResidentId);
            }
            var key = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes($"{p.ResidentId}\u001F{statusValue}\u001F{place}")));
            await row.RunAsync(batch, i + 2, key, "姓", "名", "セイ", "メイ", 1, statusValue, place, reportedAt, matched ? 1 : 3,
                matched ? p.ResidentId : null, reportId);
        }
        await connection.ExecuteAsync(FloorAuditSql, new { Now = now, Batch = batch?.ToString(), Details = "bench floor" }, transaction);
        await transaction.CommitAsync();
        watch.Stop();
        return new Measurement("status-import-floor", Lines, watch.Elapsed.TotalSeconds, Measurement.PeakResidentMegabytes(), $"reports {matchedCount}");
    }

    private static FloorCommand Prepared(SqliteConnection connection, SqliteTransaction transaction, string sql, params string[] names)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var name in names)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }
        return new FloorCommand(command);
    }

    /// <summary>A command compiled once and run with new values: the cheapest way to repeat a statement.</summary>
    private sealed class FloorCommand(SqliteCommand command)
    {
        private void Set(object?[] values)
        {
            for (var i = 0; i < values.Length; i++)
            {
                command.Parameters[i].Value = values[i] ?? DBNull.Value;
            }
        }

        public Task<object?> RunScalarAsync(params object?[] values)
        {
            Set(values);
            return command.ExecuteScalarAsync();
        }

        public Task<int> RunAsync(params object?[] values)
        {
            Set(values);
            return command.ExecuteNonQueryAsync();
        }
    }
}
