using System.Data.Common;
using CallCenter.Data.Common;
using CallCenter.Data.Database;
using Dapper;

namespace CallCenter.Data.Towns;

/// <summary>The Town section of the configuration: the code and name the first town of the database takes.</summary>
public sealed record TownDefaults(string? Code, string? Name);

/// <summary>A town and the size of its register: residents (merged ones not counted) and households.</summary>
public sealed record TownRegisterSize(Town Town, int Residents, int Households);

/// <summary>What <see cref="TownRepository.AddAsync"/> did: added the town, or why not (a Japanese message).</summary>
public sealed record TownAddResult(Town? Town, TownAddProblem Problem, string? Message)
{
    /// <summary>Whether the town was added.</summary>
    public bool Added => Town is not null;
}

/// <summary>Why a town was not added: the CLI's exit code follows it (1 the code exists, 2 bad input).</summary>
public enum TownAddProblem
{
    /// <summary>Added.</summary>
    None,
    /// <summary>A town with the code exists.</summary>
    CodeExists,
    /// <summary>The code or name is malformed, or the first town has no code yet.</summary>
    BadInput,
}

/// <summary>
/// The towns of the register and the town scopes of staff accounts and API keys. A town is never deleted or renumbered:
/// residents, figures, exports and other offices' scripts name it by its code.
/// </summary>
public sealed class TownRepository(ConnectionFactory connections, TimeProvider time)
{
    /// <summary>The longest town name kept (市区町村名 are short; a joint center may name a ward of a city).</summary>
    public const int NameMaxLength = 50;

    private const string ListSql = """
        SELECT TownId, Code, Name
          FROM Towns
         ORDER BY TownId
        """;

    /// <summary>Every town, in the order they were added.</summary>
    public async Task<IReadOnlyList<Town>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await ReadTownsAsync(connection, null, cancellationToken);
    }

    // Read by hand: SQLite returns TownId as a 64-bit integer and SQL Server as a 32-bit one, and Dapper maps a
    // positional record only when the column types match its constructor exactly.
    private static async Task<List<Town>> ReadTownsAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        var towns = new List<Town>();
        await using var reader = await connection.ExecuteReaderAsync(new CommandDefinition(ListSql, transaction: transaction, cancellationToken: cancellationToken));
        while (await reader.ReadAsync(cancellationToken))
        {
            towns.Add(new Town(Int32(reader, 0), reader.GetString(1), reader.GetString(2)));
        }
        return towns;
    }

    private static int Int32(DbDataReader reader, int ordinal) =>
        Convert.ToInt32(reader.GetValue(ordinal), System.Globalization.CultureInfo.InvariantCulture);

    private const string ListWithSizesSql = """
        SELECT t.TownId, t.Code, t.Name,
               (SELECT COUNT(*) FROM Residents r WHERE r.TownId = t.TownId AND r.MergedIntoResidentId IS NULL) AS Residents,
               (SELECT COUNT(*) FROM Households h WHERE h.TownId = t.TownId) AS Households
          FROM Towns t
         ORDER BY t.TownId
        """;

    /// <summary>Every town with the size of its register (residents not merged into another, households), for the admin page.</summary>
    public async Task<IReadOnlyList<TownRegisterSize>> ListWithSizesAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var sizes = new List<TownRegisterSize>();
        await using var reader = await connection.ExecuteReaderAsync(new CommandDefinition(ListWithSizesSql, cancellationToken: cancellationToken));
        while (await reader.ReadAsync(cancellationToken))
        {
            sizes.Add(new TownRegisterSize(new Town(Int32(reader, 0), reader.GetString(1), reader.GetString(2)), Int32(reader, 3), Int32(reader, 4)));
        }
        return sizes;
    }

    /// <summary>The town with this code, or null.</summary>
    public async Task<Town?> FindByCodeAsync(string code, CancellationToken cancellationToken = default) =>
        (await ListAsync(cancellationToken)).FirstOrDefault(t => t.Code == code);

    /// <summary>
    /// The town a command or upload means: the one named by <paramref name="code"/>, or — when none is named — the only
    /// town. Returns a Japanese problem instead when the code is unknown or badly formed, or when several towns exist
    /// and none was named.
    /// </summary>
    public async Task<(Town? Town, string? Problem)> ResolveAsync(string? code, CancellationToken cancellationToken = default)
    {
        var towns = await ListAsync(cancellationToken);
        if (string.IsNullOrEmpty(code))
        {
            return towns.Count == 1
                ? (towns[0], null)
                : (null, $"町が {towns.Count} つあります。--town で団体コードを指定してください（{string.Join("、", towns.Select(t => t.Label))}）。");
        }
        if (TownCode.Problem(code) is { } problem)
        {
            return (null, problem);
        }
        return towns.FirstOrDefault(t => t.Code == code) is { } town
            ? (town, null)
            : (null, $"団体コード「{code}」の町は登録されていません。");
    }

    /// <summary>
    /// The town an import writes or matches against, inside the caller's connection: the one with
    /// <paramref name="townId"/>, or — when none is given — the only town. <c>Joint</c> tells whether several towns exist
    /// (audit details then name the town). A Japanese problem instead when the town is unknown, or when several towns
    /// exist and none was given.
    /// </summary>
    public static async Task<(Town? Town, bool Joint, string? Problem)> ImportTownAsync(DbConnection connection, DbTransaction? transaction,
        int? townId, CancellationToken cancellationToken)
    {
        var towns = await ReadTownsAsync(connection, transaction, cancellationToken);
        var joint = towns.Count > 1;
        if (townId is { } id)
        {
            return towns.FirstOrDefault(t => t.TownId == id) is { } town
                ? (town, joint, null)
                : (null, joint, "指定された町は登録されていません。");
        }
        return towns.Count == 1
            ? (towns[0], false, null)
            : (null, joint, $"町が {towns.Count} つあります。取り込む町を指定してください。");
    }

    private const string NextIdSql = """
        SELECT COALESCE(MAX(TownId), 0) + 1
          FROM Towns
        """;

    private const string CodeExistsSql = """
        SELECT COUNT(*)
          FROM Towns
         WHERE Code = @Code
        """;

    private const string UnnamedCountSql = """
        SELECT COUNT(*)
          FROM Towns
         WHERE Code = ''
        """;

    private const string InsertSql = """
        INSERT INTO Towns (TownId, Code, Name, CreatedAt)
             VALUES (@TownId, @Code, @Name, @CreatedAt)
        """;

    /// <summary>
    /// Adds a town. Refused with a Japanese message for a malformed code or name (<see cref="TownAddProblem.BadInput"/>),
    /// a code already registered (<see cref="TownAddProblem.CodeExists"/>), or while the first town has no code yet
    /// (Town:Code must name it first, or its residents could not be told apart from the new town's).
    /// </summary>
    public async Task<TownAddResult> AddAsync(string code, string name, CancellationToken cancellationToken = default)
    {
        name = name.Trim();
        var problem = TownCode.Problem(code) ?? NameProblem(name);
        if (problem is not null)
        {
            return new TownAddResult(null, TownAddProblem.BadInput, problem);
        }
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var transaction = await connections.BeginWriteAsync(connection, cancellationToken);
        if (await connection.ExecuteScalarAsync<int>(new CommandDefinition(CodeExistsSql, new { Code = code }, transaction, cancellationToken: cancellationToken)) > 0)
        {
            return new TownAddResult(null, TownAddProblem.CodeExists, $"団体コード「{code}」の町はすでに登録されています。");
        }
        if (await connection.ExecuteScalarAsync<int>(new CommandDefinition(UnnamedCountSql, transaction: transaction, cancellationToken: cancellationToken)) > 0)
        {
            return new TownAddResult(null, TownAddProblem.BadInput,
                "最初の町に団体コードがありません。設定 Town:Code に最初の町のコードを書いて起動し直してから追加してください。");
        }
        var townId = await connection.ExecuteScalarAsync<int>(new CommandDefinition(NextIdSql, transaction: transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(InsertSql,
            new { TownId = townId, Code = code, Name = name, CreatedAt = time.GetUtcNow().UtcDateTime }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return new TownAddResult(new Town(townId, code, name), TownAddProblem.None, null);
    }

    private const string ConfigureUnnamedSql = """
        UPDATE Towns
           SET Code = @Code, Name = @Name
         WHERE Code = ''
        """;

    private const string RenameUnnamedSql = """
        UPDATE Towns
           SET Name = @Name
         WHERE Code = '' AND Name <> @Name
        """;

    /// <summary>
    /// After the migrations (<see cref="Migrations.Apply"/>): the town that a one-town database migrated into (code still
    /// empty) takes Town:Code and Town:Name. Without a valid code it keeps an empty code but takes the name, and a
    /// single-town installation runs as before. A town that already has a code is never changed by configuration.
    /// </summary>
    internal static void ConfigureFirst(DbConnection connection, TownDefaults defaults)
    {
        var name = string.IsNullOrWhiteSpace(defaults.Name) ? "" : defaults.Name.Trim();
        if (name.Length > NameMaxLength)
        {
            name = name[..NameMaxLength];
        }
        using var transaction = connection.BeginTransaction();
        var code = defaults.Code?.Trim();
        var valid = TownCode.IsValid(code)
            && connection.ExecuteScalar<int>(CodeExistsSql, new { Code = code }, transaction) == 0;
        connection.Execute(valid ? ConfigureUnnamedSql : RenameUnnamedSql, new { Code = code, Name = name }, transaction);
        transaction.Commit();
    }

    private const string UserTownsSql = """
        SELECT TownId
          FROM UserTowns
         WHERE UserId = @OwnerId
        """;

    private const string ApiKeyTownsSql = """
        SELECT TownId
          FROM ApiKeyTowns
         WHERE ApiKeyId = @OwnerId
        """;

    /// <summary>The towns a staff account may see (no rows: all towns).</summary>
    public Task<TownScope> ScopeOfUserAsync(int userId, CancellationToken cancellationToken = default) =>
        ScopeAsync(UserTownsSql, userId, cancellationToken);

    /// <summary>The towns an API key may see (no rows: all towns).</summary>
    public Task<TownScope> ScopeOfApiKeyAsync(int apiKeyId, CancellationToken cancellationToken = default) =>
        ScopeAsync(ApiKeyTownsSql, apiKeyId, cancellationToken);

    private async Task<TownScope> ScopeAsync(string sql, int ownerId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var towns = (await connection.QueryAsync<int>(new CommandDefinition(sql, new { OwnerId = ownerId }, cancellationToken: cancellationToken))).ToList();
        return towns.Count == 0 ? TownScope.All : TownScope.Only(towns);
    }

    private const string DeleteUserTownsSql = """
        DELETE FROM UserTowns
         WHERE UserId = @OwnerId
        """;

    private const string InsertUserTownSql = """
        INSERT INTO UserTowns (UserId, TownId)
             VALUES (@OwnerId, @TownId)
        """;

    private const string DeleteApiKeyTownsSql = """
        DELETE FROM ApiKeyTowns
         WHERE ApiKeyId = @OwnerId
        """;

    private const string InsertApiKeyTownSql = """
        INSERT INTO ApiKeyTowns (ApiKeyId, TownId)
             VALUES (@OwnerId, @TownId)
        """;

    /// <summary>Sets a staff account's towns inside the caller's transaction (all towns: no rows).</summary>
    public static Task SetUserScopeAsync(DbConnection connection, DbTransaction transaction, int userId, TownScope scope, CancellationToken cancellationToken) =>
        SetScopeAsync(connection, transaction, DeleteUserTownsSql, InsertUserTownSql, userId, scope, cancellationToken);

    /// <summary>Sets an API key's towns inside the caller's transaction (all towns: no rows).</summary>
    public static Task SetApiKeyScopeAsync(DbConnection connection, DbTransaction transaction, int apiKeyId, TownScope scope, CancellationToken cancellationToken) =>
        SetScopeAsync(connection, transaction, DeleteApiKeyTownsSql, InsertApiKeyTownSql, apiKeyId, scope, cancellationToken);

    /// <summary>Sets a staff account's towns in a transaction of its own.</summary>
    public async Task SetUserScopeAsync(int userId, TownScope scope, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var transaction = await connections.BeginWriteAsync(connection, cancellationToken);
        await SetUserScopeAsync(connection, transaction, userId, scope, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Sets an API key's towns in a transaction of its own.</summary>
    public async Task SetApiKeyScopeAsync(int apiKeyId, TownScope scope, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var transaction = await connections.BeginWriteAsync(connection, cancellationToken);
        await SetApiKeyScopeAsync(connection, transaction, apiKeyId, scope, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task SetScopeAsync(DbConnection connection, DbTransaction transaction, string deleteSql, string insertSql,
        int ownerId, TownScope scope, CancellationToken cancellationToken)
    {
        // No rows means every town: a scope of no towns would silently become the widest one.
        if (scope.TownIds is { Count: 0 })
        {
            throw new ArgumentException("A town scope names at least one town, or is all towns.", nameof(scope));
        }
        await connection.ExecuteAsync(new CommandDefinition(deleteSql, new { OwnerId = ownerId }, transaction, cancellationToken: cancellationToken));
        foreach (var townId in scope.TownIds ?? [])
        {
            await connection.ExecuteAsync(new CommandDefinition(insertSql, new { OwnerId = ownerId, TownId = townId }, transaction, cancellationToken: cancellationToken));
        }
    }

    private static string? NameProblem(string name) =>
        name.Length == 0 ? "町の名前を入力してください。"
        : name.Length > NameMaxLength ? $"町の名前は {NameMaxLength} 文字までです。"
        : TextSafety.FieldProblem("町の名前", name);
}
