using System.Text;
using CallCenter.Data.Accounts;
using CallCenter.Data.Calls;
using CallCenter.Data.Database;
using CallCenter.Data.Imports;
using CallCenter.Data.Reports;
using CallCenter.Data.Residents;

namespace CallCenter.Tests.Data.Calls;

/// <summary>Households and drafts the call tests share (data, bUnit and browser).</summary>
public static class CallTestData
{
    /// <summary>A household of five in K-numbers (K0001 is the head), and a neighbour household of one.</summary>
    public const string FiveMemberRegister = """
        住民番号,世帯番号,続柄,氏名,氏名カナ,生年月日,性別,行政区,住所,電話番号
        K0001,KH01,世帯主,佐藤 正男,サトウ マサオ,昭和22年5月3日,男,浜区,汐見町浜1-1,0240-11-2233
        K0002,KH01,妻,佐藤 節子,サトウ セツコ,昭和25年8月1日,女,浜区,汐見町浜1-1,
        K0003,KH01,子,佐藤 浩二,サトウ コウジ,1975-02-14,男,浜区,汐見町浜1-1,090-2222-3333
        K0004,KH01,子の妻,佐藤 美穂,サトウ ミホ,1978-11-30,女,浜区,汐見町浜1-1,
        K0005,KH01,孫,佐藤 陽菜,サトウ ヒナ,2008-06-21,女,浜区,汐見町浜1-1,
        K0101,KH02,世帯主,鈴木 一郎,スズキ イチロウ,1960-01-01,男,山区,汐見町山2-2,
        """;

    /// <summary>Imports a register CSV through the real import service.</summary>
    public static async Task ImportAsync(ConnectionFactory connections, string register)
    {
        using var csv = new MemoryStream(Encoding.UTF8.GetBytes(register));
        var result = await new ResidentImportService(connections, TimeProvider.System).ImportAsync(csv, dryRun: false);
        Assert.True(result.Committed, string.Join(Environment.NewLine, result.Errors));
    }

    /// <summary>Creates a staff account (password "x") and returns it as the one who acts: its id, name and site.</summary>
    public static async Task<OperatorContext> StaffAsync(ConnectionFactory connections, TimeProvider clock, string userName, string displayName,
        UserRole role, string site) =>
        new(await new UserRepository(connections, clock).CreateAsync(userName, displayName, role, site, "x"), userName, site);

    /// <summary>A resident's id and current version by resident number.</summary>
    public static async Task<ResidentSummary> ResidentAsync(ConnectionFactory connections, string residentNo)
    {
        var detail = await new ResidentRepository(connections).GetDetailAsync(residentNo);
        return detail?.Summary ?? throw new InvalidOperationException($"{residentNo} is not in the test register.");
    }

    /// <summary>A report for a resident as the form would build it.</summary>
    public static PersonReportDraft Report(ResidentSummary resident, SafetyStatus status = SafetyStatus.Safe,
        WhereaboutsType? type = WhereaboutsType.Shelter, byte? prefecture = 7, string? place = "会津若松市役所 避難所") => new(
        resident.ResidentId, resident.Version, status, ReportSource.Family, type, prefecture, "会津若松市", place,
        "090-1234-5678", new Consent(true, null, false), "電話で本人と話した");

    /// <summary>The id of the default wrap-up code 安否報告 (migration 0011 inserts it first, in both dialects).</summary>
    public const int SafetyReportCode = 1;

    /// <summary>An inbound call from the head's son about the given reports, 要件 安否報告.</summary>
    public static CallDraft Draft(params PersonReportDraft[] reports) => new(
        CallDirection.Inbound, "佐藤 浩二", "090-2222-3333", "子", "避難所から", reports, WrapUpCodeId: SafetyReportCode);
}

/// <summary>A clock the test moves by hand.</summary>
public sealed class TestClock(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;

    public override DateTimeOffset GetUtcNow() => Now;

    public void Advance(TimeSpan by) => Now += by;
}
