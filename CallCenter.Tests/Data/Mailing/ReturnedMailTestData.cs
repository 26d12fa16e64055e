using CallCenter.Data.Database;
using Dapper;

namespace CallCenter.Tests.Data.Mailing;

/// <summary>
/// Addresses written as part C's recorder writes them (the data contract of migration 0020): INSERT MailingAddresses,
/// then the household's HouseholdMailing row pointing at it with ReturnedOn cleared. Plain SQL, so these tests do not
/// depend on the recorder's code.
/// </summary>
public static class ReturnedMailTestData
{
    private const string InsertAddressSql = """
        INSERT INTO MailingAddresses (HouseholdId, Addressee, PostalCode, Address1, Address2, ConfirmedOn, Source, RecordedAt)
             VALUES (@HouseholdId, @Addressee, @PostalCode, @Address1, @Address2, @ConfirmedOn, 3, @RecordedAt)
        """;

    private const string LatestAddressSql = """
        SELECT MAX(AddressId)
          FROM MailingAddresses
         WHERE HouseholdId = @HouseholdId
        """;

    private const string DeleteCurrentSql = """
        DELETE FROM HouseholdMailing
         WHERE HouseholdId = @HouseholdId
        """;

    private const string InsertCurrentSql = """
        INSERT INTO HouseholdMailing (HouseholdId, AddressId, ReturnedOn)
             VALUES (@HouseholdId, @AddressId, NULL)
        """;

    /// <summary>Records an address for a household (recorded at <paramref name="recordedAt"/>, default 2026-03-01 UTC); returns its id.</summary>
    public static async Task<int> AddressAsync(ConnectionFactory connections, string householdNo, string addressee, string postalCode,
        string address1, string? address2 = null, DateOnly? confirmedOn = null, DateTime? recordedAt = null)
    {
        await using var connection = await connections.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var householdId = await connection.ExecuteScalarAsync<int>("SELECT HouseholdId FROM Households WHERE HouseholdNo = @No", new { No = householdNo }, transaction);
        await connection.ExecuteAsync(InsertAddressSql, new
        {
            HouseholdId = householdId, Addressee = addressee, PostalCode = postalCode, Address1 = address1, Address2 = address2,
            ConfirmedOn = confirmedOn, RecordedAt = recordedAt ?? new DateTime(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc),
        }, transaction);
        var addressId = await connection.ExecuteScalarAsync<int>(LatestAddressSql, new { HouseholdId = householdId }, transaction);
        await connection.ExecuteAsync(DeleteCurrentSql, new { HouseholdId = householdId }, transaction);
        await connection.ExecuteAsync(InsertCurrentSql, new { HouseholdId = householdId, AddressId = addressId }, transaction);
        await transaction.CommitAsync();
        return addressId;
    }

    /// <summary>HouseholdMailing.ReturnedOn of a household (null: none, or no row).</summary>
    public static async Task<DateOnly?> ReturnedOnAsync(ConnectionFactory connections, string householdNo)
    {
        await using var connection = await connections.OpenAsync();
        return await connection.QuerySingleOrDefaultAsync<DateOnly?>("""
            SELECT m.ReturnedOn
              FROM HouseholdMailing m
              JOIN Households h ON h.HouseholdId = m.HouseholdId
             WHERE h.HouseholdNo = @No
            """, new { No = householdNo });
    }

    /// <summary>ReturnedMail rows.</summary>
    public static async Task<int> ReturnsAsync(ConnectionFactory connections)
    {
        await using var connection = await connections.OpenAsync();
        return await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM ReturnedMail");
    }
}
