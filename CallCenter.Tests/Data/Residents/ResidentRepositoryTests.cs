using System.Text;
using CallCenter.Data.Calls;
using CallCenter.Data.Imports;
using CallCenter.Data.Reports;
using CallCenter.Data.Residents;

namespace CallCenter.Tests.Data.Residents;

public abstract class ResidentRepositoryTests<TDb> : DatabaseTests<TDb> where TDb : IDatabaseKind
{
    private ResidentRepository Residents => new(Connections);

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        const string csv = """
            住民番号,世帯番号,続柄,氏名,氏名カナ,生年月日,性別,行政区,住所,電話番号,要支援者,要支援理由
            0000001,H0001,世帯主,渡邊 進,ワタナベ ススム,昭和19年8月8日,男,浜通り,福島県双葉郡汐見町大字浜1,0240-11-1111,1,要介護3
            0000002,H0001,妻,渡邊 澄子,ワタナベ スミコ,昭和22年3月3日,女,浜通り,福島県双葉郡汐見町大字浜1,,0,
            0000003,H0001,孫,渡邊 陽菜,ワタナベ ヒナ,令和2年6月1日,女,浜通り,福島県双葉郡汐見町大字浜1,,1,乳児
            0000004,H0002,世帯主,大野 進,オオノ ススム,1944/8/8,男,北原,北原1,,0,
            """;
        var result = await new ResidentImportService(Connections, TimeProvider.System).ImportAsync(new MemoryStream(Encoding.UTF8.GetBytes(csv)), false);
        Assert.True(result.Committed, string.Join("; ", result.Errors));
    }

    [SkippableFact]
    public async Task GetDetail_ReadsEveryField()
    {
        var detail = await Residents.GetDetailAsync("0000001");

        Assert.NotNull(detail);
        var r = detail.Summary;
        Assert.Equal(("渡邊", "進", "ワタナベ", "ススム", "H0001", "世帯主"), (r.FamilyName, r.GivenName, r.FamilyNameKana, r.GivenNameKana, r.HouseholdNo, r.Relationship));
        Assert.Equal(new DateOnly(1944, 8, 8), r.BirthDate);
        Assert.True(r.IsVulnerable);
        Assert.Equal(("要介護3", "福島県双葉郡汐見町大字浜1"), (detail.VulnerableReason, detail.Address));
        Assert.Equal(SafetyStatus.Unconfirmed, r.Status);
        Assert.Null(await Residents.GetDetailAsync("9999999"));
    }

    [SkippableFact]
    public async Task HouseholdMembers_AreListedOldestFirst()
    {
        var householdId = (await Residents.GetDetailAsync("0000001"))!.Summary.HouseholdId!.Value;

        var members = await Residents.HouseholdMembersAsync(householdId);

        Assert.Equal(["0000001", "0000002", "0000003"], members.Select(m => m.ResidentNo));
    }

    [SkippableFact]
    public async Task Calls_ListTheCallsAboutAResident_NewestFirst()
    {
        var service = new CallRecordingService(Connections, TimeProvider.System);
        var susumu = (await Residents.GetDetailAsync("0000001"))!.Summary;
        var sumiko = (await Residents.GetDetailAsync("0000002"))!.Summary;
        PersonReportDraft Safe(ResidentSummary r) => new(r.ResidentId, r.Version, SafetyStatus.Safe, ReportSource.Family,
            WhereaboutsType.Shelter, 7, "会津若松市", "第二中学校", null, Consent.NotAsked, null);

        var first = await service.SaveAsync(new CallDraft(CallDirection.Inbound, "渡邊 一郎", "090-1234-5678", "子", null, [Safe(susumu)], WrapUpCodeId: CallCenter.Tests.Data.Calls.CallTestData.SafetyReportCode),
            new OperatorContext(null, "operator", "会津若松"));
        var second = await service.SaveAsync(new CallDraft(CallDirection.Outbound, "渡邊 澄子", null, "本人", null, [Safe(sumiko)]),
            new OperatorContext(null, "operator", "いわき"));

        Assert.True(first.Saved && second.Saved);
        Assert.Equal([first.CallId!.Value], (await Residents.CallsAsync(susumu.ResidentId, CallCenter.Data.Towns.TownScope.All)).Select(c => c.CallId));
        var calls = await Residents.CallsAsync(sumiko.ResidentId, CallCenter.Data.Towns.TownScope.All);
        Assert.Equal(("渡邊 澄子", CallDirection.Outbound, "いわき"), (calls[0].CallerName, calls[0].Direction, calls[0].Site));
    }
}

public sealed class ResidentRepositoryTestsOnSqlite : ResidentRepositoryTests<OnSqlite>;

public sealed class ResidentRepositoryTestsOnSqlServer : ResidentRepositoryTests<OnSqlServer>;
