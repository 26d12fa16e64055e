using System.Data.Common;
using CallCenter.Data.Database;
using Dapper;

namespace CallCenter.Data.Mailing;

/// <summary>
/// Reads of households' mailing addresses: the current one (with its 宛所不明 mark) and the history. The resident page
/// reads them as part of the resident view, audited once when the page opened.
/// </summary>
public sealed class MailingAddresses(ConnectionFactory connections)
{
    private const string Columns = """
        a.AddressId, a.HouseholdId, a.Addressee, a.PostalCode, a.Address1, a.Address2, a.ConfirmedOn, a.Source, a.CallId, a.RecordedAt,
        u.DisplayName AS RecordedBy
        """;

    private const string CurrentSql = $"""
        SELECT {Columns}
          FROM HouseholdMailing m
          JOIN MailingAddresses a ON a.AddressId = m.AddressId
          LEFT JOIN Users u ON u.UserId = a.RecordedBy
         WHERE m.HouseholdId = @HouseholdId
        """;

    private const string HistorySql = $"""
          SELECT {Columns}
            FROM MailingAddresses a
            LEFT JOIN Users u ON u.UserId = a.RecordedBy
           WHERE a.HouseholdId = @HouseholdId
        ORDER BY a.AddressId DESC
        """;

    /// <summary>The household's current address, or null when none was recorded.</summary>
    public async Task<CurrentMailingAddress?> CurrentAsync(int householdId, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await CurrentAsync(connection, null, householdId, cancellationToken);
    }

    /// <summary>Every address recorded for the household, newest first.</summary>
    public async Task<IReadOnlyList<MailingAddress>> HistoryAsync(int householdId, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<MailingAddress>(new CommandDefinition(HistorySql, new { HouseholdId = householdId },
            cancellationToken: cancellationToken))).AsList();
    }

    /// <summary>The current address inside a transaction (the recorder compares against it).</summary>
    internal static async Task<CurrentMailingAddress?> CurrentAsync(DbConnection connection, DbTransaction? transaction, int householdId,
        CancellationToken cancellationToken)
    {
        var address = await connection.QuerySingleOrDefaultAsync<MailingAddress>(new CommandDefinition(CurrentSql,
            new { HouseholdId = householdId }, transaction, cancellationToken: cancellationToken));
        if (address is null)
        {
            return null;
        }
        var returned = await connection.QuerySingleAsync<ReturnedRow>(new CommandDefinition(ReturnedSql, new { HouseholdId = householdId },
            transaction, cancellationToken: cancellationToken));
        return new CurrentMailingAddress(address, returned.ReturnedOn);
    }

    private const string ReturnedSql = """
        SELECT ReturnedOn
          FROM HouseholdMailing
         WHERE HouseholdId = @HouseholdId
        """;

    private sealed class ReturnedRow
    {
        public DateOnly? ReturnedOn { get; set; }
    }
}
