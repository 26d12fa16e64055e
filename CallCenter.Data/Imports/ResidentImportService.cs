using System.Data.Common;
using System.Text;
using CallCenter.Data.Database;
using CallCenter.Data.Residents;

namespace CallCenter.Data.Imports;

/// <summary>
/// Imports a resident register (CSV) into the database: upsert by 住民番号, households created or updated
/// from 世帯番号. The whole file is one transaction: if any row is invalid, every bad row is reported and
/// nothing is written. Memory stays flat: records are streamed and written as they are read, and a file
/// with errors is rolled back at the end.
/// </summary>
public sealed class ResidentImportService(ConnectionFactory connections, TimeProvider time)
{
    /// <summary>How often progress is reported, in rows.</summary>
    public const int ProgressInterval = 1000;

    /// <summary>Imports a file from disk.</summary>
    public async Task<ResidentImportResult> ImportFileAsync(string path, bool dryRun, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(path))
        {
            return Failed(new ImportError(0, "ファイル", $"ファイルが見つかりません: {path}"), dryRun, "");
        }
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        return await ImportAsync(stream, dryRun, progress, cancellationToken);
    }

    /// <summary>Imports from a seekable stream (an uploaded file is first saved to a temporary file).</summary>
    public async Task<ResidentImportResult> ImportAsync(Stream stream, bool dryRun, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        if (!stream.CanSeek)
        {
            throw new ArgumentException("The stream must be seekable.", nameof(stream));
        }
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var bulk = await connections.PrepareForBulkAsync(connection, cancellationToken);
        await using var transaction = await connections.BeginWriteAsync(connection, cancellationToken);
        var result = await ImportAsync(stream, connection, transaction, progress, cancellationToken) with { DryRun = dryRun };
        if (result.Errors.Count == 0 && !dryRun)
        {
            await transaction.CommitAsync(cancellationToken);
        }
        else
        {
            await transaction.RollbackAsync(cancellationToken);
        }
        return result;
    }

    /// <summary>
    /// Imports inside the caller's transaction, which the caller commits or rolls back (the demo seeder
    /// writes the register and its story in one transaction). With errors, the rows written so far must be
    /// rolled back by the caller.
    /// </summary>
    public async Task<ResidentImportResult> ImportAsync(Stream stream, DbConnection connection, DbTransaction transaction,
        IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        const bool dryRun = false;
        if (stream.Length == 0)
        {
            return Failed(new ImportError(0, "ファイル", "ファイルが空です"), dryRun, "");
        }
        if (TextEncodingDetector.Refuse(stream) is { } refusal)
        {
            return Failed(new ImportError(0, "文字コード", refusal.Message), dryRun, refusal.Name);
        }
        var encoding = TextEncodingDetector.Detect(stream);
        var encodingName = TextEncodingDetector.Name(encoding);
        using var text = new StreamReader(stream, encoding, detectEncodingFromByteOrderMarks: false, bufferSize: 1 << 16);
        var csv = new CsvRecordReader(text);
        var errors = new List<ImportError>();

        List<string>? header;
        try
        {
            header = csv.Read();
        }
        catch (Exception e) when (e is CsvFormatException or DecoderFallbackException)
        {
            return Failed(ReadError(e, csv, encodingName), dryRun, encodingName);
        }
        if (header is null || header.All(string.IsNullOrWhiteSpace))
        {
            return Failed(new ImportError(0, "ファイル", "見出し行がありません（ファイルが空です）"), dryRun, encodingName);
        }
        var parser = ResidentRegisterParser.FromHeader(header, errors);
        if (parser is null)
        {
            return new ResidentImportResult(0, 0, 0, errors, dryRun, encodingName, 0, 0);
        }

        await using var writer = await RegisterWriter.CreateAsync(connection, transaction, connections.Dialect, time.GetUtcNow().UtcDateTime, parser.HasVulnerable, cancellationToken);

        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var rows = 0;
        while (true)
        {
            List<string>? record;
            try
            {
                record = csv.Read();
            }
            catch (Exception e) when (e is CsvFormatException or DecoderFallbackException)
            {
                errors.Add(ReadError(e, csv, encodingName));
                break;
            }
            if (record is null)
            {
                break;
            }
            if (record.Count == 1 && record[0].Length == 0)
            {
                continue; // blank line
            }
            var line = csv.RecordLine;
            var row = parser.Parse(record, line, errors);
            if (row is not null && !seen.TryAdd(row.ResidentNo, line))
            {
                errors.Add(new ImportError(line, "住民番号", $"ファイル内で重複しています（{seen[row.ResidentNo]}行目と同じ {row.ResidentNo}）"));
                row = null;
            }
            // Once a row is bad nothing will be committed, so stop writing but keep validating.
            if (row is not null && errors.Count == 0)
            {
                await writer.WriteAsync(row, cancellationToken);
            }
            if (++rows % ProgressInterval == 0)
            {
                progress?.Report(rows);
            }
        }
        progress?.Report(rows);

        if (rows == 0 && errors.Count == 0)
        {
            errors.Add(new ImportError(0, "ファイル", "データ行がありません"));
        }
        if (errors.Count > 0)
        {
            return new ResidentImportResult(0, 0, 0, errors, dryRun, encodingName, 0, 0);
        }
        if (writer.Inserted > 0)
        {
            await Dashboard.DashboardSummaries.RebuildAsync(connection, transaction, cancellationToken);
        }
        return new ResidentImportResult(writer.Inserted, writer.Updated, writer.Unchanged, errors, dryRun, encodingName,
            writer.HouseholdsInserted, writer.HouseholdsUpdated);
    }

    private static ImportError ReadError(Exception e, CsvRecordReader csv, string encodingName) => e switch
    {
        TextDecodingException d => new ImportError(d.Line, "文字コード", d.Reason),
        CsvFormatException f => new ImportError(f.Line, "CSV", f.Message),
        _ => new ImportError(Math.Max(csv.RecordLine, 1), "文字コード",
            $"{encodingName}として読めない文字があります（{Math.Max(csv.RecordLine, 1)}行目付近）。UTF-8 か Shift_JIS (CP932) で保存してください"),
    };

    private static ResidentImportResult Failed(ImportError error, bool dryRun, string encoding) =>
        new(0, 0, 0, [error], dryRun, encoding, 0, 0);

    /// <summary>Writes validated rows inside the import's transaction with prepared commands.</summary>
    private sealed class RegisterWriter : IAsyncDisposable
    {
        private const string LoadHouseholdsSql = """
            SELECT HouseholdId, HouseholdNo, District, Address
              FROM Households
            """;

        private const string InsertHouseholdSql = """
            INSERT INTO Households (HouseholdNo, District, Address, CreatedAt, UpdatedAt)
                 VALUES (@HouseholdNo, @District, @Address, @Now, @Now);
            {last_id}
            """;

        private const string UpdateHouseholdSql = """
            UPDATE Households
               SET District = @District, Address = @Address, UpdatedAt = @Now
             WHERE HouseholdId = @HouseholdId
            """;

        private const string FindResidentSql = """
            SELECT ResidentId, HouseholdId, Relationship, FamilyName, GivenName, FamilyNameKana, GivenNameKana,
                   BirthDate, Sex, District, Address, Phone, IsVulnerable, VulnerableReason
              FROM Residents
             WHERE ResidentNo = @ResidentNo
            """;

        private const string InsertResidentSql = """
            INSERT INTO Residents (ResidentNo, HouseholdId, Relationship, FamilyName, GivenName, FamilyNameKana,
                                   GivenNameKana, BirthDate, Sex, District, Address, Phone, PhoneKey, IsVulnerable,
                                   VulnerableReason, FamilyNameKey, GivenNameKey, NameKey, FamilyKanaKey, GivenKanaKey,
                                   KanaKey, CreatedAt, UpdatedAt)
                 VALUES (@ResidentNo, @HouseholdId, @Relationship, @FamilyName, @GivenName, @FamilyNameKana,
                         @GivenNameKana, @BirthDate, @Sex, @District, @Address, @Phone, @PhoneKey, @IsVulnerable,
                         @VulnerableReason, @FamilyNameKey, @GivenNameKey, @NameKey, @FamilyKanaKey, @GivenKanaKey,
                         @KanaKey, @Now, @Now)
            """;

        private const string UpdateResidentSql = """
            UPDATE Residents
               SET HouseholdId = @HouseholdId, Relationship = @Relationship, FamilyName = @FamilyName,
                   GivenName = @GivenName, FamilyNameKana = @FamilyNameKana, GivenNameKana = @GivenNameKana,
                   BirthDate = @BirthDate, Sex = @Sex, District = @District, Address = @Address, Phone = @Phone,
                   PhoneKey = @PhoneKey, IsVulnerable = @IsVulnerable, VulnerableReason = @VulnerableReason,
                   FamilyNameKey = @FamilyNameKey, GivenNameKey = @GivenNameKey, NameKey = @NameKey,
                   FamilyKanaKey = @FamilyKanaKey, GivenKanaKey = @GivenKanaKey, KanaKey = @KanaKey,
                   Version = Version + 1, UpdatedAt = @Now
             WHERE ResidentId = @ResidentId
            """;

        private const string CountResidentsSql = """
            SELECT COUNT(*)
              FROM Residents
            """;

        private static readonly string[] ResidentParameters =
        [
            "HouseholdId", "Relationship", "FamilyName", "GivenName", "FamilyNameKana", "GivenNameKana", "BirthDate",
            "Sex", "District", "Address", "Phone", "PhoneKey", "IsVulnerable", "VulnerableReason", "FamilyNameKey",
            "GivenNameKey", "NameKey", "FamilyKanaKey", "GivenKanaKey", "KanaKey", "Now",
        ];

        private readonly Dictionary<string, (long Id, string? District, string? Address, bool Touched)> households;
        private readonly PreparedCommand insertHousehold, updateHousehold, findResident, insertResident, updateResident;
        private readonly DateTime now;
        private readonly bool importsVulnerable;
        private bool registerEmpty;

        private RegisterWriter(DbConnection connection, DbTransaction transaction, SqlDialect dialect, DateTime now, bool importsVulnerable,
            Dictionary<string, (long, string?, string?, bool)> households, bool registerEmpty)
        {
            this.now = now;
            this.importsVulnerable = importsVulnerable;
            this.households = households;
            this.registerEmpty = registerEmpty;
            insertHousehold = new PreparedCommand(connection, transaction, dialect.Render(InsertHouseholdSql), "HouseholdNo", "District", "Address", "Now");
            updateHousehold = new PreparedCommand(connection, transaction, UpdateHouseholdSql, "District", "Address", "Now", "HouseholdId");
            findResident = new PreparedCommand(connection, transaction, FindResidentSql, "ResidentNo");
            insertResident = new PreparedCommand(connection, transaction, InsertResidentSql, ["ResidentNo", .. ResidentParameters]);
            updateResident = new PreparedCommand(connection, transaction, UpdateResidentSql, [.. ResidentParameters, "ResidentId"]);
        }

        public int Inserted { get; private set; }
        public int Updated { get; private set; }
        public int Unchanged { get; private set; }
        public int HouseholdsInserted { get; private set; }
        public int HouseholdsUpdated { get; private set; }

        public static async Task<RegisterWriter> CreateAsync(DbConnection connection, DbTransaction transaction, SqlDialect dialect,
            DateTime now, bool importsVulnerable, CancellationToken cancellationToken)
        {
            var households = new Dictionary<string, (long, string?, string?, bool)>(StringComparer.Ordinal);
            await using (var load = new PreparedCommand(connection, transaction, LoadHouseholdsSql))
            await using (var reader = await load.ReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    households[reader.GetString(1)] = (Int64(reader, 0), NullableString(reader, 2), NullableString(reader, 3), false);
                }
            }
            bool registerEmpty;
            await using (var count = new PreparedCommand(connection, transaction, CountResidentsSql))
            {
                registerEmpty = await count.ExecuteScalarInt64Async(cancellationToken) == 0;
            }
            return new RegisterWriter(connection, transaction, dialect, now, importsVulnerable, households, registerEmpty);
        }

        public async Task WriteAsync(ResidentRegisterRow row, CancellationToken cancellationToken)
        {
            var householdId = await HouseholdAsync(row, cancellationToken);
            var existing = registerEmpty ? null : await FindAsync(row.ResidentNo, cancellationToken);
            var vulnerable = row.IsVulnerable ?? existing?.IsVulnerable ?? false;
            var vulnerableReason = importsVulnerable ? row.VulnerableReason : existing?.VulnerableReason;
            if (existing is not null && existing.Matches(row, householdId, vulnerable, vulnerableReason))
            {
                Unchanged++;
                return;
            }
            var values = new object?[]
            {
                householdId, row.Relationship, row.FamilyName, row.GivenName, row.FamilyNameKana, row.GivenNameKana,
                row.BirthDate, (byte)row.Sex, row.District, row.Address, row.Phone, Common.PhoneNumbers.Key(row.Phone),
                vulnerable, vulnerableReason, NameKey.Kanji(row.FamilyName), NameKey.Kanji(row.GivenName),
                NameKey.Kanji(row.FamilyName + row.GivenName), NameKey.Kana(row.FamilyNameKana), NameKey.Kana(row.GivenNameKana),
                NameKey.Kana(row.FamilyNameKana + row.GivenNameKana), now,
            };
            if (existing is null)
            {
                await insertResident.Set([row.ResidentNo, .. values]).ExecuteAsync(cancellationToken);
                Inserted++;
            }
            else
            {
                await updateResident.Set([.. values, existing.ResidentId]).ExecuteAsync(cancellationToken);
                Updated++;
            }
        }

        private async Task<long> HouseholdAsync(ResidentRegisterRow row, CancellationToken cancellationToken)
        {
            var isHead = row.Relationship is "世帯主" or "本人";
            if (!households.TryGetValue(row.HouseholdNo, out var household))
            {
                var id = await insertHousehold.Set(row.HouseholdNo, row.District, row.Address, now).ExecuteScalarInt64Async(cancellationToken);
                households[row.HouseholdNo] = (id, row.District, row.Address, isHead);
                HouseholdsInserted++;
                return id;
            }
            // The head's row decides the household's district and address; before the head is seen in this
            // file, the first member's row does.
            if ((isHead || !household.Touched) && (household.District != row.District || household.Address != row.Address))
            {
                await updateHousehold.Set(row.District, row.Address, now, household.Id).ExecuteAsync(cancellationToken);
                HouseholdsUpdated++;
                households[row.HouseholdNo] = (household.Id, row.District, row.Address, isHead || household.Touched);
            }
            else if (isHead && !household.Touched)
            {
                households[row.HouseholdNo] = household with { Touched = true };
            }
            return household.Id;
        }

        private async Task<ExistingResident?> FindAsync(string residentNo, CancellationToken cancellationToken)
        {
            await using var reader = await findResident.Set(residentNo).ReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                return null;
            }
            return new ExistingResident(
                Int64(reader, 0),
                reader.IsDBNull(1) ? null : Int64(reader, 1),
                NullableString(reader, 2),
                reader.GetString(3),
                reader.GetString(4),
                reader.GetString(5),
                reader.GetString(6),
                reader.IsDBNull(7) ? null : ReadDate(reader.GetValue(7)),
                Convert.ToByte(reader.GetValue(8), System.Globalization.CultureInfo.InvariantCulture),
                NullableString(reader, 9),
                NullableString(reader, 10),
                NullableString(reader, 11),
                Convert.ToBoolean(reader.GetValue(12), System.Globalization.CultureInfo.InvariantCulture),
                NullableString(reader, 13));
        }

        private static DateOnly ReadDate(object value) => value switch
        {
            DateTime dt => DateOnly.FromDateTime(dt),
            DateOnly d => d,
            _ => DateOnly.ParseExact(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)!, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        };

        // INT columns come back as Int32 from SQL Server and as Int64 from SQLite.
        private static long Int64(DbDataReader reader, int i) => Convert.ToInt64(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture);

        private static string? NullableString(DbDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetString(i);

        public async ValueTask DisposeAsync()
        {
            await insertHousehold.DisposeAsync();
            await updateHousehold.DisposeAsync();
            await findResident.DisposeAsync();
            await insertResident.DisposeAsync();
            await updateResident.DisposeAsync();
        }

        private sealed record ExistingResident(
            long ResidentId, long? HouseholdId, string? Relationship, string FamilyName, string GivenName,
            string FamilyNameKana, string GivenNameKana, DateOnly? BirthDate, byte Sex, string? District,
            string? Address, string? Phone, bool IsVulnerable, string? VulnerableReason)
        {
            public bool Matches(ResidentRegisterRow row, long householdId, bool vulnerable, string? vulnerableReason) =>
                HouseholdId == householdId && Relationship == row.Relationship && FamilyName == row.FamilyName &&
                GivenName == row.GivenName && FamilyNameKana == row.FamilyNameKana && GivenNameKana == row.GivenNameKana &&
                BirthDate == row.BirthDate && Sex == (byte)row.Sex && District == row.District && Address == row.Address &&
                Phone == row.Phone && IsVulnerable == vulnerable && VulnerableReason == vulnerableReason;
        }
    }
}
