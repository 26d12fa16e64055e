using System.Text;
using CallCenter.Data.Accounts;
using CallCenter.Data.ApiKeys;
using CallCenter.Data.Approvals;
using CallCenter.Data.Audit;
using CallCenter.Data.Calls;
using CallCenter.Data.Common;
using CallCenter.Data.Dashboard;
using CallCenter.Data.Exports;
using CallCenter.Data.Imports;
using CallCenter.Data.Inquiries;
using CallCenter.Data.Outbound;
using CallCenter.Data.Reports;
using CallCenter.Data.Residents;
using CallCenter.Data.Settings;
using CallCenter.Tests.Data.Calls;
using CallCenter.Tests.Data.Imports;
using CallCenter.Data.Towns;
using Dapper;
using CallCenter.Data.Provisional;

namespace CallCenter.Tests.Data.Common;

/// <summary>
/// Every data-layer path that stores text refuses control and bidirectional characters with a message naming the
/// field and the code point, and writes nothing; variation selectors survive import, save and export; exports never
/// contain the refused characters, even ones stored before the rule.
/// </summary>
public abstract class TextSafetyWritePathTests<TDb> : DatabaseTests<TDb> where TDb : IDatabaseKind
{
    private readonly TestClock clock = new(new DateTimeOffset(2026, 3, 14, 1, 30, 0, TimeSpan.Zero));
    private readonly OperatorContext iwaki = new(null, "op-iwaki", "いわき");

    // Tables an attempt could write to; their row counts before and after must be equal.
    private static readonly string[] Tables =
        [
            "Residents", "Households", "Calls", "SafetyReports", "Inquiries", "Users", "ApiKeys", "Settings", "StatusImports", "StatusImportRows",
            "ReportApprovals", "OutboundAttempts", "OutboundAssignments", "OutboundListAssignments",
        ];

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await CallTestData.ImportAsync(Connections, CallTestData.FiveMemberRegister);
    }

    private async Task<string> CountsAsync()
    {
        await using var connection = await Connections.OpenAsync();
        var counts = new StringBuilder();
        foreach (var table in Tables)
        {
            counts.Append($"{table} {await connection.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {table}")}; ");
        }
        return counts.ToString();
    }

    private static async Task<string?> Thrown(Func<Task> write)
    {
        var error = await Assert.ThrowsAsync<UnsafeTextException>(write);
        return error.Message;
    }

    private async Task<CallDraft> DraftAsync(string? callerName = "佐藤 浩二", string? callerPhone = "090-2222-3333", string? relation = "子",
        string? callNote = "避難所から", string? municipality = "会津若松市", string? place = "会津若松市役所 避難所", string? contact = "090-1234-5678",
        string? reportNote = "電話で本人と話した")
    {
        var head = await CallTestData.ResidentAsync(Connections, "K0001");
        var report = new PersonReportDraft(head.ResidentId, head.Version, SafetyStatus.Safe, ReportSource.Family, WhereaboutsType.Shelter, 7,
            municipality, place, contact, new Consent(true, null, false), reportNote);
        return new CallDraft(CallDirection.Inbound, callerName, callerPhone, relation, callNote, [report], WrapUpCodeId: CallTestData.SafetyReportCode);
    }

    private async Task<string?> SaveCallAsync(CallDraft draft)
    {
        var result = await new CallRecordingService(Connections, clock).SaveAsync(draft, iwaki);
        Assert.False(result.Saved);
        return string.Join(" / ", result.Errors.Select(e => e.Message));
    }

    private async Task<string?> InquiryAsync(string? name = "佐藤 花子", string? relation = "娘", string? contact = "090-5555-6666",
        string? identity = "生年月日で確認", string? message = null, string? note = null)
    {
        var head = await CallTestData.ResidentAsync(Connections, "K0001");
        var result = await new InquiryRepository(Connections, clock).RecordAsync(new InquiryDraft(head.ResidentId, InquirerType.Relative,
            name, relation, contact, identity, DisclosureItems.Identity, message, note), iwaki);
        return string.Join(" / ", result.Errors);
    }

    private async Task<string?> ProvisionalAsync(string? family = "山本", string? given = "太郎", string? kana = "ヤマモト", string? note = null)
    {
        var (no, errors) = await new ProvisionalPersonService(Connections, clock).CreateAsync(
            new ProvisionalPersonDraft(family, given, kana, "タロウ", "1990/7/7", Sex.Male, "022-123-4567", note), iwaki);
        Assert.Null(no);
        return string.Join(" / ", errors);
    }

    private Task<string?> Write(string path, string bad) => path switch
    {
        "call: 通話相手の氏名" => SaveCallAsync(DraftAsync(callerName: $"佐藤{bad}浩二").Result),
        "call: 通話相手の電話番号" => SaveCallAsync(DraftAsync(callerPhone: $"090{bad}22223333").Result),
        "call: 続柄・関係" => SaveCallAsync(DraftAsync(relation: $"子{bad}").Result),
        "call: 通話メモ" => SaveCallAsync(DraftAsync(callNote: $"避難所{bad}から").Result),
        "call: 市区町村" => SaveCallAsync(DraftAsync(municipality: $"会津若松市{bad}").Result),
        "call: 避難先・住所" => SaveCallAsync(DraftAsync(place: $"{bad}体育館").Result),
        "call: 連絡先" => SaveCallAsync(DraftAsync(contact: $"090{bad}12345678").Result),
        "call: メモ" => SaveCallAsync(DraftAsync(reportNote: $"本人と話した{bad}").Result),
        "inquiry: 照会者の氏名" => InquiryAsync(name: $"佐藤{bad}花子"),
        "inquiry: 続柄・関係" => InquiryAsync(relation: $"{bad}娘"),
        "inquiry: 照会者の連絡先" => InquiryAsync(contact: $"090{bad}55556666"),
        "inquiry: 本人確認の方法" => InquiryAsync(identity: $"生年月日{bad}"),
        "inquiry: 伝言" => InquiryAsync(message: $"連絡ください{bad}", contact: "090-5555-6666"),
        "inquiry: メモ" => InquiryAsync(note: $"{bad}"),
        "inquiry handled: 対応メモ" => new InquiryRepository(Connections, clock).HandleMessageAsync(1, $"伝えた{bad}", iwaki),
        "provisional: 氏" => ProvisionalAsync(family: $"山{bad}本"),
        "provisional: 名" => ProvisionalAsync(given: $"太郎{bad}"),
        "provisional: 氏（カナ）" => ProvisionalAsync(kana: $"ヤマ{bad}モト"),
        "provisional: メモ" => ProvisionalAsync(note: $"{bad}"),
        "approval: 確認の根拠" => Approval(approve: true, $"本人と電話{bad}"),
        "approval: 却下の理由" => Approval(approve: false, $"誤報{bad}"),
        "review queue: 見送りの理由" => new StatusReviewQueue(Connections, clock).SkipAsync(1, $"重複{bad}", iwaki, CallCenter.Data.Towns.TownScope.All),
        "outbound list: リストの名前" => OutboundList($"浜区{bad}"),
        "outbound attempt: メモ" => OutboundAttempt("0240-11-2233", $"不在{bad}"),
        "outbound attempt: かけた番号" => OutboundAttempt($"0240-11-2233{bad}", "不在"),
        "outbound district: 行政区" => new OutboundDistricts(Connections, clock)
            .AssignAsync(TownScope.All, 1, $"浜区{bad}", null, "いわき", iwaki),
        "user: 表示名" => Thrown(() => new UserRepository(Connections, clock).CreateAsync("op-new", $"新人{bad}", UserRole.Operator, null, "x")),
        "user: ユーザー名" => Thrown(() => new UserRepository(Connections, clock).CreateAsync($"op{bad}new", "新人", UserRole.Operator, null, "x")),
        "API key: キーの名前" => Thrown(() => new ApiKeyRepository(Connections, clock).CreateAsync($"県システム{bad}", ApiKeyScope.Read, "admin")),
        "settings: 設定 Outbound.Note" => Thrown(() => new SettingsRepository(Connections).SetAsync("Outbound.Note", $"x{bad}")),
        "calls table: 通話メモ" => Thrown(() => InsertCallAsync($"メモ{bad}")),
        "reports table: 避難先・住所" => Thrown(() => AppendReportAsync($"体育館{bad}")),
        _ => throw new ArgumentOutOfRangeException(nameof(path), path, null),
    };

    private async Task<string?> Approval(bool approve, string text)
    {
        var service = new ApprovalService(Connections, clock);
        var result = approve ? await service.ApproveAsync(1, text, iwaki) : await service.RejectAsync(1, text, iwaki);
        return result.Problem;
    }

    private async Task<string?> OutboundList(string name)
    {
        var lists = new OutboundLists(Connections, clock);
        return (await lists.AssignListAsync(name, "KH01", null, "いわき", iwaki, TownScope.All)).Error;
    }

    private async Task<string?> OutboundAttempt(string phone, string note)
    {
        var attempts = new OutboundAttempts(Connections, new SettingsRepository(Connections), clock);
        return (await attempts.RecordAttemptAsync(1, phone, OutboundOutcome.NoAnswer, null, note, iwaki)).Error;
    }

    private async Task InsertCallAsync(string note)
    {
        await using var connection = await Connections.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await CallRepository.InsertAsync(connection, transaction, Connections.Dialect,
            new NewCall(CallDirection.Inbound, "佐藤", null, null, null, "いわき", clock.GetUtcNow().UtcDateTime, null, note), CancellationToken.None);
        await transaction.CommitAsync();
    }

    private async Task AppendReportAsync(string place)
    {
        var head = await CallTestData.ResidentAsync(Connections, "K0001");
        await using var connection = await Connections.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await ReportRepository.AppendAsync(connection, transaction, Connections.Dialect, new NewSafetyReport(head.ResidentId, SafetyStatus.Safe,
            ReportSource.Family, new Whereabouts(WhereaboutsType.Shelter, 7, "会津若松市", place, null), new Consent(null, null, null), null, null, null,
            clock.GetUtcNow().UtcDateTime, null), clock.GetUtcNow().UtcDateTime, CancellationToken.None);
        await transaction.CommitAsync();
    }

    public static TheoryData<string, int> WritePaths()
    {
        string[] paths =
        [
            "call: 通話相手の氏名", "call: 通話相手の電話番号", "call: 続柄・関係", "call: 通話メモ", "call: 市区町村", "call: 避難先・住所", "call: 連絡先", "call: メモ",
            "inquiry: 照会者の氏名", "inquiry: 続柄・関係", "inquiry: 照会者の連絡先", "inquiry: 本人確認の方法", "inquiry: 伝言", "inquiry: メモ",
            "inquiry handled: 対応メモ",
            "provisional: 氏", "provisional: 名", "provisional: 氏（カナ）", "provisional: メモ",
            "approval: 確認の根拠", "approval: 却下の理由", "review queue: 見送りの理由",
            "outbound list: リストの名前", "outbound attempt: メモ", "outbound attempt: かけた番号", "outbound district: 行政区",
            "user: 表示名", "user: ユーザー名", "API key: キーの名前", "settings: 設定 Outbound.Note",
            "calls table: 通話メモ", "reports table: 避難先・住所",
        ];
        int[] codePoints = [0x202E, 0x07, 0x1B, 0x85, 0x2066, 0x00, 0x7F];
        var data = new TheoryData<string, int>();
        for (var i = 0; i < paths.Length; i++)
        {
            data.Add(paths[i], codePoints[i % codePoints.Length]);
        }
        return data;
    }

    [SkippableTheory]
    [MemberData(nameof(WritePaths))]
    public async Task EveryWritePath_RefusesControlCharacters_NamingFieldAndCodePoint_And_WritesNothing(string path, int codePoint)
    {
        var before = await CountsAsync();
        var field = path[(path.IndexOf(": ", StringComparison.Ordinal) + 2)..];

        var message = await Write(path, ((char)codePoint).ToString());

        Assert.Contains($"{field}に使用できない制御文字 U+{codePoint:X4} が含まれています", message, StringComparison.Ordinal);
        Assert.Equal(before, await CountsAsync());
    }

    [SkippableTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Imports_RefuseControlCharacters_WithLineColumnAndCodePoint_And_WriteNothing(bool statusList)
    {
        var before = await CountsAsync();
        var csv = statusList
            ? StatusImportTestData.Header + "\r\n"
              + "K0003,佐藤 浩二,サトウ コウジ,1975/02/14,男,無事,避難所,福島県,会津若松市,体育館,,2026/03/13\r\n"
              + "K0001,佐藤\u202E 正男,サトウ マサオ,昭和22年5月3日,男,無事,避難所,福島県,会津若松市,体育館\u001B[2J,,2026/03/13\r\n"
            : "住民番号,世帯番号,続柄,氏名,氏名カナ,生年月日,性別,行政区,住所,電話番号\r\n"
              + "N0001,NH01,世帯主,山田 太郎,ヤマダ タロウ,1950/1/1,男,浜区,汐見町浜1,\r\n"
              + "N0002,NH01,妻,山田\u202E 花子,ヤマダ ハナコ,1952/2/2,女,浜区,汐見町浜1\u001B[2J,\r\n";
        var bytes = new UTF8Encoding(true).GetPreamble().Concat(Encoding.UTF8.GetBytes(csv)).ToArray();

        var errors = statusList
            ? (await new StatusListImportService(Connections, clock).CommitAsync(new MemoryStream(bytes), "list.csv", ReportSource.ShelterList, iwaki)).Errors
            : (await new ResidentImportService(Connections, clock).ImportAsync(new MemoryStream(bytes), dryRun: false)).Errors;

        var column = statusList ? "避難先" : "住所";
        Assert.Equal(2, errors.Count);
        Assert.Contains("3行目 氏名: 使用できない制御文字 U+202E が含まれています", errors.Select(e => e.ToString()));
        Assert.Contains($"3行目 {column}: 使用できない制御文字 U+001B が含まれています", errors.Select(e => e.ToString()));
        Assert.Equal(before, await CountsAsync());
    }

    [SkippableFact]
    public async Task VariationSelectors_SurviveImportSaveAndExport()
    {
        const string Kuzu = "葛\U000E0100";  // 葛󠄀: 葛 with the ideographic variation selector U+E0100
        var csv = "住民番号,世帯番号,続柄,氏名,氏名カナ,生年月日,性別,行政区,住所,電話番号\r\n"
            + $"V0001,VH01,世帯主,{Kuzu}西 辻\uFE00子,カサイ ツジコ,1950/1/1,女,浜区,{Kuzu}飾区,\r\n";
        var import = await new ResidentImportService(Connections, clock).ImportAsync(new MemoryStream(Encoding.UTF8.GetBytes(csv)), dryRun: false);
        Assert.Empty(import.Errors);
        var person = await CallTestData.ResidentAsync(Connections, "V0001");
        var report = new PersonReportDraft(person.ResidentId, person.Version, SafetyStatus.Safe, ReportSource.Self, WhereaboutsType.Shelter, 7,
            "会津若松市", $"{Kuzu}西公民館", null, new Consent(true, null, false), null);
        var saved = await new CallRecordingService(Connections, clock).SaveAsync(
            new CallDraft(CallDirection.Inbound, $"{Kuzu}西 辻\uFE00子", null, "本人", null, [report], WrapUpCodeId: CallTestData.SafetyReportCode), iwaki);
        Assert.True(saved.Saved, string.Join(" / ", saved.Errors.Select(e => e.Message)));

        await using (var connection = await Connections.OpenAsync())
        {
            Assert.Equal(($"{Kuzu}西", "辻\uFE00子", $"{Kuzu}飾区"), await connection.QuerySingleAsync<(string, string, string)>(
                "SELECT FamilyName, GivenName, Address FROM Residents WHERE ResidentNo = 'V0001'"));
            Assert.Equal($"{Kuzu}西公民館", await connection.ExecuteScalarAsync<string>("SELECT Place FROM SafetyReports"));
        }
        using var output = new MemoryStream();
        await new ExportService(Connections, clock).ResidentsAsync(output, new ResidentListFilter(Provisional: null), new ExportOptions(ExportEncoding.Utf8, ExportDates.Western));
        var text = Encoding.UTF8.GetString(output.ToArray());
        Assert.Contains($"{Kuzu}西", text, StringComparison.Ordinal);
        Assert.Contains("辻\uFE00子", text, StringComparison.Ordinal);
    }

    [SkippableTheory]
    [InlineData(ExportEncoding.Utf8)]
    [InlineData(ExportEncoding.Cp932)]
    public async Task Exports_NeverWriteControlCharacters_StoredBeforeTheRule(ExportEncoding encoding)
    {
        await using (var connection = await Connections.OpenAsync())
        {
            // Written past the data layer, as an older version could have stored it.
            await connection.ExecuteAsync("UPDATE Residents SET FamilyName = @Family, Address = @Address WHERE ResidentNo = 'K0001'",
                new { Family = "佐藤\u202E\u0007", Address = "汐見町\u001B[31m浜\u00851-1\u2066" });
        }
        using var output = new MemoryStream();

        var result = await new ExportService(Connections, clock).ResidentsAsync(output, new ResidentListFilter(Provisional: null),
            new ExportOptions(encoding, ExportDates.Western));

        var text = (encoding == ExportEncoding.Cp932 ? TextEncodingDetector.Cp932 : Encoding.UTF8).GetString(output.ToArray());
        Assert.Equal(-1, TextSafety.IndexOfForbidden(text.Replace("\t", "", StringComparison.Ordinal)));
        Assert.Contains("佐藤", text, StringComparison.Ordinal);
        Assert.Contains("汐見町[31m浜1-1", text, StringComparison.Ordinal);
        Assert.Equal(0, result.ReplacedCount);
    }
}

public sealed class TextSafetyWritePathTestsOnSqlite : TextSafetyWritePathTests<OnSqlite>;

public sealed class TextSafetyWritePathTestsOnSqlServer : TextSafetyWritePathTests<OnSqlServer>;
