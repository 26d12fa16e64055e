using System.Data.Common;
using System.Text;
using CallCenter.Data.Database;
using CallCenter.Data.Residents;

namespace CallCenter.Data.Imports;

/// <summary>
/// Imports a resident register (CSV) into the database: upsert by 住民番号, households created or updated
/// from 世帯番号. All or nothing: if any row is invalid, every bad row is reported and nothing is written.
/// </summary>
/// <remarks>
/// A check never blocks the call center. The file is parsed, validated and compared with the register under a
/// read snapshot (on SQLite a WAL reader, which no writer waits for), and the writes it needs are staged in a
/// private temporary file, so memory stays flat at any size. Only then does the import take the write lock, for
/// the staged writes alone (a dry run never takes it). If the register changed in between (see
/// <see cref="RegisterStamp"/>), the file is checked again under the lock, so the result is the same as if nothing
/// had run in between.
/// </remarks>
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
        var start = stream.Position;
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var bulk = await connections.PrepareForBulkAsync(connection, cancellationToken);
        await using var staging = dryRun ? RegisterStaging.Counting() : RegisterStaging.ToTemporaryFile();
        ResidentImportResult result;
        RegisterStamp stamp;
        await using (var snapshot = await connections.BeginReadAsync(connection, cancellationToken))
        {
            stamp = await RegisterStamp.ReadAsync(connection, snapshot, cancellationToken);
            // The check's reader closes what it reads; the stream must stay open for a second check under the lock.
            await using var firstPass = new KeepOpenStream(stream);
            result = await CheckAsync(firstPass, connection, snapshot, staging, progress, cancellationToken) with { DryRun = dryRun };
            await snapshot.RollbackAsync(cancellationToken);
        }
        if (dryRun || result.Errors.Count > 0)
        {
            return result;
        }
        if (BeforeWrite is { } beforeWrite)
        {
            await beforeWrite();
        }
        await using var transaction = await connections.BeginWriteAsync(connection, cancellationToken);
        // Status-list batches do not matter here: only the register's own stamp is compared.
        var current = await RegisterStamp.ReadAsync(connection, transaction, cancellationToken);
        if (current.Version == stamp.Version && current.LastResidentId == stamp.LastResidentId && current.LastHouseholdId == stamp.LastHouseholdId)
        {
            await RegisterWriter.ReplayAsync(connection, transaction, connections.Dialect, staging, cancellationToken);
            if (result.Inserted > 0)
            {
                await Dashboard.DashboardSummaries.RebuildAsync(connection, transaction, cancellationToken);
            }
        }
        else
        {
            // The register changed while the file was checked (another import, a merge): check it again, writing as
            // it goes, under the lock. Rare, and still correct.
            stream.Position = start;
            result = await ImportAsync(stream, connection, transaction, progress, cancellationToken);
            if (result.Errors.Count > 0)
            {
                await transaction.RollbackAsync(cancellationToken);
                return result;
            }
        }
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    /// <summary>Called after the file is checked and staged, just before the write lock is taken (tests observe the order).</summary>
    internal Func<Task>? BeforeWrite { get; set; }

    /// <summary>
    /// Imports inside the caller's transaction, which the caller commits or rolls back (the demo seeder
    /// writes the register and its story in one transaction). With errors, the rows written so far must be
    /// rolled back by the caller.
    /// </summary>
    public Task<ResidentImportResult> ImportAsync(Stream stream, DbConnection connection, DbTransaction transaction,
        IProgress<int>? progress = null, CancellationToken cancellationToken = default) =>
        CheckAsync(stream, connection, transaction, null, progress, cancellationToken);

    /// <summary>
    /// Parses and validates the file and compares it with the register. Without <paramref name="staging"/> the writes
    /// are made at once in <paramref name="transaction"/>; with it they are only staged (and the transaction may be a
    /// read snapshot).
    /// </summary>
    private async Task<ResidentImportResult> CheckAsync(Stream stream, DbConnection connection, DbTransaction transaction,
        RegisterStaging? staging, IProgress<int>? progress, CancellationToken cancellationToken)
    {
        const bool dryRun = false;
        if (stream.Length == 0)
        {
            return Failed(new ImportError(0, "ファイル", "ファイルが空です"), dryRun, "");
        }
        var (csv, refusal, encodingName) = ImportCsvReader.Open(stream, leaveOpen: false);
        if (csv is null)
        {
            return Failed(refusal!, dryRun, encodingName);
        }
        using var reader = csv;
        var errors = new List<ImportError>();
        var (header, headerError) = csv.ReadHeader();
        if (header is null)
        {
            return Failed(headerError!, dryRun, encodingName);
        }
        var parser = ResidentRegisterParser.FromHeader(header, errors);
        if (parser is null)
        {
            return new ResidentImportResult(0, 0, 0, errors, dryRun, encodingName, 0, 0);
        }

        await using var writer = await RegisterWriter.CreateAsync(connection, transaction, connections.Dialect, time.GetUtcNow().UtcDateTime, parser.HasVulnerable, staging, cancellationToken);

        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var rows = 0;
        // Only an empty line is blank here: a row of empty fields is a row of missing values, reported as such.
        foreach (var record in csv.Records(errors, record => record.Count == 1 && record[0].Length == 0))
        {
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
        if (writer.Inserted > 0 && staging is null)
        {
            await Dashboard.DashboardSummaries.RebuildAsync(connection, transaction, cancellationToken);
        }
        return new ResidentImportResult(writer.Inserted, writer.Updated, writer.Unchanged, errors, dryRun, encodingName,
            writer.HouseholdsInserted, writer.HouseholdsUpdated);
    }

    /// <summary>A view of a seekable stream whose disposal leaves the stream open.</summary>
    private sealed class KeepOpenStream(Stream inner) : Stream
    {
        public override bool CanRead => inner.CanRead;
        public override bool CanSeek => inner.CanSeek;
        public override bool CanWrite => false;
        public override long Length => inner.Length;
        public override long Position { get => inner.Position; set => inner.Position = value; }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
        public override int Read(Span<byte> buffer) => inner.Read(buffer);
        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            inner.ReadAsync(buffer, offset, count, cancellationToken);
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            inner.ReadAsync(buffer, cancellationToken);
        public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    private static ResidentImportResult Failed(ImportError error, bool dryRun, string encoding) =>
        new(0, 0, 0, [error], dryRun, encoding, 0, 0);

    /// <summary>
    /// Decides what each validated row needs (a new or changed household, a new, changed or unchanged resident) and
    /// writes it inside the import's transaction with prepared commands, or stages it for <see cref="ReplayAsync"/>.
    /// </summary>
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
        private readonly RegisterStaging? staging;
        private bool registerEmpty;

        private RegisterWriter(DbConnection connection, DbTransaction transaction, SqlDialect dialect, DateTime now, bool importsVulnerable,
            Dictionary<string, (long, string?, string?, bool)> households, bool registerEmpty, RegisterStaging? staging)
        {
            this.now = now;
            this.importsVulnerable = importsVulnerable;
            this.households = households;
            this.registerEmpty = registerEmpty;
            this.staging = staging;
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
            DateTime now, bool importsVulnerable, RegisterStaging? staging, CancellationToken cancellationToken)
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
            return new RegisterWriter(connection, transaction, dialect, now, importsVulnerable, households, registerEmpty, staging);
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
                object?[] insert = [row.ResidentNo, .. values];
                if (staging is null)
                {
                    await insertResident.Set(insert).ExecuteAsync(cancellationToken);
                }
                else
                {
                    staging.Add(RegisterStaging.InsertResident, insert);
                }
                Inserted++;
            }
            else
            {
                object?[] update = [.. values, existing.ResidentId];
                if (staging is null)
                {
                    await updateResident.Set(update).ExecuteAsync(cancellationToken);
                }
                else
                {
                    staging.Add(RegisterStaging.UpdateResident, update);
                }
                Updated++;
            }
        }

        private async Task<long> HouseholdAsync(ResidentRegisterRow row, CancellationToken cancellationToken)
        {
            var isHead = row.Relationship is "世帯主" or "本人";
            if (!households.TryGetValue(row.HouseholdNo, out var household))
            {
                var id = staging is null
                    ? await insertHousehold.Set(row.HouseholdNo, row.District, row.Address, now).ExecuteScalarInt64Async(cancellationToken)
                    : staging.AddHousehold([row.HouseholdNo, row.District, row.Address, now]);
                households[row.HouseholdNo] = (id, row.District, row.Address, isHead);
                HouseholdsInserted++;
                return id;
            }
            // The head's row decides the household's district and address; before the head is seen in this
            // file, the first member's row does.
            if ((isHead || !household.Touched) && (household.District != row.District || household.Address != row.Address))
            {
                object?[] update = [row.District, row.Address, now, household.Id];
                if (staging is null)
                {
                    await updateHousehold.Set(update).ExecuteAsync(cancellationToken);
                }
                else
                {
                    staging.Add(RegisterStaging.UpdateHousehold, update);
                }
                HouseholdsUpdated++;
                households[row.HouseholdNo] = (household.Id, row.District, row.Address, isHead || household.Touched);
            }
            else if (isHead && !household.Touched)
            {
                households[row.HouseholdNo] = household with { Touched = true };
            }
            return household.Id;
        }

        /// <summary>
        /// Makes the staged writes, in the order they were staged: the same statements an import writing as it goes
        /// would have made. Households staged as new get their ids here, and rows that refer to them are given those.
        /// </summary>
        public static async Task ReplayAsync(DbConnection connection, DbTransaction transaction, SqlDialect dialect, RegisterStaging staging,
            CancellationToken cancellationToken)
        {
            await using var writer = new RegisterWriter(connection, transaction, dialect, default, false, [], false, null);
            var householdIds = new Dictionary<long, long>();
            long Real(object? id) => id is long placeholder && placeholder < 0 ? householdIds[placeholder] : Convert.ToInt64(id, System.Globalization.CultureInfo.InvariantCulture);
            foreach (var (kind, values) in staging.Read())
            {
                switch (kind)
                {
                    case RegisterStaging.InsertHousehold:
                        // Staged as HouseholdNo, District, Address, Now and the placeholder id rows were given.
                        householdIds[(long)values[4]!] = await writer.insertHousehold.Set(values[..4]).ExecuteScalarInt64Async(cancellationToken);
                        break;
                    case RegisterStaging.UpdateHousehold:
                        values[3] = Real(values[3]);
                        await writer.updateHousehold.Set(values).ExecuteAsync(cancellationToken);
                        break;
                    case RegisterStaging.InsertResident:
                        values[1] = Real(values[1]);
                        await writer.insertResident.Set(values).ExecuteAsync(cancellationToken);
                        break;
                    case RegisterStaging.UpdateResident:
                        values[0] = Real(values[0]);
                        await writer.updateResident.Set(values).ExecuteAsync(cancellationToken);
                        break;
                }
            }
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
