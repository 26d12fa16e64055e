using System.Text;
using CallCenter.Data.Calls;
using CallCenter.Data.Exports;
using CallCenter.Data.Imports;
using CallCenter.Data.Reports;
using CallCenter.Data.Towns;
using CallCenter.Tests.Data.Calls;
using CallCenter.Tests.Data.Outbound;
using Dapper;

namespace CallCenter.Tests.Data.Exports;

/// <summary>
/// Two towns whose registers use the same resident and household numbers (汐見町 079995 and 大熊町 075451): every export
/// limited to one town holds only that town's people, households, calls, reports and requests, in UTF-8 and CP932; the
/// all-towns file holds both, each row led by its 団体コード and 町名.
/// </summary>
public abstract class TwoTownExportsTests<TDb> : OutboundDatabaseTests<TDb> where TDb : IDatabaseKind
{
    public const string ShiomiCode = "079995";
    public const string OkumaCode = "075451";

    protected IReadOnlyList<Town> Towns { get; private set; } = [];

    protected Town Shiomi => Towns[0];

    protected Town Okuma => Towns[1];

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await TownExportsTestData.SeedAsync(Connections, Clock);
        await SeedSecondTownAsync(Connections, Clock);
        Towns = await new TownRepository(Connections, Clock).ListAsync();
    }

    /// <summary>
    /// Names the first town 汐見町 079995, adds 大熊町 075451 with the first town's register under the same numbers (its
    /// addresses in 大熊町), and gives it a call about its P001 and a request of its HV1.
    /// </summary>
    public static async Task SeedSecondTownAsync(CallCenter.Data.Database.ConnectionFactory connections, TestClock clock)
    {
        await using (var connection = await connections.OpenAsync())
        {
            await connection.ExecuteAsync("UPDATE Towns SET Code = @Code, Name = @Name WHERE TownId = 1", new { Code = ShiomiCode, Name = "汐見町" });
        }
        var okuma = await new TownRepository(connections, clock).AddAsync(OkumaCode, "大熊町");
        Assert.True(okuma.Added, okuma.Message);
        using var csv = new MemoryStream(Encoding.UTF8.GetBytes(OutboundTestData.Register.Replace("汐見町", "大熊町")));
        var imported = await new ResidentImportService(connections, clock).ImportAsync(csv, dryRun: false, townId: okuma.Town!.TownId);
        Assert.True(imported.Committed, string.Join("; ", imported.Errors));

        await using var db = await connections.OpenAsync();
        var p1 = await db.QuerySingleAsync<(int ResidentId, int Version)>(
            "SELECT ResidentId, Version FROM Residents WHERE ResidentNo = 'P001' AND TownId = @TownId", new { okuma.Town.TownId });
        var report = new PersonReportDraft(p1.ResidentId, p1.Version, SafetyStatus.Safe, ReportSource.Family, WhereaboutsType.Shelter, 13,
            "千代田区", "親戚宅", "03-1111-2222", new Consent(true, null, false), "大熊町の青木さん");
        var saved = await new CallRecordingService(connections, clock).SaveAsync(CallTestData.Draft(report), new OperatorContext(null, "op", "いわき"));
        Assert.True(saved.Saved, string.Join("; ", saved.Errors.Select(e => e.Message)));
        var hv1 = await db.QuerySingleAsync<int>("SELECT HouseholdId FROM Households WHERE HouseholdNo = 'HV1' AND TownId = @TownId", new { okuma.Town.TownId });
        var at = clock.GetUtcNow().UtcDateTime;
        await db.ExecuteAsync("""
            INSERT INTO Requests (HouseholdId, ResidentId, CategoryId, DepartmentId, IsUrgent, Body, Status, CreatedAt, UpdatedAt, Version)
            VALUES (@HouseholdId, NULL, 2, 1, 0, @Body, 0, @At, @At, 0)
            """, new { HouseholdId = hv1, Body = "大熊町の世帯の相談", At = at });
    }

    private static List<List<string>> Rows(string name, byte[] bytes)
    {
        var utf8 = !name.Contains(".cp932.", StringComparison.Ordinal);
        if (utf8)
        {
            Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
            bytes = bytes[3..];
        }
        var reader = new CsvRecordReader(new StringReader((utf8 ? Encoding.UTF8 : TextEncodingDetector.Cp932).GetString(bytes)));
        var rows = new List<List<string>>();
        while (reader.Read() is { } row)
        {
            rows.Add(row);
        }
        return rows;
    }

    private Task<SortedDictionary<string, byte[]>> FilesAsync(TownScope scope) =>
        TownExportsTestData.FilesAsync(Connections, Clock, o => o with { Towns = scope, TownColumns = Towns });

    [SkippableFact]
    public async Task EachTownsExports_HoldOnlyThatTown_AndAllTowns_HoldBoth_InBothEncodings()
    {
        var all = await FilesAsync(TownScope.All);
        var shiomi = await FilesAsync(TownScope.Only([Shiomi.TownId]));
        var okuma = await FilesAsync(TownScope.Only([Okuma.TownId]));
        Assert.Equal(14, all.Count);
        foreach (var name in all.Keys)
        {
            var both = Rows(name, all[name]);
            var one = Rows(name, shiomi[name]);
            var other = Rows(name, okuma[name]);
            foreach (var file in new[] { both, one, other })
            {
                Assert.Equal([ExportTable.TownCodeHeader, ExportTable.TownNameHeader], file[0].Take(2));
            }
            Assert.All(one.Skip(1), r => Assert.Equal([ShiomiCode, "汐見町"], r.Take(2)));
            Assert.All(other.Skip(1), r => Assert.Equal([OkumaCode, "大熊町"], r.Take(2)));
            // The all-towns file is exactly the two towns' rows together.
            Assert.Equal(one.Skip(1).Concat(other.Skip(1)).Select(r => string.Join("|", r)).Order(StringComparer.Ordinal),
                both.Skip(1).Select(r => string.Join("|", r)).Order(StringComparer.Ordinal));
        }
        foreach (var encoding in new[] { "utf8", "cp932" })
        {
            // 13 residents each under the same numbers, told apart by their town and address.
            var residents = Rows($"residents.{encoding}.csv", okuma[$"residents.{encoding}.csv"]);
            Assert.Equal(13, residents.Count - 1);
            Assert.All(residents.Skip(1), r => Assert.StartsWith("大熊町", r[2 + 8]));
            Assert.Equal(13, Rows($"residents.{encoding}.csv", shiomi[$"residents.{encoding}.csv"]).Skip(1).Count(r => r[2 + 8].StartsWith("汐見町", StringComparison.Ordinal)));
            var bothResidents = Rows($"residents.{encoding}.csv", all[$"residents.{encoding}.csv"]);
            Assert.Equal(2, bothResidents.Count(r => r[2] == "P001"));
            // Each town's one call, naming only its own people.
            Assert.Equal(["P001"], Rows($"calls.{encoding}.csv", okuma[$"calls.{encoding}.csv"]).Skip(1).Select(r => r[2 + 8]));
            Assert.Equal(["O001 P001"], Rows($"calls.{encoding}.csv", shiomi[$"calls.{encoding}.csv"]).Skip(1).Select(r => r[2 + 8]));
            Assert.Equal(["大熊町の世帯の相談"], Rows($"requests.{encoding}.csv", okuma[$"requests.{encoding}.csv"]).Skip(1).Select(r => r[2 + 6]));
            Assert.Empty(Rows($"mailing.{encoding}.csv", okuma[$"mailing.{encoding}.csv"]).Skip(1));
            Assert.Equal(7, Rows($"mailing-missing.{encoding}.csv", okuma[$"mailing-missing.{encoding}.csv"]).Count - 1);
            Assert.Equal(5, Rows($"mailing-missing.{encoding}.csv", shiomi[$"mailing-missing.{encoding}.csv"]).Count - 1);
        }
    }

    [SkippableFact]
    public async Task AScopeWithoutTowns_ExportsNothing_ButTheHeader()
    {
        var none = await FilesAsync(TownScope.Only([]));
        Assert.All(none, f => Assert.Single(Rows(f.Key, f.Value)));
    }

    [SkippableFact]
    public async Task Xlsx_CarriesTheTownColumns_AsText()
    {
        using var output = new MemoryStream();
        await new ExportService(Connections, Clock).ResidentsAsync(output, new CallCenter.Data.Dashboard.ResidentListFilter(Provisional: false),
            new ExportOptions(Format: ExportFormat.Xlsx) { Towns = TownScope.Only([Okuma.TownId]), TownColumns = Towns });
        var sheet = new XlsxWorkbook(output.ToArray()).Sheets[0];
        Assert.Equal([ExportTable.TownCodeHeader, ExportTable.TownNameHeader, "住民番号"], sheet.Rows[0].Take(3).Select(c => c.Value));
        Assert.All(sheet.Rows.Skip(1), r => Assert.Equal(OkumaCode, r[0].Value));
        Assert.Equal(14, sheet.Rows.Count);
    }
}

public sealed class TwoTownExportsTestsOnSqlite : TwoTownExportsTests<OnSqlite>;

public sealed class TwoTownExportsTestsOnSqlServer : TwoTownExportsTests<OnSqlServer>;
