using System.Text;
using CallCenter.Data.Accounts;
using CallCenter.Data.Calls;
using CallCenter.Data.Database;
using CallCenter.Data.Imports;
using CallCenter.Data.Reports;
using CallCenter.Data.Residents;
using CallCenter.Data.Towns;

namespace CallCenter.Tests.Data.Calls;

/// <summary>
/// Two towns whose registers use the same resident and household numbers (K0001 is 佐藤 正男 in 汐見町 and 渡辺 花子 in
/// 大熊町): the calls, approvals, inquiries, provisional persons and review queue tests keep each town's people apart.
/// </summary>
public sealed class TwoTownData
{
    public const string ShiomiRegister = """
        住民番号,世帯番号,続柄,氏名,氏名カナ,生年月日,性別,行政区,住所,電話番号
        K0001,KH01,世帯主,佐藤 正男,サトウ マサオ,昭和22年5月3日,男,浜区,汐見町浜1-1,0240-11-2233
        K0002,KH01,妻,佐藤 節子,サトウ セツコ,昭和25年8月1日,女,浜区,汐見町浜1-1,
        """;

    public const string OkumaRegister = """
        住民番号,世帯番号,続柄,氏名,氏名カナ,生年月日,性別,行政区,住所,電話番号
        K0001,KH01,世帯主,渡辺 花子,ワタナベ ハナコ,1944-08-20,女,下野上,大熊町下野上5,0240-11-2233
        K0002,KH01,子,渡辺 健,ワタナベ ケン,1970-02-02,男,下野上,大熊町下野上5,
        """;

    public required Town Shiomi { get; init; }
    public required Town Okuma { get; init; }

    public TownScope OnlyShiomi => TownScope.Only([Shiomi.TownId]);
    public TownScope OnlyOkuma => TownScope.Only([Okuma.TownId]);

    /// <summary>Migrates with 汐見町 as town 1, adds 大熊町 and imports both registers.</summary>
    public static async Task<TwoTownData> CreateAsync(ConnectionFactory connections)
    {
        var (shiomi, okuma) = await CreateAsync(connections, ShiomiRegister, "075451", "大熊町", OkumaRegister);
        return new TwoTownData { Shiomi = shiomi, Okuma = okuma };
    }

    /// <summary>
    /// Migrates with 汐見町 as town 1 and imports <paramref name="shiomiRegister"/> into it, then adds a second town and
    /// imports <paramref name="otherRegister"/> into that one (for tests that need their own registers).
    /// </summary>
    public static async Task<(Town Shiomi, Town Other)> CreateAsync(ConnectionFactory connections, string shiomiRegister,
        string otherCode, string otherName, string otherRegister)
    {
        new Migrations(connections, new TownDefaults("079995", "汐見町")).Apply();
        var towns = new TownRepository(connections, TimeProvider.System);
        var shiomi = (await towns.FindByCodeAsync("079995"))!;
        var other = (await towns.AddAsync(otherCode, otherName)).Town!;
        var import = new ResidentImportService(connections, TimeProvider.System);
        Assert.True((await import.ImportAsync(new MemoryStream(Encoding.UTF8.GetBytes(shiomiRegister)), false, townId: shiomi.TownId)).Committed);
        Assert.True((await import.ImportAsync(new MemoryStream(Encoding.UTF8.GetBytes(otherRegister)), false, townId: other.TownId)).Committed);
        return (shiomi, other);
    }

    /// <summary>A resident of one town by number.</summary>
    public static async Task<ResidentSummary> ResidentAsync(ConnectionFactory connections, string residentNo, int townId) =>
        (await new ResidentRepository(connections).GetDetailAsync(residentNo, TownScope.All, townId))?.Summary
        ?? throw new InvalidOperationException($"{residentNo} is not in town {townId}.");

    /// <summary>Records a call about one resident of one town with the given status; returns the call id.</summary>
    public static async Task<long> RecordAsync(ConnectionFactory connections, TimeProvider clock, OperatorContext by, string residentNo, int townId,
        SafetyStatus status = SafetyStatus.Safe)
    {
        var resident = await ResidentAsync(connections, residentNo, townId);
        var report = CallTestData.Report(resident, status, status is SafetyStatus.Missing or SafetyStatus.Deceased ? null : WhereaboutsType.Shelter)
            with { Source = ReportSource.Agency };
        var result = await new CallRecordingService(connections, clock).SaveAsync(CallTestData.Draft(report), by);
        Assert.True(result.Saved, string.Join(" ", result.Errors.Select(e => e.Message)));
        return result.CallId!.Value;
    }
}
