using System.Diagnostics;
using CallCenter.Data.Database;
using Dapper;

namespace CallCenter.Data.Residents;

/// <summary>
/// The search's keys held in process: per look-up order (family, given and full name keys as readings and as written,
/// the written family name with the given reading, birth date, resident and household number) the resident ids sorted
/// as the SQL index walks them, so a look-up is a binary search in memory and reads the same rows in the same order
/// as <see cref="ResidentSearch"/>'s SQL. Only what look-ups and ranking read is here (names, readings, keys, birth
/// date, numbers, merged or not); status and whereabouts are read from the database for the results shown.
/// <para>
/// Freshness: every search reads the register stamp (<c>RegisterVersion</c>, bumped with a per-row
/// <c>SearchStamp</c> by the triggers of migration 0013, and the newest resident id) in the same round trip as its
/// result rows; when the stamp moved since this index was read, that search is answered by the SQL path and a refresh
/// applies only the residents stamped or inserted since (a full reload when they are many, e.g. after a register
/// import). So no search, on any instance, ranks from keys older than the register it reads.
/// </para>
/// <para>
/// A refresh costs what its changed rows cost: it reads them by their stamp (IX_Residents_SearchStamp, partial since 0031) and by id above
/// the last one, sorts them and adds them to the small runs beside the shared base orders (see
/// <see cref="SearchIndexSnapshot"/>); every <see cref="SearchIndexSnapshot.CompactAfter"/> changed residents the
/// base orders are rebuilt once, after the refreshed view is published.
/// </para>
/// </summary>
public sealed class SearchIndex(ConnectionFactory connections)
{
    // More changed residents than this (or a tenth of the register) in one refresh: read it all again.
    private const int MaxDelta = 50_000;

    private readonly SemaphoreSlim refreshing = new(1, 1);
    private volatile SearchIndexSnapshot? current;
    private SearchColumns columns = new();
    private Dictionary<int, string> nameKeys = [], kanaKeys = [];
    private Dictionary<string, string> householdNos = new(StringComparer.Ordinal);
    private int background;

    internal SearchIndexSnapshot? Current => current;

    /// <summary>True once the index has been read; until then every search takes the SQL path.</summary>
    public bool IsLoaded => current is not null;

    /// <summary>Residents in the index (merged provisional persons included), or 0 before it is read.</summary>
    public int Residents => current?.Residents ?? 0;

    /// <summary>How long the last full load took.</summary>
    public TimeSpan LastLoadTime { get; private set; }

    /// <summary>How many refreshes applied changed residents only (not a full load), since start.</summary>
    public int DeltaRefreshes { get; private set; }

    /// <summary>
    /// How many times the residents changed since the last full load were merged into new base orders (every
    /// <see cref="SearchIndexSnapshot.CompactAfter"/> changed residents), since start.
    /// </summary>
    public int Compactions { get; private set; }

    /// <summary>How long the last compaction took (it runs after the refreshed view is published).</summary>
    public TimeSpan LastCompactionTime { get; private set; }

    /// <summary>How many full loads, since start.</summary>
    public int FullLoads { get; private set; }

    private long answeredFromIndex, answeredBySql;

    /// <summary>Searches (or parts of one) answered from the index, since start.</summary>
    public long AnsweredFromIndex => Interlocked.Read(ref answeredFromIndex);

    /// <summary>Searches (or parts of one) the index passed to the SQL path (not read yet, behind the register, a phone or a place), since start.</summary>
    public long AnsweredBySql => Interlocked.Read(ref answeredBySql);

    internal void Count(bool fromIndex) => Interlocked.Increment(ref fromIndex ? ref answeredFromIndex : ref answeredBySql);

    /// <summary>The register stamp the index is compared with (also the bench floor's first read).</summary>
    public const string StampSql = """
        SELECT CAST((SELECT Version FROM RegisterVersion WHERE RegisterVersionId = 1) AS BIGINT) AS Version,
               CAST((SELECT COALESCE(MAX(ResidentId), 0) FROM Residents) AS BIGINT) AS LastResidentId
        """;

    private const string AllRowsSql = """
        SELECT r.ResidentId, r.ResidentNo, r.HouseholdId, h.HouseholdNo, r.FamilyName, r.GivenName, r.FamilyNameKana,
               r.GivenNameKana, r.BirthDate, r.FamilyNameKey, r.GivenNameKey, r.NameKey, r.FamilyKanaKey, r.GivenKanaKey,
               r.KanaKey, r.MergedIntoResidentId, r.TownId
          FROM Residents r
          LEFT JOIN Households h ON h.HouseholdId = r.HouseholdId
         ORDER BY r.ResidentId
        """;

    /// <summary>The rows a refresh applies: changed since the stamp, or added after the last resident id.</summary>
    public const string ChangedRowsSql = """
        SELECT r.ResidentId, r.ResidentNo, r.HouseholdId, h.HouseholdNo, r.FamilyName, r.GivenName, r.FamilyNameKana,
               r.GivenNameKana, r.BirthDate, r.FamilyNameKey, r.GivenNameKey, r.NameKey, r.FamilyKanaKey, r.GivenKanaKey,
               r.KanaKey, r.MergedIntoResidentId, r.TownId
          FROM Residents r
          LEFT JOIN Households h ON h.HouseholdId = r.HouseholdId
         WHERE r.SearchStamp > @Version OR r.ResidentId > @LastResidentId
        """;

    private const string ChangedCountSql = """
        SELECT COUNT(*)
          FROM Residents r
         WHERE r.SearchStamp > @Version OR r.ResidentId > @LastResidentId
        """;

    internal static async Task<SearchStamp> ReadStampAsync(System.Data.Common.DbConnection connection,
        System.Data.Common.DbTransaction? transaction, CancellationToken cancellationToken) =>
        await connection.QuerySingleAsync<SearchStamp>(new CommandDefinition(StampSql, transaction: transaction, cancellationToken: cancellationToken));

    /// <summary>
    /// Brings the index up to the register: the first call reads every resident; later calls apply only the residents
    /// changed or added since (or read all again when they are many). Returns at once when nothing changed.
    /// </summary>
    public async Task RefreshAsync(CancellationToken cancellationToken = default)
    {
        await refreshing.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await connections.OpenAsync(cancellationToken);
            // One read snapshot: the stamp and the rows it covers come from the same moment.
            await using var transaction = await connections.BeginReadAsync(connection, cancellationToken);
            var stamp = await ReadStampAsync(connection, transaction, cancellationToken);
            if (current is { } known)
            {
                if (known.Stamp == stamp)
                {
                    return;
                }
                var changed = await connection.ExecuteScalarAsync<int>(new CommandDefinition(ChangedCountSql,
                    new { known.Stamp.Version, known.Stamp.LastResidentId }, transaction, cancellationToken: cancellationToken));
                if (changed <= Math.Max(MaxDelta, known.Residents / 10))
                {
                    var rows = await connection.QueryAsync<SearchIndexRow>(new CommandDefinition(ChangedRowsSql,
                        new { known.Stamp.Version, known.Stamp.LastResidentId }, transaction, cancellationToken: cancellationToken));
                    Apply(known, stamp, rows.AsList());
                    return;
                }
            }
            await LoadAsync(connection, transaction, stamp, cancellationToken);
        }
        finally
        {
            refreshing.Release();
        }
    }

    /// <summary>Starts a refresh unless one is under way: a search that found the index behind the register asks for one.</summary>
    internal void RefreshInBackground()
    {
        if (Interlocked.Exchange(ref background, 1) == 1)
        {
            return;
        }
        _ = Task.Run(async () =>
        {
            try
            {
                await RefreshAsync();
            }
            catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException or TimeoutException)
            {
                // The next search asks again; until then searches take the SQL path, which reports the fault itself.
            }
            finally
            {
                Volatile.Write(ref background, 0);
            }
        });
    }

    private async Task LoadAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction,
        SearchStamp stamp, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var (fresh, names, kanas, households) = (new SearchColumns(), new Dictionary<int, string>(), new Dictionary<int, string>(),
            new Dictionary<string, string>(StringComparer.Ordinal));
        // Streamed: a million rows are never held as objects at once.
        await foreach (var row in connection.QueryUnbufferedAsync<SearchIndexRow>(AllRowsSql, transaction: transaction)
            .WithCancellation(cancellationToken))
        {
            fresh.Append(row, names, kanas, households);
        }
        fresh.Trim();
        var snapshot = SearchIndexSnapshot.Build(fresh, stamp, names, kanas);
        (columns, nameKeys, kanaKeys, householdNos) = (fresh, names, kanas, households);
        current = snapshot;
        LastLoadTime = watch.Elapsed;
        FullLoads++;
    }

    private void Apply(SearchIndexSnapshot known, SearchStamp stamp, List<SearchIndexRow> rows)
    {
        var added = new int[rows.Count];
        // Copies: the published snapshot keeps reading the dictionaries it was made with (they hold only the rare
        // residents whose full-name key is not family + given).
        var (names, kanas) = (new Dictionary<int, string>(nameKeys), new Dictionary<int, string>(kanaKeys));
        for (var i = 0; i < rows.Count; i++)
        {
            var id = rows[i].ResidentId;
            if (id < columns.SlotOfId.Length && columns.SlotOfId[id] is >= 0 and var old)
            {
                names.Remove(old);
                kanas.Remove(old);
            }
            added[i] = columns.Append(rows[i], names, kanas, householdNos);
        }
        var next = known.With(columns, stamp, added, names, kanas);
        current = next;
        (nameKeys, kanaKeys) = (names, kanas);
        DeltaRefreshes++;
        if (next.Moved >= SearchIndexSnapshot.CompactAfter)
        {
            // Published already: searches use the view with its small runs while the base runs are rebuilt.
            var watch = Stopwatch.StartNew();
            current = next.Compact(columns);
            LastCompactionTime = watch.Elapsed;
            Compactions++;
        }
    }
}
