using System.Security.Cryptography;
using System.Text;
using CallCenter.Data.Database;
using Dapper;
using CallCenter.Data.Common;

namespace CallCenter.Data.ApiKeys;

/// <summary>
/// Creates, finds and revokes API keys. A key is 32 random bytes (base64url, prefixed <c>cc_</c>); only its
/// SHA-256 is stored. A slow password hash is not needed: the key has 256 bits of entropy, and a fast hash
/// lets every API call look its key up by index.
/// </summary>
public sealed class ApiKeyRepository(ConnectionFactory connections, TimeProvider time, GroupCommitWriter? writer = null)
{
    // An admin limited to towns manages only the keys limited to towns inside its own.
    private static readonly Towns.ManagedByTowns Managed = new("ApiKeys", "ApiKeyId", "ApiKeyTowns");

    private const string Columns = "ApiKeyId, Name, Scope, KeyPrefix, CreatedAt, CreatedBy, RevokedAt, RevokedBy, LastUsedAt";

    private const string InsertSql = """
        INSERT INTO ApiKeys (Name, Scope, KeyHash, KeyPrefix, CreatedAt, CreatedBy)
             VALUES (@Name, @Scope, @KeyHash, @KeyPrefix, @Now, @CreatedBy);
        {last_id}
        """;

    /// <summary>
    /// Creates a key and returns it with the secret, which is shown once and never stored. <paramref name="towns"/> (null:
    /// all towns) is written in the same transaction: the key never answers for a wider scope than asked. Writes no audit
    /// row (tests and benches): staff and the command line use <see cref="CreateAsync(string, ApiKeyScope, Towns.TownScope, Calls.OperatorContext, Func{string, string}, CancellationToken)"/>.
    /// </summary>
    public async Task<(ApiKey Key, string Secret)> CreateAsync(string name, ApiKeyScope scope, string? createdBy,
        CancellationToken cancellationToken = default, Towns.TownScope? towns = null)
    {
        TextSafety.Ensure(("キーの名前", name));
        var secret = NewSecret();
        long id;
        await using (var connection = await connections.OpenAsync(cancellationToken))
        {
            await using var transaction = await connections.BeginWriteAsync(connection, cancellationToken);
            id = await InsertAsync(connection, transaction, name, scope, secret, createdBy, towns ?? Towns.TownScope.All, time.GetUtcNow().UtcDateTime,
                cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        var key = await FindByIdAsync((int)id, cancellationToken) ?? throw new InvalidOperationException("The new key was not found.");
        return (key, secret);
    }

    /// <summary>
    /// Creates a key with its towns and its audit row (<see cref="Audit.AuditActions.CreateApiKey"/>, details from
    /// <paramref name="details"/>, given the key's first characters, never the secret) in one transaction: a failure
    /// anywhere leaves no key, so there is never a key without its towns (which would answer for every town). Returns the
    /// key with the secret, which is shown once and never stored.
    /// </summary>
    public async Task<(ApiKey Key, string Secret)> CreateAsync(string name, ApiKeyScope scope, Towns.TownScope towns, Calls.OperatorContext by,
        Func<string, string> details, CancellationToken cancellationToken = default)
    {
        TextSafety.Ensure(("キーの名前", name));
        var secret = NewSecret();
        long id;
        await using (var write = await Audit.AuditedWrite.BeginAsync(connections, time, by, cancellationToken))
        {
            id = await InsertAsync(write.Connection, write.Transaction, name, scope, secret, by.UserName, towns, write.Now, cancellationToken);
            await write.AuditAsync(Audit.AuditActions.CreateApiKey, "api-key", id.ToString(System.Globalization.CultureInfo.InvariantCulture),
                details: details(secret[..10]));
            await write.CommitAsync();
        }
        var key = await FindByIdAsync((int)id, cancellationToken) ?? throw new InvalidOperationException("The new key was not found.");
        return (key, secret);
    }

    private static string NewSecret() => "cc_" + Base64Url(RandomNumberGenerator.GetBytes(32));

    // The key and its towns (none for all towns) inside the caller's transaction.
    private async Task<long> InsertAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction, string name,
        ApiKeyScope scope, string secret, string? createdBy, Towns.TownScope towns, DateTime now, CancellationToken cancellationToken)
    {
        var id = await connection.ExecuteScalarAsync<long>(new CommandDefinition(connections.Dialect.Render(InsertSql), new
        {
            Name = name,
            Scope = scope.Name(),
            KeyHash = Hash(secret),
            KeyPrefix = secret[..10],
            Now = now,
            CreatedBy = createdBy,
        }, transaction, cancellationToken: cancellationToken));
        if (!towns.IsAll)
        {
            await Towns.TownRepository.SetApiKeyScopeAsync(connection, transaction, (int)id, towns, cancellationToken);
        }
        return id;
    }

    private const string FindActiveByHashSql = $"""
        SELECT {Columns}
          FROM ApiKeys
         WHERE KeyHash = @KeyHash
           AND RevokedAt IS NULL
        """;

    /// <summary>The active key matching a presented secret, or null (unknown or revoked).</summary>
    public async Task<ApiKey?> FindActiveAsync(string secret, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<ApiKey>(new CommandDefinition(FindActiveByHashSql,
            new { KeyHash = Hash(secret) }, cancellationToken: cancellationToken));
    }

    private const string FindByIdSql = $"""
        SELECT {Columns}
          FROM ApiKeys
         WHERE ApiKeyId = @ApiKeyId/*managed*/
        """;

    /// <summary>A key by id, or null.</summary>
    public Task<ApiKey?> FindByIdAsync(int apiKeyId, CancellationToken cancellationToken = default) =>
        FindByIdAsync(apiKeyId, Towns.TownScope.All, cancellationToken);

    /// <summary>A key an admin of <paramref name="admin"/>'s towns manages (see <see cref="Towns.ManagedByTowns"/>), or null, as for an unknown id.</summary>
    public async Task<ApiKey?> FindByIdAsync(int apiKeyId, Towns.TownScope admin, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<ApiKey>(new CommandDefinition(Managed.Apply(FindByIdSql, admin),
            Towns.ManagedByTowns.Parameters(admin, new { ApiKeyId = apiKeyId }), cancellationToken: cancellationToken));
    }

    /// <summary>Every statement as a limited admin sends it (the SQL Server checks parse and bind each).</summary>
    public static IEnumerable<(string Name, string Sql)> TownStatements()
    {
        var admin = Towns.TownScope.Only([1, 2]);
        foreach (var (name, sql) in new[] { ("FindById", FindByIdSql), ("List", ListSql), ("Revoke", RevokeSql) })
        {
            yield return ($"{name}.towns", Managed.Apply(sql, admin).Replace("IN @TownIds", "IN (@TownIds1, @TownIds2)", StringComparison.Ordinal));
        }
    }

    private const string ListSql = $"""
          SELECT {Columns}
            FROM ApiKeys
           WHERE 1 = 1/*managed*/
        ORDER BY ApiKeyId DESC
        """;

    /// <summary>Every key, newest first.</summary>
    public Task<IReadOnlyList<ApiKey>> ListAsync(CancellationToken cancellationToken = default) => ListAsync(Towns.TownScope.All, cancellationToken);

    /// <summary>The keys an admin of <paramref name="admin"/>'s towns manages (every key for an all-towns admin), newest first.</summary>
    public async Task<IReadOnlyList<ApiKey>> ListAsync(Towns.TownScope admin, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<ApiKey>(new CommandDefinition(Managed.Apply(ListSql, admin), Towns.ManagedByTowns.Parameters(admin, new { }),
            cancellationToken: cancellationToken))).AsList();
    }

    private const string RevokeSql = """
        UPDATE ApiKeys
           SET RevokedAt = @Now, RevokedBy = @RevokedBy
         WHERE ApiKeyId = @ApiKeyId
           AND RevokedAt IS NULL/*managed*/
        """;

    /// <summary>Revokes a key; false when it does not exist or was already revoked.</summary>
    public Task<bool> RevokeAsync(int apiKeyId, string? revokedBy, CancellationToken cancellationToken = default) =>
        RevokeAsync(apiKeyId, revokedBy, Towns.TownScope.All, cancellationToken);

    /// <summary>Revokes a key an admin of <paramref name="admin"/>'s towns manages; false when it is not one, does not exist or was already revoked.</summary>
    public async Task<bool> RevokeAsync(int apiKeyId, string? revokedBy, Towns.TownScope admin, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(Managed.Apply(RevokeSql, admin),
            Towns.ManagedByTowns.Parameters(admin, new { ApiKeyId = apiKeyId, RevokedBy = revokedBy, Now = time.GetUtcNow().UtcDateTime }),
            cancellationToken: cancellationToken)) == 1;
    }

    private const string TouchSql = """
        UPDATE ApiKeys
           SET LastUsedAt = @Now
         WHERE ApiKeyId = @ApiKeyId
        """;

    private static readonly string[] TouchNames = ["ApiKeyId", "Now"];

    /// <summary>
    /// How stale a key's <see cref="ApiKey.LastUsedAt"/> may be: a key in use is written at most this often, so a flood of
    /// API calls does not become a flood of writes.
    /// </summary>
    public static readonly TimeSpan TouchEvery = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Records when a key was last used (committed before it returns: through the group-commit writer, with the other
    /// writes that reads cause at that moment).
    /// </summary>
    public Task TouchAsync(int apiKeyId, CancellationToken cancellationToken = default) =>
        GroupCommitWriter.WriteOrCommitAsync(writer, connections,
            [new GroupedStatement(TouchSql, TouchNames, [apiKeyId, time.GetUtcNow().UtcDateTime])], cancellationToken);

    /// <summary>Records a use of <paramref name="key"/> unless one was recorded less than <see cref="TouchEvery"/> ago.</summary>
    public Task RecordUseAsync(ApiKey key, CancellationToken cancellationToken = default) =>
        key.LastUsedAt is { } last && time.GetUtcNow().UtcDateTime - last < TouchEvery
            ? Task.CompletedTask
            : TouchAsync(key.ApiKeyId, cancellationToken);

    internal static string Hash(string secret) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
