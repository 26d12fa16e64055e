using CallCenter.Data.Audit;
using CallCenter.Data.Database;
using Dapper;

namespace CallCenter.Data.Residents;

/// <summary>Another operator who has the same resident open.</summary>
public sealed record ResidentViewer(string? UserName, string? DisplayName, string? Site, DateTime SeenAt);

/// <summary>
/// Who has which resident's page open, shared through the database so that it works across app instances.
/// An open page sends a heartbeat every few seconds; a viewer not seen for <see cref="StaleAfter"/> is gone.
/// </summary>
/// <param name="connections">The database.</param>
/// <param name="time">The clock of the heartbeats.</param>
/// <param name="writer">
/// The database's group-commit writer (the app registers one): the heartbeats of every open page then share its
/// transactions. Without it (a repository made by hand) each heartbeat is its own write transaction.
/// </param>
public sealed class ResidentViewRepository(ConnectionFactory connections, TimeProvider time, GroupCommitWriter? writer = null)
{
    /// <summary>How long a page may go without a heartbeat before it no longer counts as open.</summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromSeconds(30);

    private const string DeleteSql = """
        DELETE FROM ResidentViews
         WHERE ResidentId = @ResidentId
           AND SessionId = @SessionId
        """;

    private static readonly string[] DeleteNames = ["ResidentId", "SessionId"];

    private const string InsertSql = """
        INSERT INTO ResidentViews (ResidentId, SessionId, UserName, DisplayName, Site, SeenAt)
             VALUES (@ResidentId, @SessionId, @UserName, @DisplayName, @Site, @Now)
        """;

    private static readonly string[] InsertNames = ["ResidentId", "SessionId", "UserName", "DisplayName", "Site", "Now"];

    private const string OthersSql = """
          SELECT UserName, DisplayName, Site, SeenAt
            FROM ResidentViews
           WHERE ResidentId = @ResidentId
             AND SessionId <> @SessionId
             AND SeenAt >= @Since
        ORDER BY SeenAt
        """;

    /// <summary>
    /// Records that this session has the resident open (committed before it returns: through the group-commit writer,
    /// with the other pages' heartbeats of the moment) and returns the others who do.
    /// </summary>
    public Task<IReadOnlyList<ResidentViewer>> HeartbeatAsync(int residentId, string sessionId, string? userName,
        string? displayName, string? site, CancellationToken cancellationToken = default) =>
        BeatAsync(residentId, sessionId, userName, displayName, site, viewed: null, cancellationToken);

    /// <summary>
    /// A page opening the resident: the audit row of the view (<paramref name="viewed"/>, stamped now) and the page's first
    /// heartbeat, committed together as one request of the group commit (one write instead of two), and the others who
    /// have the resident open. The audit row is written or nothing is: a failure throws as <see cref="HeartbeatAsync"/>.
    /// </summary>
    public Task<IReadOnlyList<ResidentViewer>> OpenAsync(int residentId, string sessionId, string? userName,
        string? displayName, string? site, AuditEntry viewed, CancellationToken cancellationToken = default) =>
        BeatAsync(residentId, sessionId, userName, displayName, site, viewed, cancellationToken);

    private async Task<IReadOnlyList<ResidentViewer>> BeatAsync(int residentId, string sessionId, string? userName,
        string? displayName, string? site, AuditEntry? viewed, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        // Delete and insert stay one unit (one request of the batch, or one transaction), so a session has one row.
        var delete = new GroupedStatement(DeleteSql, DeleteNames, [residentId, sessionId]);
        var insert = new GroupedStatement(InsertSql, InsertNames, [residentId, sessionId, userName, displayName, site, now]);
        await WriteAsync(viewed is null ? [delete, insert] : [AuditRepository.Statement(viewed with { OccurredAt = now }), delete, insert],
            cancellationToken);
        await using var connection = await connections.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<ResidentViewer>(new CommandDefinition(OthersSql,
            new { ResidentId = residentId, SessionId = sessionId, Since = now - StaleAfter }, cancellationToken: cancellationToken))).AsList();
    }

    /// <summary>The page was closed.</summary>
    public Task LeaveAsync(int residentId, string sessionId, CancellationToken cancellationToken = default) =>
        WriteAsync([new GroupedStatement(DeleteSql, DeleteNames, [residentId, sessionId])], cancellationToken);

    private Task WriteAsync(IReadOnlyList<GroupedStatement> statements, CancellationToken cancellationToken) =>
        GroupCommitWriter.WriteOrCommitAsync(writer, connections, statements, cancellationToken);
}
