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
}
