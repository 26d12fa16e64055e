using System.Text;
using CallCenter.Data.Audit;
using CallCenter.Data.Calls;
using CallCenter.Data.Imports;
using CallCenter.Data.Reports;
using CallCenter.Tests.Data.Calls;
using Dapper;

namespace CallCenter.Tests.Data.Imports;

public abstract class StatusListImportServiceTests<TDb> : StatusImportDatabaseTests<TDb> where TDb : IDatabaseKind
{
    [SkippableFact]
    public async Task Commit_Audits_ARefusedFile_And_AFileWithNothingNew()
    {
        var refused = await CommitAsync(StatusImportTestData.Header + "\r\n,佐藤 浩二,サトウ コウジ,1975/02/14,男,元気,避難所,福島県,会津若松市,体育館,,2026/03/13\r\n");
        await CommitAsync(StatusImportTestData.MixedList);
        var noOp = await CommitAsync(StatusImportTestData.MixedList);

        Assert.False(refused.Succeeded);
        Assert.Null(noOp.StatusImportId);
        await using var connection = await Connections.OpenAsync();
        var rows = (await connection.QueryAsync<(string TargetType, string TargetId, string Details, string UserName)>(
            "SELECT TargetType, TargetId, Details, UserName FROM AuditLog WHERE Action = @Action ORDER BY AuditId",
            new { Action = AuditActions.ImportStatus })).AsList();
        Assert.Equal(["file", "status-import", "file"], rows.Select(r => r.TargetType));
        Assert.All(rows, r => Assert.Equal("sv-aizu", r.UserName));
        Assert.EndsWith("エラー 1件・エラーのため何も書き込んでいません", rows[0].Details, StringComparison.Ordinal);
        Assert.EndsWith("取り込み済み 6行・エラー 0件・新しい行がないため何も書き込んでいません", rows[2].Details, StringComparison.Ordinal);
        Assert.Equal("会津若松市避難所名簿_0313.csv", rows[2].TargetId);
    }

    private async Task<int> ResidentIdAsync(string no) => (await CallTestData.ResidentAsync(Connections, no)).ResidentId;

    [SkippableFact]
    public async Task Commit_WritesReportsForMatchedLines_And_QueuesTheRest()
    {
        var result = await CommitAsync(StatusImportTestData.MixedList);

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Equal("reported 2, queued 4, already imported 0, errors 0", result.Summary);
        var koji = await CallTestData.ResidentAsync(Connections, "S0003");
        Assert.Equal(SafetyStatus.Safe, koji.Status);
        Assert.Equal((WhereaboutsType.Shelter, (byte?)7, "会津若松市", "会津若松市立第一中学校 体育館"),
            (koji.WhereaboutsType!.Value, koji.PrefectureCode, koji.Municipality, koji.Place));
        // 確認日 2026/03/13 (JST) is stored as the start of that day in UTC.
        Assert.Equal(new DateTime(2026, 3, 12, 15, 0, 0, DateTimeKind.Utc), koji.StatusReportedAt);
        var hanako = await CallTestData.ResidentAsync(Connections, "S0201");
        Assert.Equal(SafetyStatus.Injured, hanako.Status);
        Assert.Equal(SafetyStatus.Unconfirmed, (await CallTestData.ResidentAsync(Connections, "S0301")).Status);
        Assert.Equal(SafetyStatus.Unconfirmed, (await CallTestData.ResidentAsync(Connections, "S0101")).Status);
        Assert.Equal(2, await CountAsync("SELECT COUNT(*) FROM SafetyReports WHERE Source = 4"));
        Assert.Equal(6, await CountAsync("SELECT COUNT(*) FROM StatusImportRows"));
        Assert.Equal(4, await Queue.CountPendingAsync(CallCenter.Data.Towns.TownScope.All));
        Assert.Equal(1, await CountAsync("SELECT COUNT(*) FROM AuditLog WHERE Action = @Action AND UserName = 'sv-aizu'", new { Action = AuditActions.ImportStatus }));
        // The dashboard's summary follows the residents' current status.
        Assert.Equal(1, await CountAsync("SELECT COALESCE(SUM(Residents), 0) FROM ResidentCounts WHERE Status = 1"));
        Assert.Equal(1, await CountAsync("SELECT COALESCE(SUM(Residents), 0) FROM ResidentCounts WHERE Status = 2"));
    }

    [SkippableFact]
    public async Task Commit_HoldsA死亡LineForApproval_InsteadOfMakingItCurrent()
    {
        // A police list says 鈴木 一郎 died: like a call, it waits for a supervisor before it becomes his status.
        var list = string.Join("\r\n", StatusImportTestData.Header,
            "S0101,鈴木 一郎,スズキ イチロウ,1960/01/01,男,死亡,その他,福島県,汐見町,,,2026/03/13", "");

        var result = await CommitAsync(list, ReportSource.Agency);

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Equal((1, 1), (result.Reported, result.PendingApproval));
        var ichiro = await CallTestData.ResidentAsync(Connections, "S0101");
        Assert.Equal(SafetyStatus.Unconfirmed, ichiro.Status);
        Assert.Equal(1, await CountAsync("SELECT COUNT(*) FROM Residents WHERE ResidentNo = 'S0101' AND PendingStatus = 5"));
        Assert.Equal(1, await CountAsync("SELECT COUNT(*) FROM ReportApprovals WHERE State = 0"));
        Assert.Equal(0, await CountAsync("SELECT COALESCE(SUM(Residents), 0) FROM ResidentCounts WHERE Status = 5"));
    }

    [SkippableFact]
    public async Task Commit_WritesNoDuplicates_When_TheSameFileIsImportedTwice()
    {
        await CommitAsync(StatusImportTestData.MixedList);
        var reports = await CountAsync("SELECT COUNT(*) FROM SafetyReports");

        var preview = await PreviewAsync(StatusImportTestData.MixedList);
        var again = await CommitAsync(StatusImportTestData.MixedList);

        Assert.Equal(6, preview.AlreadyImported);
        Assert.False(preview.CanCommit);
        Assert.NotNull(preview.FileImportedAt);
        Assert.True(again.Succeeded);
        Assert.Null(again.StatusImportId);
        Assert.Equal("reported 0, queued 0, already imported 6, errors 0", again.Summary);
        Assert.Equal(reports, await CountAsync("SELECT COUNT(*) FROM SafetyReports"));
        Assert.Equal(6, await CountAsync("SELECT COUNT(*) FROM StatusImportRows"));
        Assert.Equal(1, await CountAsync("SELECT COUNT(*) FROM StatusImports"));
    }

    [SkippableFact]
    public async Task Commit_ImportsOnlyNewLines_When_AListOverlapsAnEarlierOne()
    {
        await CommitAsync(StatusImportTestData.MixedList);
        var lines = StatusImportTestData.MixedList.Split("\r\n");
        // The next day's list repeats 佐藤 浩二 unchanged, updates 鈴木 一郎 and adds the same line twice.
        var next = string.Join("\r\n", lines[0], lines[1].Replace("避難所,福島県", "避難所,福島県", StringComparison.Ordinal),
            ",鈴木 一郎,スズキ イチロウ,1960/01/01,男,無事,仮設住宅,福島県,会津若松市,河東町仮設住宅 3-12,,2026/03/14",
            ",鈴木 一郎,スズキ イチロウ,1960/01/01,男,無事,仮設住宅,福島県,会津若松市,河東町仮設住宅 3-12,,2026/03/14", "");

        var result = await CommitAsync(next);

        Assert.Equal("reported 1, queued 0, already imported 2, errors 0", result.Summary);
        var ichiro = await CallTestData.ResidentAsync(Connections, "S0101");
        Assert.Equal((SafetyStatus.Safe, WhereaboutsType.TemporaryHousing), (ichiro.Status, ichiro.WhereaboutsType!.Value));
        Assert.Equal(1, await CountAsync("SELECT COUNT(*) FROM SafetyReports WHERE ResidentId = @Id", new { Id = ichiro.ResidentId }));
    }

    [SkippableFact]
    public async Task Commit_AddsHistoryButKeepsTheNewerStatus_When_AListIsOlderThanACall()
    {
        var koji = await CallTestData.ResidentAsync(Connections, "S0003");
        var saved = await new CallRecordingService(Connections, clock).SaveAsync(
            CallTestData.Draft(CallTestData.Report(koji, SafetyStatus.Hospitalized, WhereaboutsType.Hospital, 7, "会津中央病院")), operatorUser);
        Assert.True(saved.Saved);

        var preview = await PreviewAsync(StatusImportTestData.MixedList);
        var result = await CommitAsync(StatusImportTestData.MixedList);

        Assert.Equal(1, preview.OlderThanCurrent);
        Assert.Equal(1, result.OlderThanCurrent);
        var now = await CallTestData.ResidentAsync(Connections, "S0003");
        Assert.Equal((SafetyStatus.Hospitalized, "会津中央病院"), (now.Status, now.Place));
        Assert.Equal(2, await CountAsync("SELECT COUNT(*) FROM SafetyReports WHERE ResidentId = @Id", new { Id = koji.ResidentId }));
    }

    [SkippableFact]
    public async Task Commit_ReadsCp932_When_TheFileIsShiftJis()
    {
        var csv = string.Join("\r\n", StatusImportTestData.Header,
            ",髙橋 花子,ﾀｶﾊｼ ﾊﾅｺ,1955/09/09,女,無事,福祉施設,福島県,会津若松市,特別養護老人ホーム 鶴ヶ城荘,0242-11-2222,2026/03/12", "");
        var bytes = TextEncodingDetector.Cp932.GetBytes(csv);

        var result = await Service.CommitAsync(new MemoryStream(bytes), "list.csv", ReportSource.Agency, supervisor);

        Assert.Equal("CP932", result.Encoding);
        Assert.Equal("reported 1, queued 0, already imported 0, errors 0", result.Summary);
        var hanako = await CallTestData.ResidentAsync(Connections, "S0301");
        Assert.Equal((SafetyStatus.Safe, "特別養護老人ホーム 鶴ヶ城荘", "0242-11-2222"), (hanako.Status, hanako.Place, hanako.ContactPhone));
        Assert.Equal(1, await CountAsync("SELECT COUNT(*) FROM SafetyReports WHERE Source = 5"));
    }

    [SkippableFact]
    public async Task Commit_RefusesAndWritesNothing_When_LinesHaveErrors()
    {
        var csv = string.Join("\r\n", StatusImportTestData.Header,
            "S0003,佐藤 浩二,サトウ コウジ,1975/02/14,男,無事,避難所,福島県,会津若松市,体育館,,2026/03/13",
            ",佐藤 節子,サトウ セツコ,昭和25年8月1日,女,元気,避難所,福島県,会津若松市,体育館,,2026/03/13",
            ",佐藤 正男,サトウ マサオ,昭和22年5月3日,男,無事,テント,福島,会津若松市,体育館,,2026/03/13",
            ",鈴木 一郎,スズキ イチロウ,1960/01/01,男,無事,避難所,ふくしま,会津若松市,体育館,abc,2026/13/40",
            ",鈴木 一郎,Suzuki,1960/01/01,男,無事,避難所,福島県,会津若松市,体育館,,2026/03/20", "");

        var preview = await PreviewAsync(csv);
        var result = await CommitAsync(csv);

        Assert.False(preview.CanCommit);
        Assert.False(result.Succeeded);
        Assert.Equal(preview.Errors, result.Errors);
        Assert.Contains(result.Errors, e => e is { Line: 3, Column: "安否" } && e.Reason.Contains("元気", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e is { Line: 4, Column: "避難先種別" } && e.Reason.Contains("テント", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e is { Line: 5, Column: "都道府県" });
        Assert.Contains(result.Errors, e => e is { Line: 5, Column: "連絡先" });
        Assert.Contains(result.Errors, e => e is { Line: 5, Column: "確認日" });
        Assert.Contains(result.Errors, e => e is { Line: 6, Column: "氏名カナ" });
        Assert.Contains(result.Errors, e => e is { Line: 6, Column: "確認日" } && e.Reason.Contains("未来", StringComparison.Ordinal));
        Assert.Equal("4行目 避難先種別: 避難所/親族・知人宅/旅館・ホテル/仮設住宅/借上げ住宅/病院/福祉施設/自宅/海外/その他/不明 のいずれかにしてください（テント）",
            result.Errors.Single(e => e.Line == 4 && e.Column == "避難先種別").ToString());
        await AssertNothingWrittenAsync();
    }

    public static TheoryData<string, byte[], string> BadFiles()
    {
        var header = StatusImportTestData.Header;
        var line = ",佐藤 浩二,サトウ コウジ,1975/02/14,男,無事,避難所,福島県,会津若松市,体育館,,2026/03/13";
        // CP932 with a lead byte whose trail is unassigned (0x85 0x40): neither UTF-8 nor CP932.
        byte[] wrong = [.. TextEncodingDetector.Cp932.GetBytes(header + "\r\n"), 0x85, 0x40, .. TextEncodingDetector.Cp932.GetBytes(line + "\r\n")];
        return new TheoryData<string, byte[], string>
        {
            { "wrong encoding", wrong, "文字コード" },
            { "UTF-16", Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(header + "\r\n" + line)).ToArray(), "" },
            { "missing columns", Encoding.UTF8.GetBytes("氏名,氏名カナ,安否\r\n佐藤 浩二,サトウ コウジ,無事\r\n"), "見出し" },
            { "broken quotes", Encoding.UTF8.GetBytes(header + "\r\n" + line.Replace(",体育館,", ",\"体育館,", StringComparison.Ordinal) + "\r\n"), "CSV" },
            { "quote inside a field", Encoding.UTF8.GetBytes(header + "\r\n" + line.Replace(",体育館,", ",体\"育館,", StringComparison.Ordinal) + "\r\n"), "CSV" },
            { "empty", [], "ファイル" },
            { "header only", Encoding.UTF8.GetBytes(header + "\r\n"), "ファイル" },
        };
    }

    [SkippableTheory]
    [MemberData(nameof(BadFiles))]
    public async Task Commit_WritesNothing_When_TheFileIsBad(string kind, byte[] bytes, string column)
    {
        var result = await Service.CommitAsync(new MemoryStream(bytes), kind + ".csv", ReportSource.ShelterList, supervisor);
        var preview = await Service.PreviewAsync(new MemoryStream(bytes), kind + ".csv", ReportSource.ShelterList);

        Assert.False(result.Succeeded, kind);
        Assert.NotEmpty(preview.Errors);
        Assert.Empty(preview.Rows);
        if (column.Length > 0)
        {
            Assert.Contains(result.Errors, e => e.Column == column);
        }
        await AssertNothingWrittenAsync();
    }

    [SkippableFact]
    public async Task Commit_WritesNothing_When_TheFileIsOver50MB()
    {
        var path = Path.Combine(Path.GetTempPath(), $"status-{Guid.NewGuid():N}.csv");
        try
        {
            await using (var file = File.Create(path))
            {
                var line = Encoding.UTF8.GetBytes(",佐藤 浩二,サトウ コウジ,1975/02/14,男,無事,避難所,福島県,会津若松市,体育館,,2026/03/13\r\n");
                await file.WriteAsync(Encoding.UTF8.GetBytes(StatusImportTestData.Header + "\r\n"));
                while (file.Length <= StatusListImportService.MaxFileBytes)
                {
                    await file.WriteAsync(line);
                }
            }
            await using var stream = File.OpenRead(path);
            Assert.True(stream.Length > 50L * 1024 * 1024);

            var result = await Service.CommitAsync(stream, "big.csv", ReportSource.ShelterList, supervisor);

            var error = Assert.Single(result.Errors);
            Assert.Equal("ファイル: ファイルが大きすぎます（50 MB まで）。分けて取り込んでください", error.ToString());
            await AssertNothingWrittenAsync();
        }
        finally
        {
            File.Delete(path);
        }
    }
}

public sealed class StatusListImportServiceTestsOnSqlite : StatusListImportServiceTests<OnSqlite>;

public sealed class StatusListImportServiceTestsOnSqlServer : StatusListImportServiceTests<OnSqlServer>;
