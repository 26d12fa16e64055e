using System.Text;
using CallCenter.Data.Accounts;
using CallCenter.Data.Audit;
using CallCenter.Data.Calls;
using CallCenter.Data.Intentions;
using CallCenter.Tests.Data.Calls;
using Dapper;

namespace CallCenter.Tests.Data.Intentions;

/// <summary>
/// The intention import (postal returns): all or nothing with every problem named, the latest-answer rule across the
/// file and the database, identical answers never written twice, dry runs, new rounds, both encodings.
/// </summary>
public abstract class IntentionImportServiceTests<TDb> : DatabaseTests<TDb> where TDb : IDatabaseKind
{
    // 2026-03-14 10:30 in Japan.
    private readonly TestClock clock = new(new DateTimeOffset(2026, 3, 14, 1, 30, 0, TimeSpan.Zero));
    private OperatorContext supervisor = null!;

    protected const string Header = "世帯番号,住民番号,回答日,帰還意向,判断に必要なこと,戻らない理由,希望する住まい,回答者,経路";

    private IntentionImportService Service => new(Connections, clock);

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await CallTestData.ImportAsync(Connections, CallTestData.FiveMemberRegister);
        supervisor = await CallTestData.StaffAsync(Connections, clock, "sv-aizu", "会津 監督", UserRole.Supervisor, "会津若松");
    }

    protected Task<IntentionImportResult> ImportAsync(string csv, bool dryRun = false, string round = "2026年度", Encoding? encoding = null) =>
        ImportBytesAsync((encoding ?? new UTF8Encoding(false)).GetBytes(csv), dryRun, round);

    protected async Task<IntentionImportResult> ImportBytesAsync(byte[] bytes, bool dryRun = false, string round = "2026年度")
    {
        using var stream = new MemoryStream(bytes);
        return await Service.ImportAsync(stream, "postal.csv", round, dryRun, supervisor);
    }

    private Task<int> CountAsync(string sql) => IntentionTestData.CountAsync(Connections, sql);

    private Task<IReadOnlyList<(string HouseholdNo, string AnsweredOn, int Intention)>> CountingAsync() =>
        IntentionTestData.CountingAsync(Connections, "2026年度");

    private async Task<IReadOnlyList<string>> AuditAsync()
    {
        await using var connection = await Connections.OpenAsync();
        return [.. await connection.QueryAsync<string>("SELECT Details FROM AuditLog WHERE Action = @A ORDER BY AuditId", new { A = AuditActions.ImportIntentions })];
    }

    [SkippableFact]
    public async Task Import_CreatesTheRound_RecordsEveryField_And_PrintsTheCounts()
    {
        var result = await ImportAsync($"""
            {Header}
            KH01,,2026/03/01,戻らない,,避難先で生活基盤ができた;仕事、その他,賃貸,佐藤 正男,
            ,K0101,令和8年3月2日,まだ判断がつかない,働く場の確保；学校の再開,,未定,,窓口
            """);

        Assert.True(result.Committed, string.Join("\n", result.Errors));
        Assert.True(result.RoundCreated);
        Assert.Equal("answered 2, updated 0, unchanged 0, errors 0", result.Summary);
        Assert.Equal([("KH01", "2026-03-01", 3), ("KH02", "2026-03-02", 2)], await CountingAsync());
        var kh01 = Assert.Single(await new IntentionAnswers(Connections, clock).HistoryAsync(await IntentionTestData.HouseholdIdAsync(Connections, "KH01")));
        Assert.Equal(NotReturningReasons.SettledElsewhere | NotReturningReasons.Work | NotReturningReasons.Other, kh01.Reasons);
        Assert.Equal((HousingWish.Rental, "佐藤 正男", AnswerChannel.Post, (long?)null), (kh01.Housing, kh01.Respondent, kh01.Channel, kh01.CallId));
        var kh02 = Assert.Single(await new IntentionAnswers(Connections, clock).HistoryAsync(await IntentionTestData.HouseholdIdAsync(Connections, "KH02")));
        Assert.Equal((IntentionNeeds.Jobs | IntentionNeeds.Schools, AnswerChannel.Counter, HousingWish.Undecided), (kh02.Needs, kh02.Channel, kh02.Housing));
        Assert.Equal(["回答ラウンド「2026年度」を作成"], await AuditOfRoundsAsync());
        Assert.Equal(["ファイル postal.csv・回答ラウンド 2026年度（新規作成）・文字コード UTF-8・新規 2・更新 0・変更なし 0"], await AuditAsync());
    }

    private async Task<IReadOnlyList<string>> AuditOfRoundsAsync()
    {
        await using var connection = await Connections.OpenAsync();
        return [.. await connection.QueryAsync<string>("SELECT Details FROM AuditLog WHERE Action = @A", new { A = AuditActions.EditSurveyRounds })];
    }

    [SkippableFact]
    public async Task Import_OfTheSameFileTwice_WritesNothingTheSecondTime()
    {
        var csv = $"""
            {Header}
            KH01,,2026/03/01,戻りたい,住宅再建の支援,,復興公営住宅,佐藤 正男,郵送
            KH02,,2026/03/01,既に戻っている,,,,,
            """;
        Assert.Equal("answered 2, updated 0, unchanged 0, errors 0", (await ImportAsync(csv)).Summary);

        var second = await ImportAsync(csv);

        Assert.Equal("answered 0, updated 0, unchanged 2, errors 0", second.Summary);
        Assert.False(second.RoundCreated);
        Assert.Equal(2, await CountAsync("SELECT COUNT(*) FROM IntentionAnswers"));
    }

    [SkippableFact]
    public async Task Import_LaterDated_Updates_EarlierDated_IsHistoryOnly_And_TwoLinesOfAHousehold_FollowTheRule()
    {
        Assert.Equal("answered 2, updated 0, unchanged 0, errors 0", (await ImportAsync($"""
            {Header}
            KH01,,2026/03/05,判断がつかない,,,,,
            KH02,,2026/03/05,判断がつかない,,,,,
            """)).Summary);

        var result = await ImportAsync($"""
            {Header}
            KH01,,2026/03/10,戻りたい,,,,,
            KH02,,2026/03/01,戻らない,,,,,
            KH01,,2026/03/08,既に戻っている,,,,,
            KH01,,2026/03/10,戻らない,,,,,
            """);

        // KH01: the 10th replaces the 5th (updated); the 8th is earlier than the 10th (history); the second line of the 10th is later in the file (updated).
        // KH02: the 1st is earlier than the 5th (history).
        Assert.Equal("answered 0, updated 2, unchanged 2, errors 0", result.Summary);
        Assert.Equal([("KH01", "2026-03-10", 3), ("KH02", "2026-03-05", 2)], await CountingAsync());
        Assert.Equal(6, await CountAsync("SELECT COUNT(*) FROM IntentionAnswers"));
        Assert.Equal(["更新", "履歴のみ", "履歴のみ", "更新"], result.Preview.Select(l => l.Effect));
    }

    [SkippableFact]
    public async Task DryRun_CountsAsTheImportWould_And_WritesNothing_NotEvenTheRound()
    {
        var result = await ImportAsync($"""
            {Header}
            KH01,,2026/03/01,戻りたい,,,,,
            KH01,,2026/03/01,戻りたい,,,,,
            """, dryRun: true);

        Assert.Equal("answered 1, updated 0, unchanged 1, errors 0", result.Summary);
        Assert.True(result.RoundCreated);
        Assert.False(result.Committed);
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM SurveyRounds"));
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM IntentionAnswers"));
        Assert.Equal(["ファイル postal.csv・回答ラウンド 2026年度（新規作成）・文字コード UTF-8・新規 1・更新 0・変更なし 1・確認のみ（書き込みなし）"], await AuditAsync());
    }

    [SkippableFact]
    public async Task Import_IntoAClosedRound_IsRefused()
    {
        var rounds = new SurveyRounds(Connections, clock);
        Assert.Null(await rounds.CreateAsync("2026年度", supervisor));
        Assert.Null(await rounds.SetClosedAsync((await rounds.CurrentAsync())!.RoundId, true, supervisor));

        var result = await ImportAsync($"{Header}\nKH01,,2026/03/01,戻りたい,,,,,\n");

        Assert.Equal("回答ラウンド: 回答ラウンド「2026年度」は締め切られています（取り込むには再開してください）", Assert.Single(result.Errors).ToString());
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM IntentionAnswers"));
    }

    [SkippableFact]
    public async Task Import_ListsEveryBadLine_WithLineColumnAndReason_And_WritesNothing()
    {
        var result = await ImportAsync($"""
            {Header}
            KH01,,2026/03/01,戻りたい,,,,,
            KH99,,2026/03/01,戻りたい,,,,,
            ,K9999,2026/03/01,戻りたい,,,,,
            KH02,K0001,2026/03/01,戻りたい,,,,,
            ,,2026/03/01,戻りたい,,,,,
            KH01,,2026/02/30,戻りたい,,,,,
            KH01,,2026/03/15,戻りたい,,,,,
            KH01,,2026/03/01,たぶん戻る,,,,,
            KH01,,2026/03/01,戻りたい,学校,,,,
            KH01,,2026/03/01,戻らない,,放射線,,,
            KH01,,2026/03/01,戻りたい,,仕事,,,
            KH01,,2026/03/01,戻りたい,,,社宅,,
            KH01,,2026/03/01,戻りたい,,,,,FAX
            KH01,,2026/03/01,戻りたい,,,,{new string('佐', 51)},
            KH01,,,戻りたい,,,,,
            KH01,,2026/03/01
            """);

        Assert.False(result.Committed);
        Assert.Equal(
        [
            "3行目 世帯番号: 世帯番号「KH99」は住民台帳にありません",
            "4行目 住民番号: 住民番号「K9999」は住民台帳にありません（または世帯がありません）",
            "5行目 住民番号: 住民番号「K0001」の世帯（世帯番号 KH01）が世帯番号「KH02」と違います",
            "6行目 世帯番号: 世帯番号か住民番号のどちらかを入力してください",
            "7行目 回答日: 存在しない日付です（2026/02/30）",
            "8行目 回答日: 未来の日付です（2026/03/15）",
            "9行目 帰還意向: 「たぶん戻る」は選択肢にありません（戻りたい、判断がつかない、戻らない、既に戻っている またはその正式な表記）",
            "10行目 判断に必要なこと: 「学校」は選択肢にありません",
            "11行目 戻らない理由: 「放射線」は選択肢にありません",
            "12行目 戻らない理由: 帰還意向が「戻りたいと考えている」のときは書けません（「戻らないと決めている」のときだけ）",
            "13行目 希望する住まい: 「社宅」は選択肢にありません（復興公営住宅、持ち家、賃貸、未定）",
            "14行目 経路: 「FAX」は選択肢にありません（電話、郵送、窓口、Web）",
            "15行目 回答者: 50文字以内にしてください（51文字）",
            "16行目 回答日: 必須項目が空です",
            "17行目 行: 項目数が3個です（見出しは9個）",
        ], result.Errors.Select(e => e.ToString()));
        Assert.Equal("answered 0, updated 0, unchanged 0, errors 15", result.Summary);
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM SurveyRounds"));
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM IntentionAnswers"));
        Assert.Equal(["ファイル postal.csv・回答ラウンド 2026年度（新規作成）・文字コード UTF-8・エラー 15件のため取込なし"], await AuditAsync());
    }

    [SkippableFact]
    public async Task Import_RefusesAFileWithoutANumberColumn_OrARequiredColumn()
    {
        Assert.Equal(["1行目 見出し: 世帯番号か住民番号の列が必要です"],
            (await ImportAsync("回答日,帰還意向\n2026/03/01,戻りたい\n")).Errors.Select(e => e.ToString()));
        Assert.Equal(["1行目 見出し: 必須の列がありません: 回答日"],
            (await ImportAsync("世帯番号,帰還意向\nKH01,戻りたい\n")).Errors.Select(e => e.ToString()));
        Assert.Equal(["ファイル: データ行がありません"], (await ImportAsync($"{Header}\n")).Errors.Select(e => e.ToString()));
    }

    [SkippableFact]
    public async Task Import_ReadsEnglishHeaders_And_Cp932()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var result = await ImportAsync("""
            resident_no,answered_on,intention,needs,housing,respondent,channel
            K0003,R8.3.2,既に町内で生活している,,持ち家,佐藤 浩二,Ｗｅｂ
            """, encoding: Encoding.GetEncoding(932));

        Assert.True(result.Committed, string.Join("\n", result.Errors));
        Assert.Equal("CP932", result.Encoding);
        var answer = Assert.Single(await new IntentionAnswers(Connections, clock).HistoryAsync(await IntentionTestData.HouseholdIdAsync(Connections, "KH01")));
        Assert.Equal((ReturnIntention.AlreadyBack, "佐藤 浩二", AnswerChannel.Web, new DateOnly(2026, 3, 2)),
            (answer.Intention, answer.Respondent, answer.Channel, answer.AnsweredOn));
    }
}

public sealed class IntentionImportServiceTestsOnSqlite : IntentionImportServiceTests<OnSqlite>
{
    /// <summary>
    /// 100,001 lines of multibyte text (the buffers of the decoder and the CSV reader end inside characters): every line
    /// is read, and a bad last line is named by its physical line.
    /// </summary>
    [Fact]
    public async Task Import_OfALargeUtf8File_ReadsEveryLine_And_NamesTheLastLineRight()
    {
        var csv = new StringBuilder(Header).Append('\n');
        for (var i = 0; i < 100_000; i++)
        {
            csv.Append(i % 2 == 0 ? "KH01" : "KH02").Append(",,2026/03/01,戻らない,,避難先で生活基盤ができた、放射線への不安,復興公営住宅,佐藤　").Append(i.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append("郎,郵送\n");
        }
        // Every line a new answer of the same date: each later line replaces its household's counting answer.
        var good = await ImportAsync(csv.ToString(), dryRun: true);
        Assert.Equal("answered 2, updated 99998, unchanged 0, errors 0", good.Summary);

        csv.Append("KH01,,2026/03/01,戻りたい,,仕事,,,\n");
        var bad = await ImportAsync(csv.ToString());
        Assert.Equal("100002行目 戻らない理由: 帰還意向が「戻りたいと考えている」のときは書けません（「戻らないと決めている」のときだけ）",
            Assert.Single(bad.Errors).ToString());
    }
}

public sealed class IntentionImportServiceTestsOnSqlServer : IntentionImportServiceTests<OnSqlServer>;
