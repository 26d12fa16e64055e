using CallCenter.Data.Mailing;
using Dapper;

namespace CallCenter.Tests.Data.Demo;

/// <summary>The demo town's mailing addresses: most households at a home-like place have one, valid, a few with history.</summary>
public sealed class DemoTownMailingAddressesTests(SeededDemoTown town) : IClassFixture<SeededDemoTown>
{
    private async Task<long> Scalar(string sql)
    {
        await using var connection = await town.Database.Connections.OpenAsync();
        return await connection.ExecuteScalarAsync<long>(sql);
    }

    [Fact]
    public async Task MostHouseholdsAtAHomeLikePlace_HaveACurrentAddress_AndAFewHaveHistory()
    {
        var homeLike = await Scalar("""
            SELECT COUNT(DISTINCT HouseholdId) FROM Residents
             WHERE Relationship = '世帯主' AND WhereaboutsType IN (2, 4, 5, 8) AND PrefectureCode <> 99
            """);
        var current = await Scalar("SELECT COUNT(*) FROM HouseholdMailing");
        Assert.InRange(100.0 * current / homeLike, 70, 95);
        var history = await Scalar("SELECT COUNT(*) FROM MailingAddresses") - current;
        Assert.InRange(history, 1, current / 5);
        // The addresses are seeded usable; only the demo's returned letters (DemoReturnedMail) mark some of them 宛所不明.
        Assert.Equal(0, await Scalar("""
            SELECT COUNT(*)
              FROM HouseholdMailing m
             WHERE m.ReturnedOn IS NOT NULL
               AND NOT EXISTS (SELECT 1 FROM ReturnedMail r WHERE r.HouseholdId = m.HouseholdId AND r.AddressId = m.AddressId)
            """));
    }

    [Fact]
    public async Task EveryAddress_PassesTheChecks_AndItsCodeMatchesAddress1()
    {
        await using var connection = await town.Database.Connections.OpenAsync();
        var addresses = (await connection.QueryAsync<MailingAddress>(
            "SELECT AddressId, HouseholdId, Addressee, PostalCode, Address1, Address2, ConfirmedOn, Source, CallId, RecordedAt FROM MailingAddresses")).AsList();
        Assert.NotEmpty(addresses);
        var today = CallCenter.Data.Common.JapanTime.Today(TimeProvider.System);
        foreach (var a in addresses)
        {
            var errors = new List<(string, string)>();
            Assert.NotNull(MailingAddressRules.Check(new MailingAddressDraft(a.HouseholdId, a.Addressee, a.PostalCode, a.Address1, a.Address2,
                a.ConfirmedOn?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)), today, errors));
            Assert.Null(PostalCodes.Mismatch(a.PostalCode, a.Address1));
        }
    }
}
