using System.Text;
using CallCenter.Data.Database;
using CallCenter.Data.Imports;
using CallCenter.Data.Towns;
using Dapper;

namespace CallCenter.Tests.Data.Dashboard;

/// <summary>Towns for the figures-per-town tests: the first town named, more towns added, a register imported into each.</summary>
public static class TownTestData
{
    /// <summary>The first town's code and name once named (汐見町, the demo town).</summary>
    public const string FirstCode = "079995";

    /// <summary>Adds towns after naming the first one; returns every town, the first one first.</summary>
    public static async Task<IReadOnlyList<Town>> AddTownsAsync(ConnectionFactory connections, params (string Code, string Name)[] more)
    {
        await using (var connection = await connections.OpenAsync())
        {
            await connection.ExecuteAsync("UPDATE Towns SET Code = @FirstCode, Name = '汐見町' WHERE TownId = 1", new { FirstCode });
        }
        var towns = new TownRepository(connections, TimeProvider.System);
        foreach (var (code, name) in more)
        {
            var added = await towns.AddAsync(code, name);
            Assert.True(added.Added, added.Message);
        }
        return await towns.ListAsync();
    }

    /// <summary>A valid town code from five digits (the check digit computed).</summary>
    public static string Code(string fiveDigits) => fiveDigits + TownCode.CheckDigit(fiveDigits).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static readonly string[] Readings = ["イチロウ", "ジロウ", "サブロウ", "シロウ"];

    /// <summary>Imports a register (CSV text) into one town.</summary>
    public static async Task ImportAsync(ConnectionFactory connections, TimeProvider clock, string register, int townId)
    {
        using var csv = new MemoryStream(Encoding.UTF8.GetBytes(register));
        var result = await new ResidentImportService(connections, clock).ImportAsync(csv, dryRun: false, townId: townId);
        Assert.True(result.Committed, string.Join(Environment.NewLine, result.Errors));
    }

    /// <summary>
    /// A register of <paramref name="households"/> households numbered H0001… with residents numbered 0000001… (the same
    /// numbers in every town: the collision the towns must keep apart), districts and vulnerability drawn from
    /// <paramref name="random"/>.
    /// </summary>
    public static string Register(Random random, int households, string[] districts, string familyName)
    {
        var lines = new List<string> { "住民番号,世帯番号,続柄,氏名,氏名カナ,生年月日,性別,行政区,住所,電話番号,要支援者,要支援理由" };
        var resident = 0;
        for (var h = 1; h <= households; h++)
        {
            var district = districts[random.Next(districts.Length)];
            var members = random.Next(1, 5);
            for (var m = 0; m < members; m++)
            {
                resident++;
                var vulnerable = random.Next(6) == 0;
                var born = new DateOnly(1930, 1, 1).AddDays(random.Next(30_000));
                lines.Add(string.Join(",", $"{resident:0000000}", $"H{h:0000}", m == 0 ? "世帯主" : "子", $"{familyName} {m + 1}郎",
                    "テスト " + Readings[m], born.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                    m % 2 == 0 ? "男" : "女", district, $"{district}1-{h}", "", vulnerable ? "1" : "0", vulnerable ? "ひとり暮らし高齢者" : ""));
            }
        }
        return string.Join("\r\n", lines) + "\r\n";
    }
}
