using System.Text;
using CallCenter.Data.Calls;
using CallCenter.Data.Dashboard;
using CallCenter.Data.Exports;
using CallCenter.Data.Imports;
using CallCenter.Data.Inquiries;
using CallCenter.Data.Reports;
using CallCenter.Tests.Data.Calls;

namespace CallCenter.Tests.Data.Exports;

public abstract class ExportServiceTests<TDb> : DatabaseTests<TDb> where TDb : IDatabaseKind
{
    private const string Register = """
        住民番号,世帯番号,続柄,氏名,氏名カナ,生年月日,性別,行政区,住所,電話番号,要支援者,要支援理由
        0001,H1,世帯主,𠮷田 ハル,ヨシダ ハル,昭和5年4月1日,女,浜区,汐見町浜1〜2,0240-11-1111,1,要介護2
        0002,H1,子,髙橋 一郎,タカハシ イチロウ,1960/1/2,男,浜区,汐見町浜1〜2,,0,
        0003,H2,世帯主,山﨑 健,ヤマサキ ケン,平成2年1月8日,男,山区,"汐見町山3, 101号",,0,
        0004,H3,世帯主,=HYPERLINK(1) テスト,イコール テスト,令和元年5月1日,男,山区,@evil,+81-90-1234-5678,0,
        """;

    private ExportService Exports => new(Connections);

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await CallTestData.ImportAsync(Connections, Register);
    }

    private static List<List<string>> Parse(byte[] bytes, Encoding encoding)
    {
        var reader = new CsvRecordReader(new StringReader(encoding.GetString(bytes)));
        var rows = new List<List<string>>();
        while (reader.Read() is { } row)
        {
            rows.Add(row);
        }
        return rows;
    }

    private async Task<(List<List<string>> Rows, ExportResult Result, byte[] Bytes)> ResidentsAsync(ResidentListFilter filter, ExportOptions options)
    {
        using var output = new MemoryStream();
        var result = await Exports.ResidentsAsync(output, filter, options);
        var bytes = output.ToArray();
        var encoding = options.Encoding == ExportEncoding.Cp932 ? TextEncodingDetector.Cp932 : new UTF8Encoding(false);
        var text = bytes;
        if (options.Encoding == ExportEncoding.Utf8)
        {
            Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
            text = bytes[3..];
        }
        return (Parse(text, encoding), result, bytes);
    }

    [SkippableFact]
    public async Task Residents_RoundTrip_InUtf8_WithEraDates()
    {
        var (rows, result, bytes) = await ResidentsAsync(new ResidentListFilter(Provisional: null), new ExportOptions(ExportEncoding.Utf8, ExportDates.Era));

        Assert.Equal(4, result.Rows);
        Assert.Equal(0, result.ReplacedCount);
        Assert.Equal(ExportService.ResidentHeader, rows[0]);
        Assert.Equal(["0001", "H1", "世帯主", "𠮷田　ハル", "ヨシダ　ハル", "昭和5年4月1日", "女", "浜区", "汐見町浜1〜2", "0240-11-1111", "1", "要介護2", "未確認"],
            rows[1].Take(13));
        Assert.Equal("平成2年1月8日", rows[3][5]);
        Assert.Equal("汐見町山3, 101号", rows[3][8]);
        Assert.Equal("令和元年5月1日", rows[4][5]);
        Assert.Contains("\r\n", Encoding.UTF8.GetString(bytes));
    }

    [SkippableFact]
    public async Task Residents_NeutralizeFormulas()
    {
        var (rows, _, _) = await ResidentsAsync(new ResidentListFilter(Provisional: null), new ExportOptions());

        var row = rows.Single(r => r[0] == "0004");
        Assert.Equal("'=HYPERLINK(1)　テスト", row[3]);
        Assert.Equal("'@evil", row[8]);
        Assert.Equal("'+81-90-1234-5678", row[9]);
    }

    [SkippableFact]
    public async Task Residents_InCp932_WriteGetaAndReportIt_And_KeepTheWaveDash()
    {
        var (rows, result, bytes) = await ResidentsAsync(new ResidentListFilter(Provisional: null), new ExportOptions(ExportEncoding.Cp932, ExportDates.Western));

        Assert.NotEqual(0xEF, bytes[0]);
        Assert.Equal("〓田　ハル", rows[1][3]);
        Assert.Equal("髙橋　一郎", rows[2][3]);
        Assert.Equal("山﨑　健", rows[3][3]);
        Assert.Equal("1930/04/01", rows[1][5]);
        // 〜 (U+301C) is written as CP932's ～ (U+FF5E), which is what CP932 reads back.
        Assert.Equal("汐見町浜1～2", rows[1][8]);
        Assert.Equal(1, result.ReplacedCount);
        Assert.Equal(new ReplacedCharacter(1, "氏名", "𠮷", "𠮷田　ハル"), Assert.Single(result.Replaced));
    }

    [SkippableFact]
    public async Task Residents_FollowEveryFilter()
    {
        // The call is saved a little after the import, so "changed since" can tell them apart.
        var clock = new TestClock(DateTimeOffset.UtcNow.AddMinutes(5));
        var service = new CallRecordingService(Connections, clock);
        var r3 = await CallTestData.ResidentAsync(Connections, "0003");
        var saved = await service.SaveAsync(CallTestData.Draft(CallTestData.Report(r3, SafetyStatus.Safe)), new OperatorContext(null, "op", "いわき"));
        Assert.True(saved.Saved, string.Join("; ", saved.Errors.Select(e => e.Message)));

        async Task<List<string>> Numbers(ResidentListFilter filter) =>
            (await ResidentsAsync(filter with { Provisional = null }, new ExportOptions())).Rows.Skip(1).Select(r => r[0]).ToList();

        Assert.Equal(["0003"], await Numbers(new ResidentListFilter(Status: SafetyStatus.Safe)));
        Assert.Equal(["0003", "0004"], await Numbers(new ResidentListFilter(District: "山区")));
        Assert.Equal(["0001"], await Numbers(new ResidentListFilter(Vulnerable: true)));
        Assert.Equal(["0001", "0002", "0004"], await Numbers(new ResidentListFilter(Unconfirmed: true)));
        var draft = CallTestData.Report(r3, SafetyStatus.Safe);
        Assert.Equal(["0003"], await Numbers(new ResidentListFilter(PrefectureCode: draft.PrefectureCode, WhereaboutsType: draft.WhereaboutsType)));
        Assert.Equal(["0003"], await Numbers(new ResidentListFilter(ChangedSinceUtc: clock.Now.UtcDateTime.AddSeconds(-1))));
        Assert.Empty(await Numbers(new ResidentListFilter(ChangedSinceUtc: clock.Now.UtcDateTime.AddDays(1))));
        using var unconfirmed = new MemoryStream();
        var result = await Exports.UnconfirmedAsync(unconfirmed, new ResidentListFilter(Provisional: null), new ExportOptions());
        Assert.Equal(3, result.Rows);
    }

    [SkippableFact]
    public async Task Unconfirmed_CarriesEachHouseholdsPriorityAndEveryNumber()
    {
        // 0002 (H1) left a whereabouts contact in a report that did not confirm anyone; then that number proved wrong.
        var r2 = await CallTestData.ResidentAsync(Connections, "0002");
        var saved = await new CallRecordingService(Connections, TimeProvider.System).SaveAsync(
            CallTestData.Draft(CallTestData.Report(r2, SafetyStatus.Unconfirmed)), new OperatorContext(null, "op", "いわき"));
        Assert.True(saved.Saved, string.Join("; ", saved.Errors.Select(e => e.Message)));
        var h1 = (await CallTestData.ResidentAsync(Connections, "0001")).HouseholdId!.Value;
        Assert.True((await new CallCenter.Data.Outbound.OutboundAttempts(Connections, new CallCenter.Data.Settings.SettingsRepository(Connections), TimeProvider.System)
            .RecordAttemptAsync(h1, "090-1234-5678", CallCenter.Data.Outbound.OutboundOutcome.WrongNumber, null, null, new OperatorContext(null, "op", "いわき"))).Saved);

        using var output = new MemoryStream();
        var result = await Exports.UnconfirmedAsync(output, new ResidentListFilter(Provisional: null), new ExportOptions());
        var rows = Parse(output.ToArray()[3..], Encoding.UTF8);

        Assert.Equal(4, result.Rows);
        Assert.Equal(ExportService.UnconfirmedHeader, rows[0]);
        Assert.Equal(ExportService.ResidentHeader, rows[0].Take(ExportService.ResidentHeader.Length));
        Assert.Equal(["優先度", "優先理由", "電話番号一覧"], rows[0].Skip(ExportService.ResidentHeader.Length));
        // H1: a vulnerable member born in 昭和5 (priority 1); both members list both numbers.
        Assert.Equal(["0001", "1", "未確認（優先）（要支援者・75歳以上）", "0240-11-1111 / 090-1234-5678（番号違い）"],
            [rows[1][0], .. rows[1].Skip(20)]);
        Assert.Equal(["0002", "1", "未確認（優先）（要支援者・75歳以上）", "0240-11-1111 / 090-1234-5678（番号違い）"],
            [rows[2][0], .. rows[2].Skip(20)]);
        // H2: living alone with no number known.
        Assert.Equal(["0003", "9", "番号なし（独居）", ""], [rows[3][0], .. rows[3].Skip(20)]);
        // H3: one person with a number (living alone, born in 令和元年: an infant no more); the formula guard still applies.
        Assert.Equal(["0004", "1", "未確認（優先）（独居）", "'+81-90-1234-5678"], [rows[4][0], .. rows[4].Skip(20)]);
    }

    [SkippableFact]
    public async Task CallsAndReports_InAPeriod()
    {
        var clock = new TestClock(new DateTimeOffset(2026, 3, 12, 1, 0, 0, TimeSpan.Zero)); // 3/12 10:00 JST
        var service = new CallRecordingService(Connections, clock);
        var r1 = await CallTestData.ResidentAsync(Connections, "0001");
        var r2 = await CallTestData.ResidentAsync(Connections, "0002");
        Assert.True((await service.SaveAsync(CallTestData.Draft(CallTestData.Report(r1), CallTestData.Report(r2)), new OperatorContext(null, "op", "会津若松"))).Saved);
        clock.Now = clock.Now.AddDays(2);
        Assert.True((await service.SaveAsync(CallTestData.Draft(CallTestData.Report(r1 with { Version = r1.Version + 1 })), new OperatorContext(null, "op", "いわき"))).Saved);

        using var calls = new MemoryStream();
        var callResult = await Exports.CallsAsync(calls, new DateOnly(2026, 3, 12), new DateOnly(2026, 3, 12), new ExportOptions(ExportEncoding.Utf8, ExportDates.Era));
        var callRows = Parse(calls.ToArray()[3..], Encoding.UTF8);
        Assert.Equal(1, callResult.Rows);
        Assert.Equal(ExportService.CallHeader, callRows[0]);
        Assert.Equal("令和8年3月12日 10:00", callRows[1][1]);
        Assert.Equal("0001 0002", callRows[1][8]);
        Assert.Equal("会津若松", callRows[1][7]);

        using var reports = new MemoryStream();
        var reportResult = await Exports.ReportsAsync(reports, new DateOnly(2026, 3, 12), new DateOnly(2026, 3, 14), new ExportOptions());
        var reportRows = Parse(reports.ToArray()[3..], Encoding.UTF8);
        Assert.Equal(3, reportResult.Rows);
        Assert.Equal(["0001", "0002", "0001"], reportRows.Skip(1).Select(r => r[1]));
        Assert.Equal("2026/03/14 10:00", reportRows[3][4]);
    }

    [SkippableFact]
    public async Task Calls_IncludeInquiryCalls_WhichHaveNoReport()
    {
        var clock = new TestClock(new DateTimeOffset(2026, 3, 12, 1, 0, 0, TimeSpan.Zero)); // 3/12 10:00 JST
        var r1 = await CallTestData.ResidentAsync(Connections, "0001");
        var r3 = await CallTestData.ResidentAsync(Connections, "0003");
        var by = new OperatorContext(null, "op", "いわき");
        Assert.True((await new CallRecordingService(Connections, clock).SaveAsync(CallTestData.Draft(CallTestData.Report(r1)), by)).Saved);
        clock.Now = clock.Now.AddMinutes(5);
        var inquiry = await new InquiryRepository(Connections, clock).RecordAsync(new InquiryDraft(r3.ResidentId, InquirerType.Acquaintance,
            "山本 直子", "元同僚", "+81 90-8765-4321", null, DisclosureItems.None, null, null), by);
        Assert.True(inquiry.Saved, string.Join(" ", inquiry.Errors));

        using var calls = new MemoryStream();
        var result = await Exports.CallsAsync(calls, new DateOnly(2026, 3, 12), new DateOnly(2026, 3, 12), new ExportOptions(ExportEncoding.Utf8, ExportDates.Era));
        var rows = Parse(calls.ToArray()[3..], Encoding.UTF8);

        Assert.Equal(2, result.Rows);
        Assert.Equal(["0001"], rows.Skip(1).Take(1).Select(r => r[8]));
        Assert.Equal(["令和8年3月12日 10:05", "着信", "山本 直子", "'+81 90-8765-4321", "元同僚", "いわき", "0003", "照会: 山﨑　健"],
            [rows[2][1], rows[2][2], rows[2][3], rows[2][4], rows[2][5], rows[2][7], rows[2][8], rows[2][9]]);
    }

    private static XlsxWorkbook Workbook(MemoryStream output) => new(output.ToArray());

    [SkippableFact]
    public async Task Residents_AsXlsx_AreTypedCells_ThatKeepLeadingZerosAndShowTheYear()
    {
        var r3 = await CallTestData.ResidentAsync(Connections, "0003");
        // Reported at 2026-03-12 23:30 UTC: 3/13 08:30 in Japan.
        var clock = new TestClock(new DateTimeOffset(2026, 3, 12, 23, 30, 0, TimeSpan.Zero));
        Assert.True((await new CallRecordingService(Connections, clock).SaveAsync(CallTestData.Draft(CallTestData.Report(r3)), new OperatorContext(null, "op", "いわき"))).Saved);
        using var output = new MemoryStream();
        var result = await Exports.ResidentsAsync(output, new ResidentListFilter(Provisional: null), new ExportOptions(Format: ExportFormat.Xlsx));
        using var csv = new MemoryStream();
        var csvResult = await Exports.ResidentsAsync(csv, new ResidentListFilter(Provisional: null), new ExportOptions());

        var book = Workbook(output);
        var sheet = Assert.Single(book.Sheets);
        Assert.Equal("住民の安否一覧", sheet.Name);
        Assert.Equal(csvResult.Rows, result.Rows);
        Assert.Equal(result.Rows + 1, sheet.Rows.Count);
        Assert.Equal(ExportService.ResidentHeader, sheet.Rows[0].Select(c => c.Value));
        Assert.All(sheet.Rows[0], c => Assert.True(book.IsBold(c)));
        Assert.Equal(1, sheet.FrozenRows);
        Assert.Equal("A1:T5", sheet.AutoFilter); // the table of the header and the 4 rows carries the filter
        Assert.Equal(ExportService.ResidentHeader.Length, sheet.Widths.Count);

        // 住民番号 0001 and 世帯番号 are text cells in the text format: the zeros stay, nothing reformats them.
        var number = sheet.Cell(1, "住民番号")!;
        Assert.True(number.IsText);
        Assert.Equal("0001", number.Value);
        Assert.Equal("@", book.NumberFormat(number));
        Assert.True(sheet.Cell(1, "電話番号")!.IsText);
        Assert.Equal("0240-11-1111", sheet.Cell(1, "電話番号")!.Value);
        // The birth date is a number with a date format that shows the year.
        var birth = sheet.Cell(1, "生年月日")!;
        Assert.True(birth.IsNumber);
        Assert.Equal(new DateTime(1930, 4, 1), birth.Date);
        Assert.Equal("yyyy/mm/dd", book.NumberFormat(birth));
        // 要支援者 is a number; 𠮷 is kept as it is.
        Assert.Equal(("1", true), (sheet.Cell(1, "要支援者")!.Value, sheet.Cell(1, "要支援者")!.IsNumber));
        Assert.Equal("𠮷田　ハル", sheet.Cell(1, "氏名")!.Value);
        // The confirmation time is a date-time in Japan time.
        var confirmed = sheet.Cell(3, "確認日時")!;
        Assert.Equal(new DateTime(2026, 3, 13, 8, 30, 0), confirmed.Date);
        Assert.Equal("yyyy/mm/dd hh:mm", book.NumberFormat(confirmed));
        // Text that looks like a formula is text: no formula anywhere, and no guard character.
        Assert.All(sheet.Rows.SelectMany(r => r), c => Assert.Null(c.Formula));
        var formulaLike = sheet.Rows.Single(r => r[0].Value == "0004");
        Assert.Equal(["=HYPERLINK(1)　テスト", "@evil", "+81-90-1234-5678"], new[] { formulaLike[3].Value!, formulaLike[8].Value!, formulaLike[9].Value! });
        Assert.All([formulaLike[3], formulaLike[8], formulaLike[9]], c => Assert.True(c.IsText));
    }

    [SkippableFact]
    public async Task Residents_AsXlsx_WithEraDates_UseExcelsJapaneseEraFormat()
    {
        using var output = new MemoryStream();
        await Exports.ResidentsAsync(output, new ResidentListFilter(Provisional: null), new ExportOptions(Dates: ExportDates.Era, Format: ExportFormat.Xlsx));

        var book = Workbook(output);
        var birth = book.Sheets[0].Cell(4, "生年月日")!;
        Assert.True(birth.IsNumber);
        Assert.Equal(new DateTime(2019, 5, 1), birth.Date);
        Assert.Equal("[$-411]ggge\"年\"m\"月\"d\"日\"", book.NumberFormat(birth));
    }

    [SkippableFact]
    public async Task Unconfirmed_AsXlsx_HasThePriorityAsANumber_AndTheCsvsRows()
    {
        using var output = new MemoryStream();
        var result = await Exports.UnconfirmedAsync(output, new ResidentListFilter(Provisional: null), new ExportOptions(Format: ExportFormat.Xlsx));

        var sheet = Workbook(output).Sheets[0];
        Assert.Equal("未確認者", sheet.Name);
        Assert.Equal(4, result.Rows);
        Assert.Equal(5, sheet.Rows.Count);
        Assert.Equal(("1", true), (sheet.Cell(1, "優先度")!.Value, sheet.Cell(1, "優先度")!.IsNumber));
        Assert.Equal("+81-90-1234-5678", sheet.Cell(4, "電話番号一覧")!.Value);
    }

    private async Task<long> InsertCallAsync(DateTime startedAt, DateTime? endedAt, string wrapUp, params string[] residentNos)
    {
        await using var connection = await Connections.OpenAsync();
        var code = await Dapper.SqlMapper.ExecuteScalarAsync<int>(connection, "SELECT WrapUpCodeId FROM WrapUpCodes WHERE Label = @wrapUp", new { wrapUp });
        await using var transaction = await connection.BeginTransactionAsync();
        var id = await CallRepository.InsertAsync(connection, transaction, Connections.Dialect, new NewCall(CallDirection.Inbound, "佐藤 浩二",
            "090-2222-3333", "子", null, "いわき", startedAt, endedAt, "=1+1 と言われた", code), CancellationToken.None);
        foreach (var no in residentNos)
        {
            var resident = await CallTestData.ResidentAsync(Connections, no);
            await Dapper.SqlMapper.ExecuteAsync(connection, "INSERT INTO CallResidents (CallId, ResidentId) VALUES (@id, @ResidentId)",
                new { id, resident.ResidentId }, transaction);
        }
        await transaction.CommitAsync();
        return id;
    }

    [SkippableFact]
    public async Task Calls_EndWithWrapUpAndDuration_InCsvAndXlsx()
    {
        var start = new DateTime(2026, 3, 12, 1, 0, 0, DateTimeKind.Utc); // 10:00 JST
        await InsertCallAsync(start, start.AddSeconds(185), "照会", "0003", "0001");
        await InsertCallAsync(start.AddMinutes(10), null, "安否報告");

        using var csv = new MemoryStream();
        await Exports.CallsAsync(csv, new DateOnly(2026, 3, 12), new DateOnly(2026, 3, 12), new ExportOptions());
        var rows = Parse(csv.ToArray()[3..], Encoding.UTF8);
        // The older columns keep their places; 要件 and 通話時間 (seconds) come last.
        Assert.Equal(["通話ID", "開始日時", "種別", "相手", "相手の電話番号", "続柄・関係", "対応者", "拠点", "対象者", "メモ", "要件", "通話時間"], rows[0]);
        Assert.Equal(["2026/03/12 10:00", "0001 0003", "照会", "185"], [rows[1][1], rows[1][8], rows[1][10], rows[1][11]]);
        Assert.Equal(["安否報告", ""], rows[2].Skip(10));

        using var xlsx = new MemoryStream();
        var result = await Exports.CallsAsync(xlsx, new DateOnly(2026, 3, 12), new DateOnly(2026, 3, 12), new ExportOptions(Format: ExportFormat.Xlsx));
        var book = Workbook(xlsx);
        var sheet = book.Sheets[0];
        Assert.Equal("通話記録", sheet.Name);
        Assert.Equal(2, result.Rows);
        Assert.Equal(rows[0], sheet.Rows[0].Select(c => c.Value));
        Assert.Equal(("185", true), (sheet.Cell(1, "通話時間")!.Value, sheet.Cell(1, "通話時間")!.IsNumber));
        Assert.True(sheet.Cell(1, "通話ID")!.IsNumber);
        Assert.Equal(new DateTime(2026, 3, 12, 10, 0, 0), sheet.Cell(1, "開始日時")!.Date);
        var note = sheet.Cell(1, "メモ")!;
        Assert.Equal(("=1+1 と言われた", true, null), (note.Value, note.IsText, note.Formula));
        Assert.True(book.Wraps(note));
        Assert.Null(sheet.Cell(2, "通話時間")?.Value);
    }

    [SkippableFact]
    public async Task Reports_AsXlsx_HaveTheCsvsRows_WithNumbersAndTimes()
    {
        var clock = new TestClock(new DateTimeOffset(2026, 3, 12, 1, 0, 0, TimeSpan.Zero));
        var r1 = await CallTestData.ResidentAsync(Connections, "0001");
        var r2 = await CallTestData.ResidentAsync(Connections, "0002");
        Assert.True((await new CallRecordingService(Connections, clock).SaveAsync(CallTestData.Draft(CallTestData.Report(r1), CallTestData.Report(r2)), new OperatorContext(null, "op", "いわき"))).Saved);

        using var xlsx = new MemoryStream();
        var result = await Exports.ReportsAsync(xlsx, new DateOnly(2026, 3, 12), new DateOnly(2026, 3, 12), new ExportOptions(Dates: ExportDates.Era, Format: ExportFormat.Xlsx));

        var book = Workbook(xlsx);
        var sheet = book.Sheets[0];
        Assert.Equal(("安否報告履歴", 2, 3), (sheet.Name, result.Rows, sheet.Rows.Count));
        Assert.Equal(["0001", "0002"], sheet.Rows.Skip(1).Select(r => r[1].Value));
        var recorded = sheet.Cell(1, "記録日時")!;
        Assert.Equal(new DateTime(2026, 3, 12, 10, 0, 0), recorded.Date);
        Assert.Equal(XlsxExportWriter.EraDateFormat + " hh:mm", book.NumberFormat(recorded));
        Assert.True(sheet.Cell(1, "通話ID")!.IsNumber);
        Assert.Equal("090-1234-5678", sheet.Cell(1, "連絡先")!.Value);
    }
}

public sealed class ExportServiceTestsOnSqlite : ExportServiceTests<OnSqlite>;

public sealed class ExportServiceTestsOnSqlServer : ExportServiceTests<OnSqlServer>;
