using CallCenter.Data.Database;
using Dapper;
using CallCenter.Data.Common;

namespace CallCenter.Data.Accounts;

/// <summary>Stores staff accounts. Passwords arrive here already hashed.</summary>
public sealed class UserRepository(ConnectionFactory connections, TimeProvider time)
{
    // An admin limited to towns manages only the accounts limited to towns inside its own.
    private static readonly Towns.ManagedByTowns Managed = new("Users", "UserId", "UserTowns");

    private const string Columns = "UserId, UserName, DisplayName, Role, Site, PasswordHash, IsDisabled, FailedSignIns, LockedUntil, PasswordChangedAt, CreatedAt, DepartmentId";

    private const string InsertSql = """
        INSERT INTO Users (UserName, DisplayName, Role, Site, PasswordHash, IsDisabled, FailedSignIns, PasswordChangedAt, CreatedAt, DepartmentId)
             VALUES (@UserName, @DisplayName, @Role, @Site, @PasswordHash, 0, 0, @Now, @Now, @DepartmentId);
        {last_id}
        """;

    /// <summary>User names compare case-insensitively: they are stored trimmed and in lower case.</summary>
    public static string NormalizeName(string userName) => userName.Trim().ToLowerInvariant();

    /// <summary>
    /// Creates an account; returns null when the user name is taken. Throws <see cref="UnsafeTextException"/> for a
    /// name holding a control or bidirectional character. <paramref name="towns"/> (null: all towns) is written in the
    /// same transaction, so an account never exists for a moment with a wider scope than asked. Writes no audit row
    /// (start-up and tests): staff and the command line create accounts with <see cref="CreateAsync(NewAccount, Calls.OperatorContext, string, CancellationToken)"/>.
    /// </summary>
    public async Task<int?> CreateAsync(string userName, string displayName, UserRole role, string? site, string passwordHash,
        CancellationToken cancellationToken = default, Towns.TownScope? towns = null)
    {
        var account = new NewAccount(userName, displayName, role, site, passwordHash, towns ?? Towns.TownScope.All);
        account.EnsureSafeText();
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var transaction = await connections.BeginWriteAsync(connection, cancellationToken);
        var id = await InsertAsync(connection, transaction, account, time.GetUtcNow().UtcDateTime, cancellationToken);
        if (id is not null)
        {
            await transaction.CommitAsync(cancellationToken);
        }
        return id;
    }

    /// <summary>
    /// Creates an account with its towns, its department and its audit row (<see cref="Audit.AuditActions.CreateUser"/>,
    /// <paramref name="details"/> naming the role, site and towns) in one transaction: a failure anywhere leaves no
    /// account, so there is never an account without its towns (which would be an all-towns account). Returns the new
    /// account's id, or null when the user name is taken (nothing written). Throws <see cref="UnsafeTextException"/> for a
    /// name holding a control or bidirectional character.
    /// </summary>
    public async Task<int?> CreateAsync(NewAccount account, Calls.OperatorContext by, string details, CancellationToken cancellationToken = default)
    {
        account.EnsureSafeText();
        await using var write = await Audit.AuditedWrite.BeginAsync(connections, time, by, cancellationToken);
        if (await InsertAsync(write.Connection, write.Transaction, account, write.Now, cancellationToken) is not { } id)
        {
            return null;
        }
        await write.AuditAsync(Audit.AuditActions.CreateUser, "user", NormalizeName(account.UserName), details: details);
        await write.CommitAsync();
        return id;
    }

    // The account, its towns (none for all towns) and its department, inside the caller's transaction; null when the name is taken.
    private async Task<int?> InsertAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction, NewAccount account,
        DateTime now, CancellationToken cancellationToken)
    {
        var userName = NormalizeName(account.UserName);
        if (await FindAsync(connection, transaction, userName, cancellationToken) is not null)
        {
            return null;
        }
        var id = (int)await connection.ExecuteScalarAsync<long>(new CommandDefinition(connections.Dialect.Render(InsertSql), new
        {
            UserName = userName,
            account.DisplayName,
            Role = (byte)account.Role,
            account.Site,
            account.PasswordHash,
            account.DepartmentId,
            Now = now,
        }, transaction, cancellationToken: cancellationToken));
        if (!account.Towns.IsAll)
        {
            await Towns.TownRepository.SetUserScopeAsync(connection, transaction, id, account.Towns, cancellationToken);
        }
        return id;
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
         WHERE UserId = @UserId/*managed*/
        """;

    /// <summary>The account with an id, or null.</summary>
    public Task<UserAccount?> FindByIdAsync(int userId, CancellationToken cancellationToken = default) =>
        FindByIdAsync(userId, Towns.TownScope.All, cancellationToken);

    /// <summary>
    /// The account with an id if an admin of <paramref name="admin"/>'s towns manages it (see <see cref="Towns.ManagedByTowns"/>),
    /// else null, as for an id that does not exist.
    /// </summary>
    public async Task<UserAccount?> FindByIdAsync(int userId, Towns.TownScope admin, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<UserAccount>(new CommandDefinition(Managed.Apply(FindByIdSql, admin),
            Towns.ManagedByTowns.Parameters(admin, new { UserId = userId }), cancellationToken: cancellationToken));
    }

    /// <summary>Every statement as a limited admin sends it (the SQL Server checks parse and bind each).</summary>
    public static IEnumerable<(string Name, string Sql)> TownStatements()
    {
        var admin = Towns.TownScope.Only([1, 2]);
        foreach (var (name, sql) in new[]
                 {
                     ("FindById", FindByIdSql), ("List", ListSql), ("SetPassword", SetPasswordSql), ("SetDisabled", SetDisabledSql),
                 })
        {
            yield return ($"{name}.towns", Managed.Apply(sql, admin).Replace("IN @TownIds", "IN (@TownIds1, @TownIds2)", StringComparison.Ordinal));
        }
    }

    private const string ListSql = $"""
          SELECT {Columns}
            FROM Users
           WHERE 1 = 1/*managed*/
        ORDER BY UserName
        """;

    /// <summary>Every account, by user name.</summary>
    public Task<IReadOnlyList<UserAccount>> ListAsync(CancellationToken cancellationToken = default) => ListAsync(Towns.TownScope.All, cancellationToken);

    /// <summary>The accounts an admin of <paramref name="admin"/>'s towns manages (every account for an all-towns admin), by user name.</summary>
    public async Task<IReadOnlyList<UserAccount>> ListAsync(Towns.TownScope admin, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<UserAccount>(new CommandDefinition(Managed.Apply(ListSql, admin), Towns.ManagedByTowns.Parameters(admin, new { }),
            cancellationToken: cancellationToken))).AsList();
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
    public Task<string?> SetDepartmentAsync(int userId, int? departmentId, Calls.OperatorContext by, CancellationToken cancellationToken = default) =>
        SetDepartmentAsync(userId, departmentId, by, Towns.TownScope.All, cancellationToken);

    /// <summary>
    /// Sets the department of an account an admin of <paramref name="admin"/>'s towns manages; another account is refused
    /// as not found.
    /// </summary>
    public async Task<string?> SetDepartmentAsync(int userId, int? departmentId, Calls.OperatorContext by, Towns.TownScope admin,
        CancellationToken cancellationToken = default)
    {
        await using var write = await Audit.AuditedWrite.BeginAsync(connections, time, by, cancellationToken);
        var user = await write.Connection.QuerySingleOrDefaultAsync<UserAccount>(new CommandDefinition(Managed.Apply(FindByIdSql, admin),
            Towns.ManagedByTowns.Parameters(admin, new { UserId = userId }), write.Transaction, cancellationToken: cancellationToken));
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
         WHERE UserId = @UserId/*managed*/
        """;

    /// <summary>Replaces the password hash and unlocks the account.</summary>
    public Task<bool> SetPasswordAsync(int userId, string passwordHash, CancellationToken cancellationToken = default) =>
        SetPasswordAsync(userId, passwordHash, Towns.TownScope.All, cancellationToken);

    /// <summary>Replaces the password hash of an account an admin of <paramref name="admin"/>'s towns manages; false for another (or none).</summary>
    public async Task<bool> SetPasswordAsync(int userId, string passwordHash, Towns.TownScope admin, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(Managed.Apply(SetPasswordSql, admin),
            Towns.ManagedByTowns.Parameters(admin, new { UserId = userId, PasswordHash = passwordHash, Now = time.GetUtcNow().UtcDateTime }),
            cancellationToken: cancellationToken)) == 1;
    }

    private const string SetDisabledSql = """
        UPDATE Users
           SET IsDisabled = @IsDisabled
         WHERE UserId = @UserId/*managed*/
        """;

    /// <summary>Disables or re-enables an account.</summary>
    public Task<bool> SetDisabledAsync(int userId, bool disabled, CancellationToken cancellationToken = default) =>
        SetDisabledAsync(userId, disabled, Towns.TownScope.All, cancellationToken);

    /// <summary>Disables or re-enables an account an admin of <paramref name="admin"/>'s towns manages; false for another (or none).</summary>
    public async Task<bool> SetDisabledAsync(int userId, bool disabled, Towns.TownScope admin, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(Managed.Apply(SetDisabledSql, admin),
            Towns.ManagedByTowns.Parameters(admin, new { UserId = userId, IsDisabled = disabled }), cancellationToken: cancellationToken)) == 1;
    }
}
