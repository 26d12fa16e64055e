using System.Data.Common;
using CallCenter.Data.Database;
using Dapper;

namespace CallCenter.Data.Audit;

/// <summary>Appends to the audit log (never updates or deletes).</summary>
public sealed class AuditRepository(ConnectionFactory connections, TimeProvider time)
{
    private const string InsertSql = """
        INSERT INTO AuditLog (OccurredAt, UserId, UserName, Site, Action, TargetType, TargetId, ResidentId, Details)
             VALUES (@OccurredAt, @UserId, @UserName, @Site, @Action, @TargetType, @TargetId, @ResidentId, @Details)
        """;

    /// <summary>Writes one entry in its own transaction; <see cref="AuditEntry.OccurredAt"/> is set to now.</summary>
    public async Task WriteAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await WriteAsync(connection, null, entry with { OccurredAt = time.GetUtcNow().UtcDateTime }, cancellationToken);
    }

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
}
