using CallCenter.Data.Accounts;
using CallCenter.Data.Audit;
using CallCenter.Data.Database;
using CallCenter.Data.Towns;
using Dapper;
using CallCenter.Tests.Web.Towns;
using Microsoft.Extensions.DependencyInjection;

namespace CallCenter.Tests.Web.Audit;

/// <summary>
/// The audit log read by a viewer of one town (two towns whose numbers collide): rows about its own town's people,
/// households and requests, and rows without such a subject written by staff of its own town only; an all-towns viewer
/// reads every row. The page and its CSV/XLSX export read through the same query.
/// </summary>
public sealed class AuditTownsTests(TwoTownsApp fixture) : IClassFixture<TwoTownsApp>
{
    private T Service<T>() where T : notnull => fixture.App.Services.GetRequiredService<T>();

    private async Task<int> IdAsync(string sql, object args)
    {
        await using var connection = await Service<ConnectionFactory>().OpenAsync();
        return await connection.ExecuteScalarAsync<int>(sql, args);
    }

    [Fact]
    public async Task AOneTownViewer_ReadsOnlyRowsAboutItsTown_And_ItsOwnStaffsOtherRows()
    {
        var audit = Service<AuditRepository>();
        var users = Service<UserRepository>();
        var okumaOp = (await users.FindByNameAsync(TwoTownsApp.OkumaOperator))!;
        var admin = (await users.FindByNameAsync("test-admin"))!;
        const string ResidentSql = "SELECT ResidentId FROM Residents WHERE ResidentNo = '0000001' AND TownId = @TownId";
        const string HouseholdSql = "SELECT HouseholdId FROM Households WHERE HouseholdNo = 'H0001' AND TownId = @TownId";
        async Task WriteAsync(string marker, AuditUserName by, string action, string? type = null, string? id = null, int? residentId = null) =>
            await audit.WriteAsync(new AuditEntry { UserId = by.UserId, UserName = by.UserName, Action = action, TargetType = type, TargetId = id, ResidentId = residentId, Details = marker });
        var opName = new AuditUserName { UserId = okumaOp.UserId, UserName = okumaOp.UserName };
        var adminName = new AuditUserName { UserId = admin.UserId, UserName = admin.UserName };

        await WriteAsync("T19 okuma resident", adminName, AuditActions.ViewResident, "resident", "0000001", await IdAsync(ResidentSql, new { fixture.Okuma.TownId }));
        await WriteAsync("T19 shiomi resident", adminName, AuditActions.ViewResident, "resident", "0000001", await IdAsync(ResidentSql, new { fixture.Shiomi.TownId }));
        await WriteAsync("T19 okuma household", adminName, AuditActions.RecordReturnedMail, "household", (await IdAsync(HouseholdSql, new { fixture.Okuma.TownId })).ToString());
        await WriteAsync("T19 shiomi household", adminName, AuditActions.RecordReturnedMail, "household", (await IdAsync(HouseholdSql, new { fixture.Shiomi.TownId })).ToString());
        await WriteAsync("T19 colliding number", adminName, AuditActions.RecordMailingAddress, "household", "H0001");
        await WriteAsync("T19 okuma request", adminName, "view-request", "request", fixture.OkumaRequest.ToString());
        await WriteAsync("T19 shiomi request", adminName, "view-request", "request", fixture.ShiomiRequest.ToString());
        await WriteAsync("T19 okuma staff sign-in", opName, AuditActions.SignIn);
        await WriteAsync("T19 joint staff sign-in", adminName, AuditActions.SignIn);

        async Task<List<string>> MarkersAsync(TownScope scope) =>
            [.. (await audit.SearchAsync(AuditFilter.None, scope, 0, 500)).Entries.Select(e => e.Details ?? "").Where(d => d.StartsWith("T19 ", StringComparison.Ordinal)).Reverse()];

        Assert.Equal(["T19 okuma resident", "T19 okuma household", "T19 okuma request", "T19 okuma staff sign-in"],
            await MarkersAsync(TownScope.Only([fixture.Okuma.TownId])));
        Assert.Equal(9, (await MarkersAsync(TownScope.All)).Count);
        var streamed = new List<string>();
        await foreach (var entry in audit.StreamAsync(AuditFilter.None, TownScope.Only([fixture.Shiomi.TownId])))
        {
            if (entry.Details?.StartsWith("T19 ", StringComparison.Ordinal) == true)
            {
                streamed.Add(entry.Details);
            }
        }
        Assert.Equal(["T19 shiomi request", "T19 shiomi household", "T19 shiomi resident"], streamed);
        var page = await audit.SearchAsync(AuditFilter.None with { Action = AuditActions.SignIn }, TownScope.Only([fixture.Okuma.TownId]), 0, 10);
        Assert.Equal((1, "T19 okuma staff sign-in"), (page.TotalCount, page.Entries.Single().Details));
    }
}
