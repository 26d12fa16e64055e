using System.Data.Common;
using Dapper;
using System.Text;
using CallCenter.Data.Database;
using CallCenter.Data.Residents;

namespace CallCenter.Data.Imports;

/// <summary>
/// Imports a resident register (CSV) into the database: upsert by 住民番号, households created or updated
/// from 世帯番号. All or nothing: if any row is invalid, every bad row is reported and nothing is written.
/// </summary>
/// <remarks>
/// A check never blocks the call center. The file is parsed and validated row by row into staging tables private to
/// the import's connection (<see cref="RegisterStaging"/>: no secondary index, one prepared insert reused), under a
/// read snapshot (on SQLite a WAL reader, which no writer waits for). Duplicates within the file, the households and
/// the comparison with the register are then worked out in SQL, set-based, so memory stays flat at any size. Only
/// then does the import take the write lock, for a few set-based statements (a dry run never takes it): UPDATE …
/// FROM for changed households and residents, INSERT … SELECT for new ones, in one transaction. Into a register
/// that is empty or small beside the file, the residents' secondary indexes that new rows would scatter over are
/// dropped first and built again after, inside the same transaction (SQLite). If the register changed in between (see <see cref="RegisterStamp"/>), the
/// comparison is made again under the lock, so the result is the same as if nothing had run in between.
/// </remarks>
public sealed class ResidentImportService(ConnectionFactory connections, TimeProvider time)
{
    /// <summary>How often progress is reported, in rows.</summary>
    public const int ProgressInterval = 1000;

    /// <summary>Imports a file from disk.</summary>
    /// <remarks>
    /// <paramref name="townId"/>: the town whose register the file is (numbers are unique within a town only); null means
    /// the only town, and is refused when several towns exist.
    /// </remarks>
    public async Task<ResidentImportResult> ImportFileAsync(string path, bool dryRun, IProgress<int>? progress = null, CancellationToken cancellationToken = default,
        int? townId = null)
    {
        if (!File.Exists(path))
        {
            return Failed(new ImportError(0, "ファイル", $"ファイルが見つかりません: {path}"), dryRun, "");
        }
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        return await ImportAsync(stream, dryRun, progress, cancellationToken, townId);
    }

    /// <summary>Imports from a seekable stream (an uploaded file is first saved to a temporary file).</summary>
    public async Task<ResidentImportResult> ImportAsync(Stream stream, bool dryRun, IProgress<int>? progress = null, CancellationToken cancellationToken = default,
        int? townId = null)
    {
        if (!stream.CanSeek)
        {
            throw new ArgumentException("The stream must be seekable.", nameof(stream));
        }
        await using var connection = await connections.OpenAsync(cancellationToken);
        var (town, _, townProblem) = await Towns.TownRepository.ImportTownAsync(connection, null, townId, cancellationToken);
        if (town is null)
        {
            return Failed(new ImportError(0, "町", townProblem!), dryRun, "");
        }
        await using var bulk = await connections.PrepareForBulkAsync(connection, cancellationToken);
        // Declared before the transactions, so it is disposed (its tables dropped) after them.
        await using var staging = await RegisterStaging.CreateAsync(connection, null, connections.Dialect, cancellationToken);
        var writer = new RegisterWriter(connection, connections.Dialect, town.TownId);
        ResidentImportResult result;
        RegisterStamp stamp;
        await using (var snapshot = await connections.BeginReadAsync(connection, cancellationToken))
        {
            stamp = await RegisterStamp.ReadAsync(connection, snapshot, cancellationToken);
            // The caller's stream stays open.
            await using var view = new KeepOpenStream(stream);
            result = await CheckAsync(view, connection, snapshot, staging, writer, progress, cancellationToken) with { DryRun = dryRun };
            // Committed, not rolled back: the snapshot wrote nothing to the register, and the staged rows (temporary
            // tables, written in this transaction) must outlive it.
            await snapshot.CommitAsync(cancellationToken);
        }
        if (dryRun || result.Errors.Count > 0)
        {
            return result;
        }
        // The staged rows are only read once more, in order: their cache goes back before the register's own grows.
        await connections.EndBulkStagingAsync(connection, cancellationToken);
        if (BeforeWrite is { } beforeWrite)
        {
            await beforeWrite();
        }
        await using var transaction = await connections.BeginWriteAsync(connection, cancellationToken);
        // Status-list batches do not matter here: only the register's own stamp is compared.
        var current = await RegisterStamp.ReadAsync(connection, transaction, cancellationToken);
        if (current.Version != stamp.Version || current.LastResidentId != stamp.LastResidentId || current.LastHouseholdId != stamp.LastHouseholdId)
        {
            // The register changed while the file was checked (another import, a merge): compare the staged rows
            // with it again, under the lock. Rare, and still correct; the file is not read again.
            result = await writer.CompareAsync(transaction, result, cancellationToken);
        }
        await writer.ApplyAsync(transaction, result, time.GetUtcNow().UtcDateTime, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    /// <summary>Called after the file is checked and staged, just before the write lock is taken (tests observe the order).</summary>
    internal Func<Task>? BeforeWrite { get; set; }

    /// <summary>
    /// Imports inside the caller's transaction, which the caller commits or rolls back (the demo seeder
    /// writes the register and its story in one transaction). With errors nothing is written.
    /// </summary>
    public async Task<ResidentImportResult> ImportAsync(Stream stream, DbConnection connection, DbTransaction transaction,
        IProgress<int>? progress = null, CancellationToken cancellationToken = default, int? townId = null)
    {
        var (town, _, townProblem) = await Towns.TownRepository.ImportTownAsync(connection, transaction, townId, cancellationToken);
        if (town is null)
        {
            return Failed(new ImportError(0, "町", townProblem!), false, "");
        }
        await using var staging = await RegisterStaging.CreateAsync(connection, transaction, connections.Dialect, cancellationToken);
        var writer = new RegisterWriter(connection, connections.Dialect, town.TownId);
        var result = await CheckAsync(stream, connection, transaction, staging, writer, progress, cancellationToken);
        if (result.Errors.Count == 0)
        {
            await writer.ApplyAsync(transaction, result, time.GetUtcNow().UtcDateTime, cancellationToken);
        }
        return result;
    }

    /// <summary>
    /// Parses and validates the file into <paramref name="staging"/>, finds duplicates within it, and compares it with
    /// the register (counts only: nothing is written to the register here).
    /// </summary>
    private static async Task<ResidentImportResult> CheckAsync(Stream stream, DbConnection connection, DbTransaction transaction,
        RegisterStaging staging, RegisterWriter writer, IProgress<int>? progress, CancellationToken cancellationToken)
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

        var rows = await StageAsync(csv, parser, errors, staging, transaction, progress, cancellationToken);

        if (staging.Count > 0)
        {
            var found = errors.Count;
            await staging.DuplicatesAsync(transaction, errors, cancellationToken);
            if (errors.Count > found)
            {
                // In line order, as a reader of the file expects (OrderBy is stable: a line's own errors keep their order).
                var ordered = errors.OrderBy(e => e.Line).ToList();
                errors.Clear();
                errors.AddRange(ordered);
            }
        }
        if (rows == 0 && errors.Count == 0)
        {
            errors.Add(new ImportError(0, "ファイル", "データ行がありません"));
        }
        if (errors.Count > 0)
        {
            return new ResidentImportResult(0, 0, 0, errors, dryRun, encodingName, 0, 0);
        }
        await staging.GroupHouseholdsAsync(transaction, cancellationToken);
        writer.ImportsVulnerable = parser.HasVulnerable;
        var empty = new ResidentImportResult(0, 0, 0, errors, dryRun, encodingName, 0, 0);
        return await writer.CompareAsync(transaction, empty, cancellationToken);
    }

    // Rows handed from the reading thread to the staging one at a time: large enough that the hand-over costs nothing
    // beside the rows, small enough that memory stays flat (at most Pending batches wait).
    private const int BatchSize = 256;
    private const int PendingBatches = 8;

    /// <summary>
    /// Reads, parses and validates the records (errors into <paramref name="errors"/>, in line order) and stages every
    /// valid row, in line order. Two threads: this one reads, parses and computes each row's values (the normalized
    /// search keys included) while a second one only binds and inserts the rows made before into the staging table,
    /// so the CSV and the keys cost no time beside the inserts (2 cores). Only the
    /// reader touches <paramref name="errors"/> and the parser; only the writer touches the connection. Returns the
    /// number of records read.
    /// </summary>
    private static async Task<int> StageAsync(ImportCsvReader csv, ResidentRegisterParser parser, List<ImportError> errors,
        RegisterStaging staging, DbTransaction transaction, IProgress<int>? progress, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var batches = System.Threading.Channels.Channel.CreateBounded<List<object?[]>>(
            new System.Threading.Channels.BoundedChannelOptions(PendingBatches) { SingleReader = true, SingleWriter = true });
        var writer = Task.Run(async () =>
        {
            try
            {
                await foreach (var batch in batches.Reader.ReadAllAsync(stop.Token))
                {
                    foreach (var values in batch)
                    {
                        await staging.AddAsync(values, transaction, stop.Token);
                    }
                }
            }
            catch
            {
                // The reader stops at its next hand-over; the error is this method's.
                await stop.CancelAsync();
                throw;
            }
        }, CancellationToken.None);

        var rows = 0;
        try
        {
            var batch = new List<object?[]>(BatchSize);
            // Only an empty line is blank here: a row of empty fields is a row of missing values, reported as such.
            foreach (var record in csv.Records(errors, record => record.Count == 1 && record[0].Length == 0))
            {
                var line = csv.RecordLine;
                // Every valid row is staged, even after a bad one: duplicates are found among all of them.
                if (parser.Parse(record, line, errors) is { } row)
                {
                    batch.Add(RegisterStaging.Values(line, row));
                    if (batch.Count == BatchSize)
                    {
                        await batches.Writer.WriteAsync(batch, stop.Token);
                        batch = new List<object?[]>(BatchSize);
                    }
                }
                if (++rows % ProgressInterval == 0)
                {
                    progress?.Report(rows);
                }
            }
            if (batch.Count > 0)
            {
                await batches.Writer.WriteAsync(batch, stop.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The writer failed: its exception is the one to throw (below).
        }
        finally
        {
            batches.Writer.TryComplete();
            if (!writer.IsCompleted)
            {
                // Reading failed or was cancelled: the writer must be done with the connection before anyone else uses it.
                await Task.WhenAny(writer);
            }
        }
        await writer;
        progress?.Report(rows);
        return rows;
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
    /// Compares the staged rows with the register and writes the difference, set-based: a few statements whatever the
    /// size of the file, inside the import's transaction.
    /// </summary>
    private sealed class RegisterWriter(DbConnection connection, SqlDialect dialect, int townId)
    {
        private const string CountHouseholdsSql = """
            SELECT COUNT(*) - COUNT(h.HouseholdId),
                   COALESCE(SUM(CASE WHEN h.HouseholdId IS NOT NULL
                                      AND (h.District IS DISTINCT FROM n.District {bin} OR h.Address IS DISTINCT FROM n.Address {bin})
                                     THEN 1 ELSE 0 END), 0)
              FROM {temp}RegisterHouseholds n
              LEFT JOIN Households h ON h.HouseholdNo = n.HouseholdNo AND h.TownId = @TownId
            """;

        // A resident is unchanged when every imported column is equal, exactly, with its household already the one
        // the file names. 要支援者 absent from the file keeps the stored flag; 要支援理由 is compared only when the file
        // has 要支援者 (as the update writes it).
        private const string CountResidentsSql = """
            SELECT COUNT(*),
                   COUNT(r.ResidentId),
                   COALESCE(SUM(CASE WHEN r.ResidentId IS NOT NULL AND h.HouseholdId IS NOT NULL
                                      AND r.HouseholdId IS NOT DISTINCT FROM h.HouseholdId
                                      AND r.Relationship IS NOT DISTINCT FROM s.Relationship {bin}
                                      AND r.FamilyName = s.FamilyName {bin}
                                      AND r.GivenName = s.GivenName {bin}
                                      AND r.FamilyNameKana = s.FamilyNameKana {bin}
                                      AND r.GivenNameKana = s.GivenNameKana {bin}
                                      AND r.BirthDate IS NOT DISTINCT FROM s.BirthDate
                                      AND r.Sex = s.Sex
                                      AND r.District IS NOT DISTINCT FROM s.District {bin}
                                      AND r.Address IS NOT DISTINCT FROM s.Address {bin}
                                      AND r.Phone IS NOT DISTINCT FROM s.Phone {bin}
                                      AND r.IsVulnerable = COALESCE(s.IsVulnerable, r.IsVulnerable)
                                      AND (@ImportsVulnerable = 0 OR r.VulnerableReason IS NOT DISTINCT FROM s.VulnerableReason {bin})
                                     THEN 1 ELSE 0 END), 0)
              FROM {temp}RegisterRows s
              LEFT JOIN Residents r ON r.ResidentNo = s.ResidentNo AND r.TownId = @TownId
              LEFT JOIN Households h ON h.HouseholdNo = s.HouseholdNo AND h.TownId = @TownId
            """;

        private const string UpdateHouseholdsSql = """
            UPDATE Households
               SET District = n.District, Address = n.Address, UpdatedAt = @Now
              FROM {temp}RegisterHouseholds n
             WHERE Households.HouseholdNo = n.HouseholdNo AND Households.TownId = @TownId
               AND (Households.District IS DISTINCT FROM n.District {bin} OR Households.Address IS DISTINCT FROM n.Address {bin})
            """;

        // In the order of each household's first line, so ids follow the file as they did row by row.
        private const string InsertHouseholdsSql = """
            INSERT INTO Households (HouseholdNo, District, Address, CreatedAt, UpdatedAt, TownId)
            SELECT n.HouseholdNo, n.District, n.Address, @Now, @Now, @TownId
              FROM {temp}RegisterHouseholds n
             WHERE NOT EXISTS (SELECT 1 FROM Households h WHERE h.HouseholdNo = n.HouseholdNo AND h.TownId = @TownId)
             ORDER BY n.FirstLine
            """;

        // The negation of CountResidentsSql's "unchanged", for residents that exist.
        private const string UpdateResidentsSql = """
            UPDATE Residents
               SET HouseholdId = h.HouseholdId, Relationship = s.Relationship, FamilyName = s.FamilyName,
                   GivenName = s.GivenName, FamilyNameKana = s.FamilyNameKana, GivenNameKana = s.GivenNameKana,
                   BirthDate = s.BirthDate, Sex = s.Sex, District = s.District, Address = s.Address, Phone = s.Phone,
                   PhoneKey = s.PhoneKey, IsVulnerable = COALESCE(s.IsVulnerable, Residents.IsVulnerable),
                   VulnerableReason = CASE WHEN @ImportsVulnerable = 1 THEN s.VulnerableReason ELSE Residents.VulnerableReason END,
                   FamilyNameKey = s.FamilyNameKey, GivenNameKey = s.GivenNameKey, NameKey = s.NameKey,
                   FamilyKanaKey = s.FamilyKanaKey, GivenKanaKey = s.GivenKanaKey, KanaKey = s.KanaKey,
                   Version = Residents.Version + 1, UpdatedAt = @Now
              FROM {temp}RegisterRows s
              JOIN Households h ON h.HouseholdNo = s.HouseholdNo AND h.TownId = @TownId
             WHERE Residents.ResidentNo = s.ResidentNo AND Residents.TownId = @TownId
               AND (Residents.HouseholdId IS DISTINCT FROM h.HouseholdId
                    OR Residents.Relationship IS DISTINCT FROM s.Relationship {bin}
                    OR Residents.FamilyName <> s.FamilyName {bin}
                    OR Residents.GivenName <> s.GivenName {bin}
                    OR Residents.FamilyNameKana <> s.FamilyNameKana {bin}
                    OR Residents.GivenNameKana <> s.GivenNameKana {bin}
                    OR Residents.BirthDate IS DISTINCT FROM s.BirthDate
                    OR Residents.Sex <> s.Sex
                    OR Residents.District IS DISTINCT FROM s.District {bin}
                    OR Residents.Address IS DISTINCT FROM s.Address {bin}
                    OR Residents.Phone IS DISTINCT FROM s.Phone {bin}
                    OR Residents.IsVulnerable <> COALESCE(s.IsVulnerable, Residents.IsVulnerable)
                    OR (@ImportsVulnerable = 1 AND Residents.VulnerableReason IS DISTINCT FROM s.VulnerableReason {bin}))
            """;

        // In line order, so ids follow the file as they did row by row.
        private const string InsertResidentSql = """
            INSERT INTO Residents (ResidentNo, HouseholdId, Relationship, FamilyName, GivenName, FamilyNameKana,
                                   GivenNameKana, BirthDate, Sex, District, Address, Phone, PhoneKey, IsVulnerable,
                                   VulnerableReason, FamilyNameKey, GivenNameKey, NameKey, FamilyKanaKey, GivenKanaKey,
                                   KanaKey, CreatedAt, UpdatedAt, TownId)
            SELECT s.ResidentNo, h.HouseholdId, s.Relationship, s.FamilyName, s.GivenName, s.FamilyNameKana,
                   s.GivenNameKana, s.BirthDate, s.Sex, s.District, s.Address, s.Phone, s.PhoneKey, COALESCE(s.IsVulnerable, 0),
                   CASE WHEN @ImportsVulnerable = 1 THEN s.VulnerableReason END, s.FamilyNameKey, s.GivenNameKey, s.NameKey,
                   s.FamilyKanaKey, s.GivenKanaKey, s.KanaKey, @Now, @Now, @TownId
              FROM {temp}RegisterRows s
              JOIN Households h ON h.HouseholdNo = s.HouseholdNo AND h.TownId = @TownId
             WHERE NOT EXISTS (SELECT 1 FROM Residents r WHERE r.ResidentNo = s.ResidentNo AND r.TownId = @TownId)
             ORDER BY s.Line
            """;

        // Below this many new residents the indexes are kept: dropping and building them costs more than it saves.
        private const int DeferIndexesFrom = 10_000;

        /// <summary>Whether the file has 要支援者 (the flag and its reason are then imported).</summary>
        public bool ImportsVulnerable { get; set; }

        /// <summary>The counts of <paramref name="result"/> as the register stands now, inside <paramref name="transaction"/>.</summary>
        public async Task<ResidentImportResult> CompareAsync(DbTransaction transaction, ResidentImportResult result, CancellationToken cancellationToken)
        {
            int householdsInserted, householdsUpdated;
            await using (var households = new PreparedCommand(connection, transaction, dialect.Render(CountHouseholdsSql), "TownId"))
            await using (var reader = await households.Set(townId).ReaderAsync(cancellationToken))
            {
                await reader.ReadAsync(cancellationToken);
                (householdsInserted, householdsUpdated) = (Int32(reader, 0), Int32(reader, 1));
            }
            await using var residents = new PreparedCommand(connection, transaction, dialect.Render(CountResidentsSql), "ImportsVulnerable", "TownId");
            await using var counts = await residents.Set(ImportsVulnerable ? 1 : 0, townId).ReaderAsync(cancellationToken);
            await counts.ReadAsync(cancellationToken);
            var (staged, existing, unchanged) = (Int32(counts, 0), Int32(counts, 1), Int32(counts, 2));
            return result with
            {
                Inserted = staged - existing,
                Updated = existing - unchanged,
                Unchanged = unchanged,
                HouseholdsInserted = householdsInserted,
                HouseholdsUpdated = householdsUpdated,
            };
        }

        /// <summary>
        /// Writes what <paramref name="plan"/> counted, in <paramref name="transaction"/>: households first (residents
        /// refer to them), updates before inserts (so new rows are not compared again), then the dashboard summaries.
        /// </summary>
        public async Task ApplyAsync(DbTransaction transaction, ResidentImportResult plan, DateTime now, CancellationToken cancellationToken)
        {
            var vulnerable = ImportsVulnerable ? 1 : 0;
            if (plan.HouseholdsUpdated > 0)
            {
                await ExecuteAsync(transaction, UpdateHouseholdsSql, cancellationToken, ("Now", now), ("TownId", townId));
            }
            if (plan.HouseholdsInserted > 0)
            {
                await ExecuteAsync(transaction, InsertHouseholdsSql, cancellationToken, ("Now", now), ("TownId", townId));
            }
            if (plan.Updated > 0)
            {
                await ExecuteAsync(transaction, UpdateResidentsSql, cancellationToken, ("ImportsVulnerable", vulnerable), ("Now", now), ("TownId", townId));
            }
            if (plan.Inserted > 0)
            {
                var existing = plan.Updated + plan.Unchanged;
                var deferred = plan.Inserted >= DeferIndexesFrom ? await DropIndexesAsync(transaction, plan.Inserted, cancellationToken) : [];
                await ExecuteAsync(transaction, InsertResidentSql, cancellationToken, ("ImportsVulnerable", vulnerable), ("Now", now), ("TownId", townId));
                foreach (var create in deferred)
                {
                    await ExecuteAsync(transaction, create, cancellationToken);
                }
            }
            // New residents and new households change the counts the dashboard and the start page read: this town's only
            // (every summary is keyed by town; the other towns' registers did not move).
            if (plan.Inserted > 0 || plan.HouseholdsInserted > 0)
            {
                await Dashboard.DashboardSummaries.RebuildAsync(connection, transaction, dialect, townId, cancellationToken);
                await Intentions.IntentionSummaries.RebuildAsync(connection, transaction, dialect, townId, cancellationToken);
            }
        }

        /// <summary>
        /// Drops the residents' secondary indexes that the new rows would scatter over (names, readings, dates, numbers,
        /// districts) when the register is small beside the rows to insert, and returns the statements that build them
        /// again: building an index from sorted rows is far cheaper than keeping it up to date row by row. Only where the
        /// dialect can list them (SQLite). Kept: the constraint indexes (primary key, UNIQUE on 住民番号), since the
        /// upsert looks residents up by them; partial indexes, which the new rows do not enter (db/sqlite/0031); and
        /// indexes of <see cref="OrderedColumns"/> only, which the new rows enter in order at a few places.
        /// </summary>
        private async Task<List<string>> DropIndexesAsync(DbTransaction transaction, int inserting, CancellationToken cancellationToken)
        {
            if (dialect.SecondaryIndexesSql is not { } listSql)
            {
                return [];
            }
            await using (var count = new PreparedCommand(connection, transaction, CountRegisterSql))
            {
                if (await count.ExecuteScalarInt64Async(cancellationToken) > inserting)
                {
                    return [];
                }
            }
            var indexes = new List<(string Name, string Create)>();
            await using (var list = new PreparedCommand(connection, transaction, listSql, "Table"))
            await using (var reader = await list.Set("Residents").ReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    if (!InsertedInOrder(reader.GetString(2)))
                    {
                        indexes.Add((reader.GetString(0), reader.GetString(1)));
                    }
                }
            }
            foreach (var (name, _) in indexes)
            {
                await ExecuteAsync(transaction, $"DROP INDEX \"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", cancellationToken);
            }
            return indexes.Select(i => i.Create).ToList();
        }

        // Columns whose values in the rows an import inserts are one default for all (status, whereabouts, provisional,
        // the creation time, the town), few (要支援者), or rising with the rows (households are inserted first, in the
        // order of their first line): an index of only these receives the new rows at a few places, in order, almost
        // as cheaply as a build from sorted rows, and is kept. The rest (names, readings, dates, numbers, districts)
        // scatter the new rows over the whole index and are built again after the insert.
        private static readonly HashSet<string> OrderedColumns = new(StringComparer.OrdinalIgnoreCase)
        {
            "Status", "IsVulnerable", "WhereaboutsType", "PrefectureCode", "IsProvisional", "CreatedAt", "TownId", "HouseholdId",
        };

        private static bool InsertedInOrder(string columns) =>
            columns.Split(',').All(OrderedColumns.Contains);

        private const string CountRegisterSql = """
            SELECT COUNT(*)
              FROM Residents
            """;

        private async Task ExecuteAsync(DbTransaction transaction, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
        {
            await using var command = new PreparedCommand(connection, transaction, dialect.Render(sql), parameters.Select(p => p.Name).ToArray());
            await command.Set(parameters.Select(p => p.Value).ToArray()).ExecuteAsync(cancellationToken);
        }

        private static int Int32(DbDataReader reader, int i) =>
            reader.IsDBNull(i) ? 0 : Convert.ToInt32(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture);
    }
}
