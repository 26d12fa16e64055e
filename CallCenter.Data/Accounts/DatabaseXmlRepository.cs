using System.Xml.Linq;
using CallCenter.Data.Database;
using Dapper;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace CallCenter.Data.Accounts;

/// <summary>
/// Keeps the ASP.NET Core Data Protection key ring in the database, so that every app instance sharing the
/// database can read the others' cookies and antiforgery tokens.
/// </summary>
public sealed class DatabaseXmlRepository(ConnectionFactory connections, TimeProvider time) : IXmlRepository
{
    private const string GetAllSql = """
          SELECT Xml
            FROM DataProtectionKeys
        ORDER BY KeyId
        """;

    /// <inheritdoc />
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var connection = connections.Dialect.CreateConnection(connections.ConnectionString);
        connection.Open();
        return connection.Query<string>(GetAllSql).Select(XElement.Parse).ToList();
    }

    private const string InsertSql = """
        INSERT INTO DataProtectionKeys (FriendlyName, Xml, CreatedAt)
             VALUES (@FriendlyName, @Xml, @Now)
        """;

    /// <inheritdoc />
    public void StoreElement(XElement element, string friendlyName)
    {
        using var connection = connections.Dialect.CreateConnection(connections.ConnectionString);
        connection.Open();
        connection.Execute(InsertSql, new
        {
            FriendlyName = friendlyName,
            Xml = element.ToString(SaveOptions.DisableFormatting),
            Now = time.GetUtcNow().UtcDateTime,
        });
    }

    private const string ListRowsSql = """
          SELECT KeyId, Xml
            FROM DataProtectionKeys
        ORDER BY KeyId
        """;

    private const string DeleteSql = """
        DELETE FROM DataProtectionKeys
         WHERE KeyId = @KeyId
        """;

    /// <summary>
    /// Deletes every key stored unencrypted (by a version without an XML encryptor: its <c>&lt;masterKey&gt;</c> is
    /// in the row in clear), so that a copy of the database holds no usable key. Cookies and antiforgery tokens
    /// protected with those keys are no longer accepted. Returns the ids of the keys removed.
    /// </summary>
    public async Task<IReadOnlyList<string>> RemoveUnencryptedKeysAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var transaction = await connections.BeginWriteAsync(connection, cancellationToken);
        var rows = await connection.QueryAsync<KeyRow>(new CommandDefinition(ListRowsSql, transaction: transaction, cancellationToken: cancellationToken));
        var removed = new List<string>();
        foreach (var row in rows)
        {
            var element = XElement.Parse(row.Xml);
            if (!IsUnencryptedKey(element))
            {
                continue;
            }
            await connection.ExecuteAsync(new CommandDefinition(DeleteSql, new { row.KeyId }, transaction, cancellationToken: cancellationToken));
            removed.Add(element.Attribute("id")?.Value ?? row.KeyId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        await transaction.CommitAsync(cancellationToken);
        return removed;
    }

    private sealed class KeyRow
    {
        public long KeyId { get; init; }
        public string Xml { get; init; } = "";
    }

    /// <summary>True for a key element whose secret is stored in clear (a <c>masterKey</c> not wrapped in <c>encryptedSecret</c>).</summary>
    public static bool IsUnencryptedKey(XElement element) =>
        element.Name.LocalName == "key"
        && element.Descendants().Any(e => e.Name.LocalName == "masterKey"
                                          && !e.Ancestors().Any(a => a.Name.LocalName == "encryptedSecret"));
}
