using System.Data.Common;
using CallCenter.Data.Calls;
using CallCenter.Data.Database;
using Dapper;

namespace CallCenter.Data.Audit;

/// <summary>
/// A write inside one transaction with its audit rows, the way every write path of the data layer does it: opens
/// one connection, begins the dialect's write transaction (<see cref="ConnectionFactory.BeginWriteAsync"/>: BEGIN
/// IMMEDIATE on SQLite), lets the caller run its statements on <see cref="Connection"/> and <see cref="Transaction"/>,
/// writes audit rows naming <see cref="By"/> at <see cref="Now"/> in the same transaction, and commits. Disposing it
/// before <see cref="CommitAsync"/> rolls back, so an early return or an exception leaves neither the change nor its
/// audit rows.
/// </summary>
/// <example>
/// <code>
/// await using var write = await AuditedWrite.BeginAsync(connections, time, by, cancellationToken);
/// await write.Connection.ExecuteAsync(new CommandDefinition(Sql, args, write.Transaction, cancellationToken: cancellationToken));
/// await write.AuditAsync(AuditActions.X, "resident", id);
/// await write.CommitAsync();
/// </code>
/// </example>
public sealed class AuditedWrite : IAsyncDisposable
{
    private readonly CancellationToken cancellationToken;

    private AuditedWrite(DbConnection connection, DbTransaction transaction, OperatorContext by, DateTime now, CancellationToken cancellationToken)
    {
        Connection = connection;
        Transaction = transaction;
        By = by;
        Now = now;
        this.cancellationToken = cancellationToken;
    }

    /// <summary>The open connection of this write (one per operation).</summary>
    public DbConnection Connection { get; }

    /// <summary>The write transaction every statement of the write joins.</summary>
    public DbTransaction Transaction { get; }

    /// <summary>Who writes: the operator, or <see cref="OperatorContext.System"/>, <see cref="OperatorContext.CommandLine"/>.</summary>
    public OperatorContext By { get; }

    /// <summary>The time of the write (UTC), read once from the clock before the connection opened; the audit rows carry it.</summary>
    public DateTime Now { get; }

    /// <summary>Reads the time from <paramref name="time"/>, then opens a connection and begins the write transaction.</summary>
    public static Task<AuditedWrite> BeginAsync(ConnectionFactory connections, TimeProvider time, OperatorContext by,
        CancellationToken cancellationToken = default) =>
        BeginAsync(connections, time.GetUtcNow().UtcDateTime, by, cancellationToken);

    /// <summary>
    /// Opens a connection and begins the write transaction at a time the caller read already (a write whose checks
    /// compared against that same time before any connection was opened).
    /// </summary>
    public static async Task<AuditedWrite> BeginAsync(ConnectionFactory connections, DateTime now, OperatorContext by,
        CancellationToken cancellationToken = default)
    {
        var connection = await connections.OpenAsync(cancellationToken);
        try
        {
            var transaction = await connections.BeginWriteAsync(connection, cancellationToken);
            return new AuditedWrite(connection, transaction, by, now, cancellationToken);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Writes one audit row naming <see cref="By"/> at <see cref="Now"/>, inside the transaction.</summary>
    public Task AuditAsync(string action, string? targetType = null, string? targetId = null, int? residentId = null, string? details = null) =>
        AuditRepository.WriteAsync(Connection, Transaction, Entry(By, Now, action, targetType, targetId, residentId, details), cancellationToken);

    /// <summary>
    /// Writes one audit row naming <paramref name="by"/> at <paramref name="now"/> inside a write transaction the caller
    /// began itself on a connection it already used: the status-list import reads and matches under a snapshot first and
    /// takes the write lock on the same connection only to write (see <c>StatusListImportService.CommitAsync</c>).
    /// </summary>
    public static Task AuditAsync(DbConnection connection, DbTransaction transaction, OperatorContext by, DateTime now, string action,
        string? targetType = null, string? targetId = null, int? residentId = null, string? details = null,
        CancellationToken cancellationToken = default) =>
        AuditRepository.WriteAsync(connection, transaction, Entry(by, now, action, targetType, targetId, residentId, details), cancellationToken);

    private const string StaffLabelSql = """
        SELECT UserName, DisplayName
          FROM Users
         WHERE UserId = @UserId
        """;

    /// <summary>
    /// A staff member as an audit row names them (「渡辺 美咲（watanabe）」), read inside this write; 「ユーザーID 5」
    /// when there is no such user.
    /// </summary>
    public async Task<string> StaffLabelAsync(int userId)
    {
        var user = await Connection.QuerySingleOrDefaultAsync<AuditUserName>(new CommandDefinition(StaffLabelSql, new { UserId = userId },
            Transaction, cancellationToken: cancellationToken));
        return user is null ? $"ユーザーID {userId.ToString(System.Globalization.CultureInfo.InvariantCulture)}" : AuditDetails.Person(user.DisplayName, user.UserName);
    }

    /// <summary>Commits the change and its audit rows together.</summary>
    public Task CommitAsync() => Transaction.CommitAsync(cancellationToken);

    /// <summary>Rolls back now (disposing without a commit does the same, later).</summary>
    public Task RollbackAsync() => Transaction.RollbackAsync(cancellationToken);

    /// <summary>Ends the transaction (rolled back unless committed), then closes the connection, even when ending the transaction fails.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await Transaction.DisposeAsync();
        }
        finally
        {
            await Connection.DisposeAsync();
        }
    }

    /// <summary>The audit row of an act by <paramref name="by"/>: the one place its user, name and site are copied.</summary>
    public static AuditEntry Entry(OperatorContext by, DateTime now, string action, string? targetType, string? targetId,
        int? residentId, string? details) => new()
    {
        OccurredAt = now, UserId = by.UserId, UserName = by.UserName, Site = by.Site,
        Action = action, TargetType = targetType, TargetId = targetId, ResidentId = residentId, Details = details,
    };
}
