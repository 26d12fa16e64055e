using CallCenter.Data.Accounts;
using CallCenter.Data.Calls;
using CallCenter.Data.Database;
using CallCenter.Data.Mailing;
using CallCenter.Data.Towns;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace CallCenter.Tests.Web.Towns;

/// <summary>
/// Returned mail with two towns whose household numbers collide (H0001 in both): a return is recorded in the chosen
/// town's household only, a town outside the scope or none chosen is refused with nothing written, and the list of
/// returns holds only the scope's towns.
/// </summary>
public sealed class ReturnedMailTownsTests(TwoTownsApp fixture) : IClassFixture<TwoTownsApp>
{
    private ReturnedMailRecorder Recorder => fixture.App.Services.GetRequiredService<ReturnedMailRecorder>();

    private async Task<OperatorContext> OperatorAsync()
    {
        var user = (await fixture.App.Services.GetRequiredService<UserRepository>().FindByNameAsync(TwoTownsApp.OkumaOperator))!;
        return new OperatorContext(user.UserId, user.UserName, "いわき");
    }

    private async Task AddressAsync(Town town, string householdNo)
    {
        var connections = fixture.App.Services.GetRequiredService<ConnectionFactory>();
        await using var connection = await connections.OpenAsync();
        var householdId = await connection.ExecuteScalarAsync<int>("SELECT HouseholdId FROM Households WHERE HouseholdNo = @No AND TownId = @TownId",
            new { No = householdNo, town.TownId });
        await connection.ExecuteAsync("""
            INSERT INTO MailingAddresses (HouseholdId, Addressee, PostalCode, Address1, Address2, ConfirmedOn, Source, RecordedAt)
                 VALUES (@HouseholdId, @Addressee, '9791306', @Address1, NULL, NULL, 3, @RecordedAt)
            """, new { HouseholdId = householdId, Addressee = town.Name + " 様", Address1 = town.Name + "1-1", RecordedAt = new DateTime(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc) });
        var addressId = await connection.ExecuteScalarAsync<int>("SELECT MAX(AddressId) FROM MailingAddresses WHERE HouseholdId = @HouseholdId", new { HouseholdId = householdId });
        await connection.ExecuteAsync("DELETE FROM HouseholdMailing WHERE HouseholdId = @HouseholdId", new { HouseholdId = householdId });
        await connection.ExecuteAsync("INSERT INTO HouseholdMailing (HouseholdId, AddressId, ReturnedOn) VALUES (@HouseholdId, @AddressId, NULL)",
            new { HouseholdId = householdId, AddressId = addressId });
    }

    private async Task<int> ReturnsAsync(Town town)
    {
        var connections = fixture.App.Services.GetRequiredService<ConnectionFactory>();
        await using var connection = await connections.OpenAsync();
        return await connection.ExecuteScalarAsync<int>("""
            SELECT COUNT(*) FROM ReturnedMail r JOIN Households h ON h.HouseholdId = r.HouseholdId WHERE h.TownId = @TownId
            """, new { town.TownId });
    }

    [Fact]
    public async Task AReturn_IsRecordedInTheChosenTownOnly_And_TheListHoldsTheScopesTowns()
    {
        await AddressAsync(fixture.Shiomi, "H0001");
        await AddressAsync(fixture.Okuma, "H0001");
        var by = await OperatorAsync();
        var okumaOnly = TownScope.Only([fixture.Okuma.TownId]);

        var none = await Recorder.RecordAsync("H0001", null, null, by);
        Assert.Contains("町が 2 つあります", none.Error, StringComparison.Ordinal);
        var outside = await Recorder.RecordAsync("H0001", null, null, by, fixture.Shiomi.TownId, okumaOnly);
        Assert.Equal("指定された町は担当外です。", outside.Error);
        Assert.Equal((0, 0), (await ReturnsAsync(fixture.Shiomi), await ReturnsAsync(fixture.Okuma)));

        var done = await Recorder.RecordAsync("H0001", null, "転居先不明", by, fixture.Okuma.TownId, okumaOnly);
        Assert.Null(done.Error);
        Assert.Equal((0, 1), (await ReturnsAsync(fixture.Shiomi), await ReturnsAsync(fixture.Okuma)));

        await Recorder.RecordAsync("H0001", null, null, by, fixture.Shiomi.TownId, TownScope.All);
        var mine = await Recorder.RecentAsync(10, by, okumaOnly);
        Assert.Equal([("H0001", fixture.Okuma.TownId, "大熊町 様")], mine.Select(r => (r.HouseholdNo, r.TownId, r.Addressee)));
        var all = await Recorder.RecentAsync(10, by, TownScope.All);
        Assert.Equal([fixture.Shiomi.TownId, fixture.Okuma.TownId], all.Select(r => r.TownId));
    }
}
