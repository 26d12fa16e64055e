using System.Text;
using CallCenter.Data.Accounts;
using CallCenter.Data.Database;
using CallCenter.Data.Imports;
using CallCenter.Data.Towns;
using CallCenter.Tests.Browser;
using CallCenter.Web.Security;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace CallCenter.Tests.Web.Towns;

/// <summary>
/// The real app with two towns whose registers collide: 汐見町 (079995, town 1) and 大熊町 (075451) both number their
/// residents 0000001–0000002 and households H0001–H0002. One request per town (on household H0001), an operator and an
/// admin limited to 大熊町, and the all-towns test accounts.
/// </summary>
public sealed class TwoTownsApp : IAsyncLifetime
{
    public const string Register = """
        住民番号,世帯番号,続柄,氏名,氏名カナ,生年月日,性別,行政区,住所,電話番号
        0000001,H0001,世帯主,{1} 花子,{2} ハナコ,1970/3/12,女,一区,{0}1-1,0240-12-3456
        0000002,H0002,世帯主,{1} 一郎,{2} イチロウ,1951/4/2,男,二区,{0}2-2,
        """;

    public CallCenterAppFactory App { get; } = new();
    public Town Shiomi { get; private set; } = default!;
    public Town Okuma { get; private set; } = default!;
    public long ShiomiRequest { get; private set; }
    public long OkumaRequest { get; private set; }

    /// <summary>An operator of 大熊町 only.</summary>
    public const string OkumaOperator = "okuma-op";

    /// <summary>An admin of 大熊町 only.</summary>
    public const string OkumaAdmin = "okuma-admin";

    public async Task InitializeAsync()
    {
        App.Start();
        var connections = App.Services.GetRequiredService<ConnectionFactory>();
        await using (var connection = await connections.OpenAsync())
        {
            await connection.ExecuteAsync("UPDATE Towns SET Code = '079995', Name = '汐見町' WHERE TownId = 1");
        }
        var towns = App.Services.GetRequiredService<TownRepository>();
        Okuma = (await towns.AddAsync("075451", "大熊町")).Town!;
        Shiomi = (await towns.FindByCodeAsync("079995"))!;
        App.Services.GetRequiredService<TownAccess>().Forget();
        var import = App.Services.GetRequiredService<ResidentImportService>();
        foreach (var (town, family, kana) in new[] { (Shiomi, "汐見", "シオミ"), (Okuma, "大熊", "オオクマ") })
        {
            var csv = string.Format(Register, town.Name, family, kana);
            var result = await import.ImportAsync(new MemoryStream(Encoding.UTF8.GetBytes(csv)), dryRun: false, townId: town.TownId);
            Assert.True(result.Committed, string.Join("; ", result.Errors));
        }
        ShiomiRequest = await AddRequestAsync(connections, Shiomi.TownId);
        OkumaRequest = await AddRequestAsync(connections, Okuma.TownId);
        var users = App.Services.GetRequiredService<UserRepository>();
        foreach (var (name, role) in new[] { (OkumaOperator, UserRole.Operator), (OkumaAdmin, UserRole.Admin) })
        {
            var id = (await users.CreateAsync(name, $"大熊 {role.Label()}", role, "いわき", SignInService.HashPassword(CallCenterAppFactory.TestPassword)))!.Value;
            await towns.SetUserScopeAsync(id, TownScope.Only([Okuma.TownId]));
        }
    }

    private static async Task<long> AddRequestAsync(ConnectionFactory connections, int townId)
    {
        await using var connection = await connections.OpenAsync();
        await connection.ExecuteAsync("""
            INSERT INTO Requests (HouseholdId, ResidentId, CategoryId, DepartmentId, IsUrgent, Body, Status, CreatedAt, UpdatedAt, Version)
            SELECT h.HouseholdId, NULL, 1, 1, 0, '相談', 0, @CreatedAt, @CreatedAt, 0
              FROM Households h
             WHERE h.HouseholdNo = 'H0001'
               AND h.TownId = @TownId
            """, new { TownId = townId, CreatedAt = DateTime.UtcNow });
        return await connection.ExecuteScalarAsync<long>("SELECT MAX(RequestId) FROM Requests");
    }

    public async Task DisposeAsync() => await App.DisposeAsync();
}
