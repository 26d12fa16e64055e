using System.Text;
using CallCenter.Data.Calls;
using CallCenter.Data.Database;
using CallCenter.Data.Imports;
using CallCenter.Data.Reports;
using CallCenter.Data.Residents;

namespace CallCenter.Tests.Web.Residents;

/// <summary>
/// A small, realistic register for the console's tests and screenshots: 20 residents in 11 households, names
/// with the characters registers get wrong (髙, 邊, 𠮷 outside the BMP, 齋), their everyday twins (高橋, 渡辺,
/// 吉田, 斉藤), vulnerable persons, and reports and a call with whereabouts all over Japan.
/// </summary>
public static class SampleTown
{
    public const string Register = """
        住民番号,世帯番号,続柄,氏名,氏名カナ,生年月日,性別,行政区,住所,電話番号,要支援者,要支援理由
        K0001,KH01,世帯主,髙橋 一郎,タカハシ イチロウ,昭和26年4月2日,男,浜区,汐見町浜一丁目1-1,0240-12-3456,0,
        K0002,KH01,妻,髙橋 和子,タカハシ カズコ,昭和28年7月7日,女,浜区,汐見町浜一丁目1-1,,0,
        K0003,KH01,母,髙橋 トメ,タカハシ トメ,大正15年1月20日,女,浜区,汐見町浜一丁目1-1,,1,要介護3・歩行困難
        K0004,KH02,世帯主,高橋 健太,タカハシ ケンタ,1978-05-21,男,山区,汐見町山二丁目5,090-2345-6789,0,
        K0005,KH02,妻,高橋 美咲,タカハシ ミサキ,1981-09-03,女,山区,汐見町山二丁目5,,0,
        K0006,KH02,子,高橋 陽向,タカハシ ヒナタ,2023-02-14,男,山区,汐見町山二丁目5,,1,乳幼児
        K0007,KH03,世帯主,渡邊 進,ワタナベ ススム,1944-08-08,男,浜区,汐見町浜三丁目9,0240-22-1100,0,
        K0008,KH03,妻,渡邊 澄子,ワタナベ スミコ,1947-03-03,女,浜区,汐見町浜三丁目9,,1,視覚障害（1級）
        K0009,KH04,世帯主,渡辺 誠,ワタナベ マコト,1965-12-01,男,川区,汐見町川原12,080-3333-4444,0,
        K0010,KH05,世帯主,𠮷田 花子,ヨシダ ハナコ,1962-11-30,女,山区,汐見町山一丁目2,090-1111-2222,0,
        K0011,KH05,子,𠮷田 太郎,ヨシダ タロウ,1990-01-15,男,山区,汐見町山一丁目2,,0,
        K0012,KH06,世帯主,吉田 茂,ヨシダ シゲル,1938-06-10,男,川区,汐見町川原3,0240-33-5678,1,独居高齢者
        K0013,KH07,世帯主,齋藤 正人,サイトウ マサト,1959-04-18,男,浜区,汐見町浜二丁目4,0240-44-0001,0,
        K0014,KH07,妻,齋藤 恵子,サイトウ ケイコ,1961-10-22,女,浜区,汐見町浜二丁目4,,0,
        K0015,KH07,子,齋藤 さくら,サイトウ サクラ,2009-07-30,女,浜区,汐見町浜二丁目4,,0,
        K0016,KH08,世帯主,斉藤 光,サイトウ ヒカル,1985-03-12,女,川区,汐見町川原20,070-5555-6666,1,妊娠中
        K0017,KH09,世帯主,佐藤 大輔,サトウ ダイスケ,1970-03-12,男,山区,汐見町山三丁目7,090-7777-8888,0,
        K0018,KH09,妻,佐藤 由美,サトウ ユミ,1972-08-19,女,山区,汐見町山三丁目7,,0,
        K0019,KH10,世帯主,鈴木 ハル,スズキ ハル,昭和9年2月11日,女,浜区,汐見町浜四丁目1,0240-55-2020,1,独居高齢・要介護1
        K0020,KH11,世帯主,小野 勇,オノ イサム,1955-07-07,男,川区,汐見町川原8,,0,
        """;

    /// <summary>Imports the register and, the first time, the reports and a call. Safe to call again.</summary>
    public static async Task SeedAsync(ConnectionFactory connections, TimeProvider time, int? operatorUserId = null, string? site = null)
    {
        using (var csv = new MemoryStream(Encoding.UTF8.GetBytes(Register)))
        {
            var result = await new ResidentImportService(connections, time).ImportAsync(csv, dryRun: false);
            Assert.True(result.Committed, string.Join(Environment.NewLine, result.Errors));
        }
        var residents = new ResidentRepository(connections);
        // The sample history stands approved (the approval flow has its own tests).
        var reports = new ReportRepository(connections, time, CallCenter.Data.Approvals.ApprovalPolicy.None);
        var ichiro = await IdAsync(residents, "K0001");
        if ((await reports.HistoryAsync(ichiro)).Count > 0)
        {
            return;
        }
        var now = time.GetUtcNow().UtcDateTime;
        var day = now.Date.AddDays(-3);
        async Task Report(string no, DateTime at, SafetyStatus status, ReportSource source, Whereabouts? where, Consent consent,
            string? reporter, string? relation, string? note) =>
            await reports.AppendAsync(new NewSafetyReport(await IdAsync(residents, no), status, source, where, consent,
                reporter, relation, operatorUserId, at, note));

        var shelter = new Whereabouts(WhereaboutsType.Shelter, 7, "会津若松市", "河東総合体育館", null);
        await Report("K0001", day.AddHours(0.5), SafetyStatus.Safe, ReportSource.ShelterList, shelter, Consent.NotAsked,
            "会津若松市 避難所班", "行政", "避難所名簿に記載");
        await Report("K0002", day.AddHours(0.5), SafetyStatus.Safe, ReportSource.ShelterList, shelter, Consent.NotAsked,
            "会津若松市 避難所班", "行政", "避難所名簿に記載");
        await Report("K0001", day.AddDays(1).AddHours(5.5), SafetyStatus.Safe, ReportSource.Family,
            new Whereabouts(WhereaboutsType.RelativeHome, 6, "山形市", "長男宅（髙橋 健一）", "090-8765-4321"),
            new Consent(true, true, false), "髙橋 和子", "妻", "山形の長男宅へ移動。持病（高血圧）の薬あり");
        await Report("K0003", day.AddDays(1).AddHours(2), SafetyStatus.Hospitalized, ReportSource.Agency,
            new Whereabouts(WhereaboutsType.Hospital, 7, "会津若松市", "竹田綜合病院", "0242-27-5511"),
            new Consent(true, false, false), "竹田綜合病院 地域連携室", "病院", "脱水症状で入院。面会は家族のみ");
        await Report("K0007", day.AddHours(3), SafetyStatus.Missing, ReportSource.Family, null,
            new Consent(true, true, true), "渡邊 澄子", "妻", "地震の直後、漁港付近で見かけたのが最後");
        await Report("K0008", day.AddHours(3), SafetyStatus.Safe, ReportSource.Self,
            new Whereabouts(WhereaboutsType.Shelter, 7, "いわき市", "いわき市立平第一小学校", null),
            new Consent(true, true, false), "渡邊 澄子", "本人", "夫を捜している。視覚障害のため付き添いが必要");
        await Report("K0010", day.AddDays(2), SafetyStatus.Safe, ReportSource.Self,
            new Whereabouts(WhereaboutsType.LeasedHousing, 13, "江東区", "東雲住宅 12-304", "090-1111-2222"),
            new Consent(true, true, true), "𠮷田 花子", "本人", null);
        await Report("K0013", day.AddDays(1), SafetyStatus.Injured, ReportSource.Acquaintance,
            new Whereabouts(WhereaboutsType.Shelter, 7, "郡山市", "ビッグパレットふくしま", null),
            new Consent(null, null, null), "大野 修", "近所の人", "足を骨折、避難所で手当て済み");
        await Report("K0017", day.AddDays(2).AddHours(4), SafetyStatus.Safe, ReportSource.Self,
            new Whereabouts(WhereaboutsType.TemporaryHousing, 7, "会津若松市", "扇町仮設住宅 3号棟", "090-7777-8888"),
            new Consent(true, true, false), "佐藤 大輔", "本人", null);
        await Report("K0020", day.AddDays(2).AddHours(1), SafetyStatus.Deceased, ReportSource.Agency, null,
            new Consent(null, null, null), "汐見町 住民課", "行政", "警察より連絡");

        // One call from the wife about both of them, recorded as an operator would.
        var kazuko = await IdAsync(residents, "K0002");
        var whereabouts = (Type: WhereaboutsType.RelativeHome, Prefecture: (byte)6, City: "山形市", Place: "長男宅（髙橋 健一）", Phone: "090-8765-4321");
        PersonReportDraft Draft(int id, int version, ReportSource source) => new(id, version, SafetyStatus.Safe, source,
            whereabouts.Type, whereabouts.Prefecture, whereabouts.City, whereabouts.Place, whereabouts.Phone, new Consent(true, true, false), null);
        var saved = await new CallRecordingService(connections, time).SaveAsync(new CallDraft(
            CallDirection.Inbound, "髙橋 和子", "090-8765-4321", "妻", "夫婦とも山形の長男宅に移った。",
            [
                Draft(ichiro, (await residents.GetDetailAsync("K0001"))!.Summary.Version, ReportSource.Family),
                Draft(kazuko, (await residents.GetDetailAsync("K0002"))!.Summary.Version, ReportSource.Self),
            ], WrapUpCodeId: CallCenter.Tests.Data.Calls.CallTestData.SafetyReportCode),
            new OperatorContext(operatorUserId, "test-operator", site ?? "会津若松"));
        Assert.True(saved.Saved, string.Join(", ", saved.Errors.Select(e => e.Message)));
    }

    public static async Task<int> IdAsync(ResidentRepository residents, string residentNo) =>
        await residents.FindIdByNumberAsync(residentNo) ?? throw new InvalidOperationException($"{residentNo} was not imported.");
}
