using CallCenter.Data.Database;
using Dapper;
using CallCenter.Data.Common;

namespace CallCenter.Data.Accounts;

/// <summary>Stores staff accounts. Passwords arrive here already hashed.</summary>
public sealed class UserRepository(ConnectionFactory connections, TimeProvider time)
{
    private const string Columns = "UserId, UserName, DisplayName, Role, Site, PasswordHash, IsDisabled, FailedSignIns, LockedUntil, PasswordChangedAt, CreatedAt, DepartmentId";

    private const string InsertSql = """
        INSERT INTO Users (UserName, DisplayName, Role, Site, PasswordHash, IsDisabled, FailedSignIns, PasswordChangedAt, CreatedAt)
             VALUES (@UserName, @DisplayName, @Role, @Site, @PasswordHash, 0, 0, @Now, @Now);
        {last_id}
        """;

    /// <summary>User names compare case-insensitively: they are stored trimmed and in lower case.</summary>
    public static string NormalizeName(string userName) => userName.Trim().ToLowerInvariant();

    /// <summary>
    /// Creates an account; returns null when the user name is taken. Throws <see cref="UnsafeTextException"/> for a
    /// name holding a control or bidirectional character. <paramref name="towns"/> (null: all towns) is written in the
    /// same transaction, so an account never exists for a moment with a wider scope than asked.
    /// </summary>
    public async Task<int?> CreateAsync(string userName, string displayName, UserRole role, string? site, string passwordHash,
        CancellationToken cancellationToken = default, Towns.TownScope? towns = null)
    {
        TextSafety.Ensure(("ユーザー名", userName), ("表示名", displayName), ("拠点", site));
        userName = NormalizeName(userName);
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var transaction = await connections.BeginWriteAsync(connection, cancellationToken);
        if (await FindAsync(connection, transaction, userName, cancellationToken) is not null)
        {
            return null;
        }
        var id = await connection.ExecuteScalarAsync<long>(new CommandDefinition(connections.Dialect.Render(InsertSql), new
        {
            UserName = userName,
            DisplayName = displayName,
            Role = (byte)role,
            Site = site,
            PasswordHash = passwordHash,
            Now = time.GetUtcNow().UtcDateTime,
        }, transaction, cancellationToken: cancellationToken));
        if (towns is { IsAll: false })
        {
            await Towns.TownRepository.SetUserScopeAsync(connection, transaction, (int)id, towns, cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return (int)id;
    }

    private const string FindByNameSql = $"""
        SELECT {Columns}
          FROM Users
         WHERE UserName = @UserName
        """;

    /// <summary>The account with a user name, or null.</summary>
    public async Task<UserAccount?> FindByNameAsync(string userName, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await FindAsync(connection, null, NormalizeName(userName), cancellationToken);
    }

    private static Task<UserAccount?> FindAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction? transaction, string userName, CancellationToken cancellationToken) =>
        connection.QuerySingleOrDefaultAsync<UserAccount>(new CommandDefinition(FindByNameSql, new { UserName = userName }, transaction, cancellationToken: cancellationToken));

    private const string FindByIdSql = $"""
        SELECT {Columns}
          FROM Users
         WHERE UserId = @UserId
        """;

    /// <summary>The account with an id, or null.</summary>
    public async Task<UserAccount?> FindByIdAsync(int userId, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<UserAccount>(new CommandDefinition(FindByIdSql, new { UserId = userId }, cancellationToken: cancellationToken));
    }

    private const string ListSql = $"""
          SELECT {Columns}
            FROM Users
        ORDER BY UserName
        """;

    /// <summary>Every account, by user name.</summary>
    public async Task<IReadOnlyList<UserAccount>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<UserAccount>(new CommandDefinition(ListSql, cancellationToken: cancellationToken))).AsList();
    }

    private const string DepartmentOfSql = """
        SELECT DepartmentId
          FROM Users
         WHERE UserId = @UserId
        """;

    /// <summary>The department (担当課) an account belongs to, or null (no department, or no such account).</summary>
    public async Task<int?> DepartmentOfAsync(int userId, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<int?>(new CommandDefinition(DepartmentOfSql, new { UserId = userId }, cancellationToken: cancellationToken));
    }

    private const string DepartmentNameSql = """
        SELECT Name
          FROM Departments
         WHERE DepartmentId = @DepartmentId
        """;

    private const string SetDepartmentSql = """
        UPDATE Users
           SET DepartmentId = @DepartmentId
         WHERE UserId = @UserId
        """;

    /// <summary>
    /// Sets (or clears, with null) the department of an account, with its audit row in the same transaction
    /// (「担当課 復興推進課」, 「担当課なし」). Returns the refusal in Japanese, or null when done (or unchanged).
    /// </summary>
    public async Task<string?> SetDepartmentAsync(int userId, int? departmentId, Calls.OperatorContext by, CancellationToken cancellationToken = default)
    {
        await using var write = await Audit.AuditedWrite.BeginAsync(connections, time, by, cancellationToken);
        var user = await write.Connection.QuerySingleOrDefaultAsync<UserAccount>(new CommandDefinition(FindByIdSql, new { UserId = userId },
            write.Transaction, cancellationToken: cancellationToken));
        if (user is null)
        {
            return "このアカウントは見つかりません。画面を開き直してください。";
        }
        string? name = null;
        if (departmentId is { } id && (name = await write.Connection.ExecuteScalarAsync<string?>(new CommandDefinition(DepartmentNameSql,
                new { DepartmentId = id }, write.Transaction, cancellationToken: cancellationToken))) is null)
        {
            return "選んだ担当課は見つかりません。選び直してください。";
        }
        if (user.DepartmentId == departmentId)
        {
            return null;
        }
        await write.Connection.ExecuteAsync(new CommandDefinition(SetDepartmentSql, new { UserId = userId, DepartmentId = departmentId },
            write.Transaction, cancellationToken: cancellationToken));
        await write.AuditAsync(Audit.AuditActions.SetUserDepartment, "user", user.UserName, details: name is null ? "担当課なし" : $"担当課 {name}");
        await write.CommitAsync();
        return null;
    }

    private const string CountSql = """
        SELECT COUNT(*)
          FROM Users
        """;

    /// <summary>How many accounts exist.</summary>
    public async Task<int> CountAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition(CountSql, cancellationToken: cancellationToken));
    }

    private const string SetPasswordSql = """
        UPDATE Users
           SET PasswordHash = @PasswordHash, PasswordChangedAt = @Now, FailedSignIns = 0, LockedUntil = NULL
         WHERE UserId = @UserId
        """;

    /// <summary>Replaces the password hash and unlocks the account.</summary>
    public async Task<bool> SetPasswordAsync(int userId, string passwordHash, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(SetPasswordSql,
            new { UserId = userId, PasswordHash = passwordHash, Now = time.GetUtcNow().UtcDateTime }, cancellationToken: cancellationToken)) == 1;
    }

    private const string SetDisabledSql = """
        UPDATE Users
           SET IsDisabled = @IsDisabled
         WHERE UserId = @UserId
        """;

    /// <summary>Disables or re-enables an account.</summary>
    public async Task<bool> SetDisabledAsync(int userId, bool disabled, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(SetDisabledSql,
            new { UserId = userId, IsDisabled = disabled }, cancellationToken: cancellationToken)) == 1;
    }
}
