using CallCenter.Data.Database;
using Dapper;

namespace CallCenter.Data.Accounts;

/// <summary>Sign-in sessions, shared by every app instance through the database.</summary>
public sealed class SessionRepository(ConnectionFactory connections, TimeProvider time, GroupCommitWriter? writer = null)
{
    private const string InsertSql = """
        INSERT INTO UserSessions (SessionId, UserId, Site, CreatedAt, LastSeenAt)
             VALUES (@SessionId, @UserId, @Site, @Now, @Now)
        """;

    /// <summary>Starts a session and returns its id (random, 256 bits).</summary>
    public async Task<string> StartAsync(int userId, string? site, CancellationToken cancellationToken = default)
    {
        var sessionId = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        await using var connection = await connections.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(InsertSql, new
        {
            SessionId = sessionId,
            UserId = userId,
            Site = site,
            Now = time.GetUtcNow().UtcDateTime,
        }, cancellationToken: cancellationToken));
        return sessionId;
    }

    private const string FindSql = """
        SELECT s.SessionId, s.UserId, s.Site, s.CreatedAt, s.LastSeenAt, s.EndedAt, s.EndReason,
               u.UserName, u.Role, u.IsDisabled, u.PasswordChangedAt
          FROM UserSessions s
          JOIN Users u ON u.UserId = s.UserId
         WHERE s.SessionId = @SessionId
        """;

    /// <summary>The session with its user's state, or null.</summary>
    public async Task<UserSession?> FindAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<UserSession>(new CommandDefinition(FindSql,
            new { SessionId = sessionId }, cancellationToken: cancellationToken));
    }

    private const string TouchSql = """
        UPDATE UserSessions
           SET LastSeenAt = @Now
         WHERE SessionId = @SessionId
           AND EndedAt IS NULL
        """;

    private static readonly string[] TouchNames = ["SessionId", "Now"];

    /// <summary>
    /// Records activity on a live session (a write that reads cause: through the group-commit writer, committed before
    /// it returns).
    /// </summary>
    public Task TouchAsync(string sessionId, CancellationToken cancellationToken = default) =>
        GroupCommitWriter.WriteOrCommitAsync(writer, connections,
            [new GroupedStatement(TouchSql, TouchNames, [sessionId, time.GetUtcNow().UtcDateTime])], cancellationToken);

    private const string EndSql = """
        UPDATE UserSessions
           SET EndedAt = @Now, EndReason = @Reason
         WHERE SessionId = @SessionId
           AND EndedAt IS NULL
        """;

    /// <summary>Ends a session; false when it had already ended.</summary>
    public async Task<bool> EndAsync(string sessionId, string reason, CancellationToken cancellationToken = default) =>
        await ExecuteAsync(EndSql, new { SessionId = sessionId, Reason = reason, Now = time.GetUtcNow().UtcDateTime }, cancellationToken) == 1;

    private const string EndAllForUserSql = """
        UPDATE UserSessions
           SET EndedAt = @Now, EndReason = @Reason
         WHERE UserId = @UserId
           AND EndedAt IS NULL
        """;

    /// <summary>Ends every live session of a user (disabled, password reset).</summary>
    public Task<int> EndAllForUserAsync(int userId, string reason, CancellationToken cancellationToken = default) =>
        ExecuteAsync(EndAllForUserSql, new { UserId = userId, Reason = reason, Now = time.GetUtcNow().UtcDateTime }, cancellationToken);

    /// <summary>Runs one statement on a connection of its own; returns how many rows it changed.</summary>
    private async Task<int> ExecuteAsync(string sql, object parameters, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken));
    }
}
