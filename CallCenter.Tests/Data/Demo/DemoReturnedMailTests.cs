using Dapper;

namespace CallCenter.Tests.Data.Demo;

/// <summary>The demo town's returned letters: a few households whose 送付先 came back, each marked and listed once.</summary>
public sealed class DemoReturnedMailTests(SeededDemoTown town) : IClassFixture<SeededDemoTown>
{
    private async Task<long> Scalar(string sql)
    {
        await using var connection = await town.Database.Connections.OpenAsync();
        return await connection.ExecuteScalarAsync<long>(sql);
    }

    [Fact]
    public async Task AFewHouseholds_HaveAReturnedLetter_MarkedOnTheirCurrentAddress()
    {
        Assert.Equal(6, await Scalar("SELECT COUNT(*) FROM ReturnedMail"));
        Assert.Equal(6, await Scalar("SELECT COUNT(*) FROM HouseholdMailing WHERE ReturnedOn IS NOT NULL"));
        Assert.Equal(6, await Scalar("""
            SELECT COUNT(*)
              FROM ReturnedMail r
              JOIN HouseholdMailing m ON m.HouseholdId = r.HouseholdId AND m.AddressId = r.AddressId AND m.ReturnedOn = r.ReturnedOn
            """));
    }
}
