using CallCenter.Data.Database;
using Dapper;

namespace CallCenter.Data.Residents;

/// <summary>Another operator who has the same resident open.</summary>
public sealed record ResidentViewer(string? UserName, string? DisplayName, string? Site, DateTime SeenAt);

/// <summary>
/// Who has which resident's page open, shared through the database so that it works across app instances.
/// An open page sends a heartbeat every few seconds; a viewer not seen for <see cref="StaleAfter"/> is gone.
/// </summary>
public sealed class ResidentViewRepository(ConnectionFactory connections, TimeProvider time)
{
    /// <summary>How long a page may go without a heartbeat before it no longer counts as open.</summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromSeconds(30);

    private const string DeleteSql = """
        DELETE FROM ResidentViews
         WHERE ResidentId = @ResidentId
           AND SessionId = @SessionId
        """;

    private const string InsertSql = """
        INSERT INTO ResidentViews (ResidentId, SessionId, UserName, DisplayName, Site, SeenAt)
             VALUES (@ResidentId, @SessionId, @UserName, @DisplayName, @Site, @Now)
        """;

    private const string OthersSql = """
          SELECT UserName, DisplayName, Site, SeenAt
            FROM ResidentViews
           WHERE ResidentId = @ResidentId
             AND SessionId <> @SessionId
             AND SeenAt >= @Since
        ORDER BY SeenAt
        """;

    /// <summary>Records that this session has the resident open and returns the others who do.</summary>
    public async Task<IReadOnlyList<ResidentViewer>> HeartbeatAsync(int residentId, string sessionId, string? userName,
        string? displayName, string? site, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using (var transaction = await connections.BeginWriteAsync(connection, cancellationToken))
        {
            var key = new { ResidentId = residentId, SessionId = sessionId };
            await connection.ExecuteAsync(new CommandDefinition(DeleteSql, key, transaction, cancellationToken: cancellationToken));
            await connection.ExecuteAsync(new CommandDefinition(InsertSql, new
            {
                ResidentId = residentId, SessionId = sessionId, UserName = userName, DisplayName = displayName, Site = site, Now = now,
            }, transaction, cancellationToken: cancellationToken));
            await transaction.CommitAsync(cancellationToken);
        }
        return (await connection.QueryAsync<ResidentViewer>(new CommandDefinition(OthersSql,
            new { ResidentId = residentId, SessionId = sessionId, Since = now - StaleAfter }, cancellationToken: cancellationToken))).AsList();
    }

    /// <summary>The page was closed.</summary>
    public async Task LeaveAsync(int residentId, string sessionId, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(DeleteSql,
            new { ResidentId = residentId, SessionId = sessionId }, cancellationToken: cancellationToken));
    }
}
