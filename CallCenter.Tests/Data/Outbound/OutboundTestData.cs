using CallCenter.Data.Accounts;
using CallCenter.Data.Calls;
using CallCenter.Data.Database;
using CallCenter.Data.Outbound;
using CallCenter.Data.Settings;
using Dapper;

namespace CallCenter.Tests.Data.Outbound;

/// <summary>A small town for the outbound tests: one household per priority rule, in household-number order.</summary>
public static class OutboundTestData
{
    /// <summary>
    /// Today is 2026-03-14 (JST). HP1 plain (imported first, so the lowest id), HV1 vulnerable, HO1 someone 86,
    /// HA1 living alone, HI1 an infant, HN1 no number at all, HC1 plain (confirmed later for re-confirmation).
    /// </summary>
    public const string Register = """
        住民番号,世帯番号,続柄,氏名,氏名カナ,生年月日,性別,行政区,住所,電話番号,要支援者,要支援理由
        P001,HP1,世帯主,青木 健一,アオキ ケンイチ,1980-04-01,男,浜区,汐見町浜1-1,0240-10-0001,0,
        P002,HP1,妻,青木 幸子,アオキ サチコ,1982-05-02,女,浜区,汐見町浜1-1,,0,
        V001,HV1,世帯主,井上 和夫,イノウエ カズオ,1970-01-10,男,浜区,汐見町浜2-3,0240-10-0002,1,要介護3
        V002,HV1,妻,井上 恵子,イノウエ ケイコ,1972-02-20,女,浜区,汐見町浜2-3,,0,
        O001,HO1,世帯主,上田 トメ,ウエダ トメ,昭和14年7月7日,女,山区,汐見町山1-5,0240-10-0003,0,
        O002,HO1,子,上田 博,ウエダ ヒロシ,1965-09-09,男,山区,汐見町山1-5,090-1000-0003,0,
        A001,HA1,世帯主,遠藤 誠,エンドウ マコト,1985-06-06,男,山区,汐見町山4-2,0240-10-0004,0,
        I001,HI1,世帯主,加藤 大輔,カトウ ダイスケ,1990-01-01,男,川区,汐見町川3-3,0240-10-0005,0,
        I002,HI1,子,加藤 陽翔,カトウ ハルト,2024-05-05,男,川区,汐見町川3-3,,0,
        N001,HN1,世帯主,木村 花子,キムラ ハナコ,1988-08-08,女,川区,汐見町川9-9,,0,
        N002,HN1,子,木村 蓮,キムラ レン,2015-03-03,男,川区,汐見町川9-9,,0,
        C001,HC1,世帯主,工藤 浩,クドウ ヒロシ,1975-10-10,男,川区,汐見町川1-1,0240-10-0006,0,
        C002,HC1,妻,工藤 明美,クドウ アケミ,1977-11-11,女,川区,汐見町川1-1,,0,
        """;

    /// <summary>10:30 on 2026-03-14, Japan time.</summary>
    public static DateTimeOffset Start { get; } = new(2026, 3, 14, 1, 30, 0, TimeSpan.Zero);

    /// <summary>Rules with every priority rule off.</summary>
    public static OutboundRules AllOff { get; } = new() { VulnerableFirst = false, OldAge = 0, LivingAloneFirst = false, InfantAge = 0, ReconfirmDays = 0 };

    public static async Task SaveRulesAsync(ConnectionFactory connections, OutboundRules rules)
    {
        var settings = new SettingsRepository(connections);
        foreach (var (name, value) in rules.ToSettings())
        {
            await settings.SetAsync(name, value);
        }
    }

    /// <summary>Creates operators op1..opN (site 会津若松 for odd, いわき for even).</summary>
    public static async Task<List<OperatorContext>> OperatorsAsync(ConnectionFactory connections, TimeProvider clock, int count)
    {
        var users = new UserRepository(connections, clock);
        var list = new List<OperatorContext>();
        for (var i = 1; i <= count; i++)
        {
            var site = i % 2 == 1 ? "会津若松" : "いわき";
            var id = await users.CreateAsync($"op{i}", $"オペレーター{i}", UserRole.Operator, site, "x");
            list.Add(new OperatorContext(id, $"op{i}", site));
        }
        return list;
    }

    public static async Task<int> HouseholdIdAsync(ConnectionFactory connections, string householdNo)
    {
        await using var connection = await connections.OpenAsync();
        return await connection.ExecuteScalarAsync<int>("SELECT HouseholdId FROM Households WHERE HouseholdNo = @No", new { No = householdNo });
    }
}
