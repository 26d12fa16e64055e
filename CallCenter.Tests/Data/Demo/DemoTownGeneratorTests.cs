using System.Security.Cryptography;
using System.Text;
using CallCenter.Data.Common;
using CallCenter.Data.Demo;
using CallCenter.Data.Imports;
using Dapper;
using Xunit.Abstractions;

namespace CallCenter.Tests.Data.Demo;

[Collection(DemoTests.Collection)]
public sealed class DemoTownGeneratorTests(ITestOutputHelper output)
{
    private static readonly DateOnly AsOf = new(2025, 3, 11);

    private static byte[] Csv(int residents, int seed)
    {
        using var stream = new MemoryStream();
        DemoTownGenerator.WriteRegisterCsv(stream, residents, seed);
        return stream.ToArray();
    }

    [Fact]
    public void WriteRegisterCsv_GivesIdenticalBytes_When_SeedIsTheSame()
    {
        var first = Csv(DemoTownGenerator.DefaultResidents, DemoTownGenerator.DefaultSeed);
        var second = Csv(DemoTownGenerator.DefaultResidents, DemoTownGenerator.DefaultSeed);
        Assert.Equal(SHA256.HashData(first), SHA256.HashData(second));
        Assert.Equal(first.Length, second.Length);
    }

    [Fact]
    public void WriteRegisterCsv_GivesDifferentTowns_When_SeedDiffers()
    {
        Assert.NotEqual(SHA256.HashData(Csv(2000, 1)), SHA256.HashData(Csv(2000, 2)));
    }

    [Fact]
    public void WriteRegisterCsv_WritesHeaderAndOneLinePerResident_InUtf8WithoutBom()
    {
        var bytes = Csv(500, 7);
        Assert.False(bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF);
        var lines = Encoding.UTF8.GetString(bytes).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(DemoTownGenerator.Header, lines[0]);
        Assert.Equal(501, lines.Length);
        Assert.All(lines, l => Assert.Equal(11, l.Count(c => c == ',')));
    }

    [Fact]
    public void Generate_MakesARealisticTown_When_SizeIsTheDefault()
    {
        var residents = DemoTownGenerator.Generate(DemoTownGenerator.DefaultResidents, DemoTownGenerator.DefaultSeed, AsOf).ToList();

        Assert.Equal(11_500, residents.Count);
        Assert.Equal(residents.Count, residents.Select(r => r.ResidentNo).Distinct().Count());
        Assert.All(residents, r => Assert.Matches("^[0-9]{7}$", r.ResidentNo));
        var households = residents.GroupBy(r => r.HouseholdNo).ToList();
        Assert.InRange(households.Count, 3_700, 4_300);
        Assert.All(households, h => Assert.InRange(h.Count(), 1, 7));
        Assert.All(households, h => Assert.Single(h, r => r.Relationship == "世帯主"));
        Assert.InRange(residents.Select(r => r.District).Distinct().Count(), 10, 15);

        var ages = residents.Select(r => r.AgeOn(AsOf)).ToList();
        Assert.Equal(0, ages.Min());
        Assert.True(ages.Max() > 100, $"oldest is {ages.Max()}");
        var elderly = ages.Count(a => a >= 65) / (double)ages.Count;
        Assert.InRange(elderly, 0.22, 0.38);
        Assert.InRange(ages.Count(a => a < 15) / (double)ages.Count, 0.08, 0.18);

        var vulnerable = residents.Count(r => r.IsVulnerable) / (double)residents.Count;
        Assert.InRange(vulnerable, 0.05, 0.12);
        Assert.All(residents.Where(r => r.IsVulnerable), r => Assert.False(string.IsNullOrEmpty(r.VulnerableReason)));

        var withPhone = residents.Count(r => r.Phone is not null) / (double)residents.Count;
        output.WriteLine($"households {households.Count}, 65+ {elderly:P1}, under 15 {ages.Count(a => a < 15) / (double)ages.Count:P1}, " +
                         $"100+ {ages.Count(a => a >= 100)}, vulnerable {vulnerable:P1}, phone {withPhone:P1}, " +
                         $"sizes {string.Join(" ", households.GroupBy(h => h.Count()).OrderBy(g => g.Key).Select(g => $"{g.Key}:{g.Count()}"))}");
        Assert.InRange(withPhone, 0.4, 0.9);
        Assert.All(residents, r => Assert.StartsWith(DemoTownGenerator.TownAddress + "大字", r.Address));

        foreach (var variant in new[] { "髙", "\uFA11", "齋", "澤", "濱", "廣", "櫻", "嶋", "冨", "𠮷" })
        {
            Assert.Contains(residents, r => r.FamilyName.Contains(variant, StringComparison.Ordinal));
        }
        Assert.Contains(residents, r => r.FamilyName.Contains('邊') || r.FamilyName.Contains('邉'));
        Assert.True(residents.Select(r => r.FamilyName).Distinct().Count() >= 120);
    }

    [Fact]
    public void Generate_ScalesDistrictsAndNumbers_When_TownIsLarge()
    {
        var residents = DemoTownGenerator.Generate(120_000, 3, AsOf).ToList();

        Assert.Equal(120_000, residents.Count);
        Assert.Equal(residents.Count, residents.Select(r => r.ResidentNo).Distinct().Count());
        var districts = residents.Select(r => r.District).Distinct().Count();
        Assert.InRange(districts, 100, 140);
        Assert.Equal(districts, DemoTownGenerator.DistrictNames(120_000).Count);
    }

    [Fact]
    public async Task ImportAsync_AcceptsEveryRow_And_KeepsVariantKanjiExactly()
    {
        using var db = new DemoSqliteDatabase();
        var import = new ResidentImportService(db.Connections, TimeProvider.System);
        using var stream = new MemoryStream();
        DemoTownGenerator.WriteRegisterCsv(stream, DemoTownGenerator.DefaultResidents, DemoTownGenerator.DefaultSeed);
        stream.Position = 0;

        var result = await import.ImportAsync(stream, dryRun: false);

        Assert.Empty(result.Errors);
        Assert.Equal(11_500, result.Inserted);
        await using var connection = await db.Connections.OpenAsync();
        Assert.Equal(11_500, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM Residents"));
        var expected = DemoTownGenerator.Generate(DemoTownGenerator.DefaultResidents, DemoTownGenerator.DefaultSeed,
            JapanTime.Today(TimeProvider.System)).Where(r => r.FamilyName.StartsWith("𠮷", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(expected);
        var stored = (await connection.QueryAsync<string>(
            "SELECT FamilyName FROM Residents WHERE FamilyName = @Name", new { Name = "𠮷田" })).ToList();
        Assert.Equal(expected.Count, stored.Count);
        Assert.All(stored, s => Assert.Equal("\U00020BB7田", s));
        foreach (var name in new[] { "髙橋", "山\uFA11", "齋藤", "澤田", "濱田" })
        {
            Assert.True(await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM Residents WHERE FamilyName = @Name", new { Name = name }) > 0, name);
        }
        Assert.True(await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM Residents WHERE IsVulnerable = 1") > 500);
        Assert.Equal((long)DemoTownGenerator.Generate(DemoTownGenerator.DefaultResidents, DemoTownGenerator.DefaultSeed, JapanTime.Today(TimeProvider.System)).Select(r => r.HouseholdNo).Distinct().Count(),
            await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM Households"));
    }
}
