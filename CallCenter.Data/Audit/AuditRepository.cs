using System.Data.Common;
using System.Runtime.CompilerServices;
using CallCenter.Data.Calls;
using CallCenter.Data.Database;
using CallCenter.Data.Towns;
using Dapper;

namespace CallCenter.Data.Audit;

/// <summary>Appends to the audit log (never updates or deletes).</summary>
/// <param name="connections">The database.</param>
/// <param name="time">The clock that stamps rows written on their own.</param>
/// <param name="writer">
/// The database's group-commit writer, which rows written on their own go through (the app registers one); without it
/// (a repository made by hand) each such row is written in its own transaction.
/// </param>
public sealed class AuditRepository(ConnectionFactory connections, TimeProvider time, GroupCommitWriter? writer = null)
{
    private const string InsertSql = """
        INSERT INTO AuditLog (OccurredAt, UserId, UserName, Site, Action, TargetType, TargetId, ResidentId, Details)
             VALUES (@OccurredAt, @UserId, @UserName, @Site, @Action, @TargetType, @TargetId, @ResidentId, @Details)
        """;

    private static readonly string[] InsertNames =
        ["OccurredAt", "UserId", "UserName", "Site", "Action", "TargetType", "TargetId", "ResidentId", "Details"];

    /// <summary>
    /// Writes one entry on its own (<see cref="AuditEntry.OccurredAt"/> is set to now) and completes once it has
    /// committed: through the <see cref="GroupCommitWriter"/>, in one transaction with the other requests' rows queued
    /// at the same moment, or in its own transaction when there is no writer. A database fault throws as before.
    /// </summary>
    public async Task WriteAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        entry = entry with { OccurredAt = time.GetUtcNow().UtcDateTime };
        if (writer is not null)
        {
            await writer.WriteAsync([Statement(entry)], cancellationToken);
            return;
        }
        await using var connection = await connections.OpenAsync(cancellationToken);
        await WriteAsync(connection, null, entry, cancellationToken);
    }

    /// <summary>The insert of <paramref name="entry"/> as it stands, for a group-commit request that writes it with other rows.</summary>
    internal static GroupedStatement Statement(AuditEntry entry) => new(InsertSql, InsertNames,
    [
        entry.OccurredAt, entry.UserId, entry.UserName, entry.Site, entry.Action, entry.TargetType, entry.TargetId,
        entry.ResidentId, entry.Details,
    ]);

    /// <summary>
    /// Writes one row naming <paramref name="by"/> on its own, at now, through the group-commit writer (see
    /// <see cref="WriteAsync(AuditEntry, CancellationToken)"/>): an act that writes nothing else (a read of personal
    /// data, a sign-in) or whose change committed already (a CLI command). A change and its audit rows commit together
    /// through <see cref="AuditedWrite"/> instead.
    /// </summary>
    public Task WriteAsync(OperatorContext by, string action, string? targetType = null, string? targetId = null, int? residentId = null,
        string? details = null, CancellationToken cancellationToken = default) =>
        WriteAsync(AuditedWrite.Entry(by, default, action, targetType, targetId, residentId, details), cancellationToken);

    /// <summary>Writes one entry inside the caller's transaction, so the audit row commits with the change.</summary>
    public static Task WriteAsync(DbConnection connection, DbTransaction? transaction, AuditEntry entry, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(InsertSql, entry, transaction, cancellationToken: cancellationToken));

    private const string RecentSql = """
          SELECT AuditId, OccurredAt, UserId, UserName, Site, Action, TargetType, TargetId, ResidentId, Details
            FROM AuditLog
        ORDER BY AuditId DESC
        {page}
        """;

    /// <summary>The newest entries first.</summary>
    public async Task<IReadOnlyList<AuditEntry>> RecentAsync(int take, int skip = 0, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<AuditEntry>(new CommandDefinition(connections.Dialect.Render(RecentSql),
            new { Take = take, Skip = skip }, cancellationToken: cancellationToken))).AsList();
    }

    // Each optional filter is "(@X IS NULL OR column = @X)", so one constant statement covers every combination
    // (and the static T-SQL checks see it). The ORDER BY matches IX_AuditLog_OccurredAt (the rowid/clustered
    // key AuditId is part of that index on both engines), so an unfiltered page stops after @Skip + @Take rows.
    private const string FilterClause = """
         WHERE (@UserName IS NULL OR UserName = @UserName)
           AND (@Action IS NULL OR Action = @Action)
           AND (@ResidentId IS NULL OR ResidentId = @ResidentId)
           AND (@FromUtc IS NULL OR OccurredAt >= @FromUtc)
           AND (@ToUtc IS NULL OR OccurredAt < @ToUtc)
        """;

    private const string SearchSql = $"""
          SELECT COUNT(*)
            FROM AuditLog
        {FilterClause};

          SELECT AuditId, OccurredAt, UserId, UserName, Site, Action, TargetType, TargetId, ResidentId, Details
            FROM AuditLog
        {FilterClause}
        ORDER BY OccurredAt DESC, AuditId DESC
        {"{page}"};
        """;

    /// <summary>One page of the rows matching <paramref name="filter"/>, newest first, with the total count.</summary>
    public Task<AuditSearchResult> SearchAsync(AuditFilter filter, int skip, int take, CancellationToken cancellationToken = default) =>
        SearchAsync(filter, TownScope.All, skip, take, cancellationToken);

    // Issue 19: the rows a viewer limited to some towns may read (appended to FilterClause; the caller binds @TownIds).
    // A row about a person (ResidentId), a household (by id, or by number for a mailing address: a number that is also
    // another town's is left out) or a request is shown when that thing is of the viewer's towns. A row about none of
    // these (a sign-in, a search, an export, a settings change) is shown when its author is a staff account limited to
    // towns all inside the viewer's: a one-town admin sees what its own town's staff did, not what joint-center staff
    // (all towns) or API keys did, which may concern other towns. Uncorrelated IN lists: each is read once per query.
    private const string TownRowsClause = """

           AND (AuditLog.ResidentId IN (SELECT r.ResidentId FROM Residents r WHERE r.TownId IN @TownIds)
                OR (AuditLog.ResidentId IS NULL AND AuditLog.TargetType = 'household' AND AuditLog.Action <> 'record-mailing-address'
                    AND AuditLog.TargetId IN (SELECT CAST(h.HouseholdId AS NVARCHAR(20)) FROM Households h WHERE h.TownId IN @TownIds))
                OR (AuditLog.ResidentId IS NULL AND AuditLog.TargetType = 'household' AND AuditLog.Action = 'record-mailing-address'
                    AND AuditLog.TargetId IN (SELECT h.HouseholdNo FROM Households h WHERE h.TownId IN @TownIds)
                    AND AuditLog.TargetId NOT IN (SELECT h.HouseholdNo FROM Households h WHERE h.TownId NOT IN @TownIds))
                OR (AuditLog.ResidentId IS NULL AND AuditLog.TargetType = 'request'
                    AND AuditLog.TargetId IN (SELECT CAST(q.RequestId AS NVARCHAR(20)) FROM Requests q WHERE q.TownId IN @TownIds))
                OR (AuditLog.ResidentId IS NULL AND (AuditLog.TargetType IS NULL OR AuditLog.TargetType NOT IN ('household', 'request'))
                    AND AuditLog.UserId IN (SELECT ut.UserId FROM UserTowns ut)
                    AND AuditLog.UserId NOT IN (SELECT ut.UserId FROM UserTowns ut WHERE ut.TownId NOT IN @TownIds)))
        """;

    private static string Scoped(string sql, TownScope towns) =>
        towns.IsAll ? sql : sql.Replace(FilterClause, FilterClause + TownRowsClause, StringComparison.Ordinal);

    /// <summary>
    /// One page of the rows matching <paramref name="filter"/> that a viewer of <paramref name="towns"/> may read (see
    /// TownRowsClause; all towns: every row), newest first, with the total count.
    /// </summary>
    public async Task<AuditSearchResult> SearchAsync(AuditFilter filter, TownScope towns, int skip, int take, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(skip);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(take);
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var results = await connection.QueryMultipleAsync(new CommandDefinition(connections.Dialect.Render(Scoped(SearchSql, towns)),
            Parameters(filter, towns, skip, take), cancellationToken: cancellationToken));
        var total = await results.ReadSingleAsync<int>();
        var entries = (await results.ReadAsync<AuditEntry>()).AsList();
        return new AuditSearchResult(entries, total);
    }

    private const string StreamSql = $"""
          SELECT AuditId, OccurredAt, UserId, UserName, Site, Action, TargetType, TargetId, ResidentId, Details
            FROM AuditLog
        {FilterClause}
        ORDER BY OccurredAt DESC, AuditId DESC
        """;

    /// <summary>
    /// Every row matching <paramref name="filter"/>, newest first, read one at a time from an open reader (for
    /// exports: memory stays flat however many rows there are). The connection is held until enumeration ends.
    /// </summary>
    public IAsyncEnumerable<AuditEntry> StreamAsync(AuditFilter filter, CancellationToken cancellationToken = default) =>
        StreamAsync(filter, TownScope.All, cancellationToken);

    /// <summary>Every row matching <paramref name="filter"/> that a viewer of <paramref name="towns"/> may read, as <see cref="StreamAsync(AuditFilter, CancellationToken)"/>.</summary>
    public async IAsyncEnumerable<AuditEntry> StreamAsync(AuditFilter filter, TownScope towns, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var reader = await connection.ExecuteReaderAsync(new CommandDefinition(Scoped(StreamSql, towns),
            Parameters(filter, towns), cancellationToken: cancellationToken));
        var parse = reader.GetRowParser<AuditEntry>();
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return parse(reader);
        }
    }

    /// <summary>
    /// The names behind the ids of <paramref name="entries"/> (a page, or a block of an export): who, which resident,
    /// which household, key or file, looked up in a few batched queries (see <see cref="AuditNames"/>).
    /// </summary>
    public async Task<AuditNames> NamesAsync(IReadOnlyCollection<AuditEntry> entries, CancellationToken cancellationToken = default)
    {
        if (entries.Count == 0)
        {
            return AuditNames.Empty;
        }
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await AuditNames.LookUpAsync(connection, entries, cancellationToken);
    }

    private static DynamicParameters Parameters(AuditFilter filter, TownScope towns, int skip, int take)
    {
        var parameters = Parameters(filter, towns);
        parameters.Add("Skip", skip, System.Data.DbType.Int32);
        parameters.Add("Take", take, System.Data.DbType.Int32);
        return parameters;
    }

    private static DynamicParameters Parameters(AuditFilter filter, TownScope towns)
    {
        var parameters = new DynamicParameters();
        towns.Bind(parameters);
        // Explicit types: a null parameter must still have one (SQL Server rejects an untyped NULL in some spots),
        // and times are sent exactly as the UTC handler stores them (DATETIME2, whole milliseconds).
        parameters.Add("UserName", Blank(filter.UserName), System.Data.DbType.String, size: 50);
        parameters.Add("Action", Blank(filter.Action), System.Data.DbType.String, size: 50);
        parameters.Add("ResidentId", filter.ResidentId, System.Data.DbType.Int32);
        parameters.Add("FromUtc", filter.FromUtc is { } from ? DapperSetup.ToStored(from) : null, System.Data.DbType.DateTime2);
        parameters.Add("ToUtc", filter.ToUtc is { } to ? DapperSetup.ToStored(to) : null, System.Data.DbType.DateTime2);
        return parameters;
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
