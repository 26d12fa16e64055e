using System.Text;
using CallCenter.Data.Accounts;
using CallCenter.Data.Audit;
using CallCenter.Data.Imports;
using Dapper;

namespace CallCenter.Tests.Data.Audit;

public abstract class AuditNamesTests<TDb> : DatabaseTests<TDb> where TDb : IDatabaseKind
{
    [SkippableFact]
    public async Task Names_ComeBatched_ForStaffResidentsHouseholdsAndKeys_MoreThanOneChunkEach()
    {
        // 25 residents in 25 households: more keys than one look-up statement takes.
        var register = new StringBuilder("住民番号,世帯番号,続柄,氏名,氏名カナ,生年月日,性別,行政区,住所,電話番号\n");
        for (var i = 1; i <= 25; i++)
        {
            register.Append($"N{i:000},NH{i:000},世帯主,佐藤 {i}郎,サトウ イチロウ,1950-01-{i:00},男,浜区,汐見町浜{i},\n");
        }
        using (var csv = new MemoryStream(Encoding.UTF8.GetBytes(register.ToString())))
        {
            Assert.True((await new ResidentImportService(Connections, TimeProvider.System).ImportAsync(csv, dryRun: false)).Committed);
        }
        var users = new UserRepository(Connections, TimeProvider.System);
        var watanabe = (await users.CreateAsync("watanabe", "渡邊 美咲", UserRole.Supervisor, "いわき", "x"))!.Value;
        await users.CreateAsync("k.sato", "佐藤 健一", UserRole.Operator, "会津若松", "x");
        var suzuki = (await users.CreateAsync("suzuki", "鈴木 一", UserRole.Operator, "いわき", "x"))!.Value;
        await using var connection = await Connections.OpenAsync();
        var residents = (await connection.QueryAsync<(long Id, string No)>("SELECT ResidentId, ResidentNo FROM Residents ORDER BY ResidentNo")).AsList();
        var households = (await connection.QueryAsync<(long Id, string No)>("SELECT HouseholdId, HouseholdNo FROM Households ORDER BY HouseholdNo")).AsList();

        var entries = new List<AuditEntry>
        {
            new() { Action = AuditActions.CreateUser, UserId = watanabe, UserName = "watanabe", TargetType = "user", TargetId = "k.sato" },
            new() { Action = AuditActions.SignInFailed, UserName = "k.sato" },
            new() { Action = AuditActions.OutboundRules, UserName = "cli:root" },
            new() { Action = AuditActions.OutboundAssign, UserId = watanabe, TargetType = "district", TargetId = "浜区", Details = $"user {suzuki}" },
        };
        entries.AddRange(residents.Select(r => new AuditEntry { Action = AuditActions.ViewResident, TargetType = "resident", TargetId = r.No }));
        entries.AddRange(residents.Select(r => new AuditEntry { Action = AuditActions.RecordReport, TargetType = "report", TargetId = "1", ResidentId = (int)r.Id }));
        entries.AddRange(households.Select(h => new AuditEntry { Action = AuditActions.ClaimHousehold, TargetType = "household", TargetId = h.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) }));
        entries.Add(new AuditEntry { Action = AuditActions.ViewResident, TargetType = "resident", TargetId = "GONE1", ResidentId = 999_999 });

        var names = await new AuditRepository(Connections, TimeProvider.System).NamesAsync(entries);

        Assert.Equal("渡邊 美咲", names.UsersById[watanabe].DisplayName);
        Assert.Equal("佐藤 健一", names.UsersByName["k.sato"].DisplayName);
        Assert.False(names.UsersByName.ContainsKey("cli:root"));
        Assert.Equal("鈴木 一", names.UsersById[suzuki].DisplayName);
        Assert.Equal(25, names.ResidentsByNo.Count);
        Assert.Equal("N025 佐藤 25郎", names.ResidentsByNo["N025"].Label);
        Assert.Equal("N001 佐藤 1郎", names.ResidentsById[(int)residents[0].Id].Label);
        Assert.Equal(25, names.Households.Count);
        Assert.Equal(("NH025", "浜区"), names.Households[(int)households[24].Id]);
        Assert.False(names.ResidentsById.ContainsKey(999_999));
        Assert.False(names.ResidentsByNo.ContainsKey("GONE1"));
    }

    [SkippableFact]
    public async Task Names_AreEmpty_ForNoRows()
    {
        Assert.Same(AuditNames.Empty, await new AuditRepository(Connections, TimeProvider.System).NamesAsync([]));
    }
}

public sealed class AuditNamesTestsOnSqlite : AuditNamesTests<OnSqlite>;

public sealed class AuditNamesTestsOnSqlServer : AuditNamesTests<OnSqlServer>;
