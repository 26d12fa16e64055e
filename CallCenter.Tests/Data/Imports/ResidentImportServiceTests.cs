using System.Text;
using CallCenter.Data.Imports;
using Dapper;

namespace CallCenter.Tests.Data.Imports;

public abstract class ResidentImportServiceTests<TDb> : DatabaseTests<TDb> where TDb : IDatabaseKind
{
    private const string Header = "住民番号,世帯番号,続柄,氏名,氏名カナ,生年月日,性別,行政区,住所,電話番号";

    private static readonly string GoodFile = string.Join("\r\n",
        Header,
        "0000001,H0001,世帯主,髙橋 一郎,タカハシ イチロウ,昭和45年3月12日,男,汐見一区,福島県双葉郡汐見町大字汐見1-1,0240-12-3456",
        "0000002,H0001,妻,髙橋　花子,たかはし はなこ,S47.5.1,女,汐見一区,福島県双葉郡汐見町大字汐見1-1,",
        "0000003,H0001,子,髙橋 翔太,ﾀｶﾊｼ ｼｮｳﾀ,2005/4/2,1,汐見一区,福島県双葉郡汐見町大字汐見1-1,090-1111-2222",
        "0000004,H0002,世帯主,𠮷田 ハル,ヨシダ ハル,大正14年2月3日,F,浜通り,福島県双葉郡汐見町大字浜1,",
        "0000005,H0003,世帯主,山﨑 健,ヤマサキ ケン,H2.1.8,M,請戸,\"福島県双葉郡汐見町大字請戸2-3, 101号\",０２４０－３４－５６７８",
        "0000006,H0003,子,山﨑 美咲,ヤマサキ ミサキ,令和元年5月1日,2,請戸,\"福島県双葉郡汐見町大字請戸2-3, 101号\",",
        "") ;

    private ResidentImportService Service => new(Connections, TimeProvider.System);

    private Task<ResidentImportResult> ImportAsync(string csv, Encoding? encoding = null, bool dryRun = false, bool bom = false)
    {
        encoding ??= new UTF8Encoding(false);
        var bytes = encoding.GetBytes(csv);
        if (bom)
        {
            bytes = [.. encoding.GetPreamble(), .. bytes];
        }
        return Service.ImportAsync(new MemoryStream(bytes), dryRun);
    }

    private async Task<long> CountAsync(string table)
    {
        await using var connection = await Connections.OpenAsync();
        return await connection.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {table}");
    }

    [SkippableFact]
    public async Task Import_InsertsResidentsAndHouseholds_When_FileIsGood()
    {
        var result = await ImportAsync(GoodFile, bom: true);

        Assert.Empty(result.Errors);
        Assert.Equal("inserted 6, updated 0, unchanged 0, errors 0", result.Summary);
        Assert.Equal("UTF-8", result.Encoding);
        Assert.Equal(6, await CountAsync("Residents"));
        Assert.Equal(3, await CountAsync("Households"));
    }

    [SkippableFact]
    public async Task Import_StoresNamesReadingsAndDates_Exactly()
    {
        await ImportAsync(GoodFile);

        await using var connection = await Connections.OpenAsync();
        var rows = (await connection.QueryAsync<(string No, string Family, string Given, string FamilyKana, string GivenKana, DateOnly Birth, int Sex, string? Phone, string? PhoneKey, string KanaKey)>(
            "SELECT ResidentNo, FamilyName, GivenName, FamilyNameKana, GivenNameKana, BirthDate, Sex, Phone, PhoneKey, KanaKey FROM Residents ORDER BY ResidentNo")).ToList();

        Assert.Equal(("髙橋", "一郎", "タカハシ", "イチロウ"), (rows[0].Family, rows[0].Given, rows[0].FamilyKana, rows[0].GivenKana));
        Assert.Equal(new DateOnly(1970, 3, 12), rows[0].Birth);
        Assert.Equal("0240123456", rows[0].PhoneKey);
        Assert.Equal(("髙橋", "花子", "タカハシ", "ハナコ"), (rows[1].Family, rows[1].Given, rows[1].FamilyKana, rows[1].GivenKana));
        Assert.Equal(("タカハシ", "ショウタ"), (rows[2].FamilyKana, rows[2].GivenKana));
        Assert.Equal("𠮷田", rows[3].Family);
        Assert.Equal(new DateOnly(1925, 2, 3), rows[3].Birth);
        Assert.Equal(2, rows[3].Sex);
        Assert.Equal("山﨑", rows[4].Family);
        Assert.Equal(new DateOnly(1990, 1, 8), rows[4].Birth);
        Assert.Equal("0240-34-5678", rows[4].Phone);
        Assert.Equal(new DateOnly(2019, 5, 1), rows[5].Birth);
        Assert.False(string.IsNullOrEmpty(rows[0].KanaKey));
    }

    [SkippableFact]
    public async Task Import_ReadsCp932_When_FileIsShiftJis()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var cp932 = Encoding.GetEncoding(932);
        // 𠮷 cannot be written in CP932; everything else (髙, 﨑 are NEC/IBM extensions) can.
        var csv = GoodFile.Replace("𠮷田", "吉田");

        var result = await ImportAsync(csv, cp932);

        Assert.Empty(result.Errors);
        Assert.Equal("CP932", result.Encoding);
        await using var connection = await Connections.OpenAsync();
        var families = (await connection.QueryAsync<string>("SELECT FamilyName FROM Residents ORDER BY ResidentNo")).ToList();
        Assert.Equal(["髙橋", "髙橋", "髙橋", "吉田", "山﨑", "山﨑"], families);
    }

    [SkippableFact]
    public async Task Import_AcceptsEnglishHeaders()
    {
        var csv = GoodFile.Replace(Header, "resident_no,household_no,relationship,name,name_kana,birth_date,sex,district,address,phone");

        var result = await ImportAsync(csv);

        Assert.Equal("inserted 6, updated 0, unchanged 0, errors 0", result.Summary);
    }

    [SkippableFact]
    public async Task Import_Upserts_When_RunAgainWithChanges()
    {
        await ImportAsync(GoodFile);
        var changed = GoodFile
            .Replace("0000002,H0001,妻,髙橋　花子", "0000002,H0001,妻,髙橋　華子")
            .Replace("汐見一区,福島県双葉郡汐見町大字汐見1-1,0240-12-3456", "汐見二区,福島県双葉郡汐見町大字汐見1-1,0240-12-3456")
            + "0000007,H0004,世帯主,澤田 進,サワダ ススム,1950/1/1,男,新町,,\r\n";

        var result = await ImportAsync(changed);

        Assert.Equal("inserted 1, updated 2, unchanged 4, errors 0", result.Summary);
        Assert.Equal(7, await CountAsync("Residents"));
        Assert.Equal(4, await CountAsync("Households"));
        await using var connection = await Connections.OpenAsync();
        Assert.Equal("華子", await connection.ExecuteScalarAsync<string>("SELECT GivenName FROM Residents WHERE ResidentNo = '0000002'"));
        Assert.Equal("汐見二区", await connection.ExecuteScalarAsync<string>("SELECT District FROM Households WHERE HouseholdNo = 'H0001'"));
    }

    [SkippableFact]
    public async Task Import_ReportsAllUnchanged_When_SameFileTwice()
    {
        await ImportAsync(GoodFile);

        var again = await ImportAsync(GoodFile);

        Assert.Equal("inserted 0, updated 0, unchanged 6, errors 0", again.Summary);
    }

    [SkippableFact]
    public async Task Import_WritesNothing_When_DryRun()
    {
        var result = await ImportAsync(GoodFile, dryRun: true);

        Assert.Equal("inserted 6, updated 0, unchanged 0, errors 0", result.Summary);
        Assert.False(result.Committed);
        Assert.Equal(0, await CountAsync("Residents"));
        Assert.Equal(0, await CountAsync("Households"));
    }

    [SkippableFact]
    public async Task Import_ListsEveryBadRowAndWritesNothing_When_RowsAreInvalid()
    {
        var csv = string.Join("\r\n",
            Header,
            "0000001,H0001,世帯主,髙橋 一郎,タカハシ イチロウ,昭和45年3月12日,男,汐見一区,,",
            "0000002,H0001,妻,髙橋花子,タカハシ ハナコ,1972/2/30,女,汐見一区,,",
            "0000003,H0001,子,髙橋 翔太,高橋 しょうた,昭和64年1月8日,3,汐見一区,,",
            ",H0002,世帯主,佐藤 進,サトウ ススム,1950/1/1,男,,,電話なし",
            "0000001,H0002,世帯主,佐藤 進,サトウ ススム,1950/1/1,男,,,",
            "0000006,H0003,世帯主,佐藤 進,サトウ ススム,1950/1/1,男,,",
            "");

        var result = await ImportAsync(csv);

        Assert.Equal(0, result.Inserted);
        string[] expected =
        [
            "3行目 氏名", "3行目 生年月日", "4行目 氏名カナ", "4行目 生年月日", "4行目 性別",
            "5行目 住民番号", "5行目 電話番号", "6行目 住民番号", "7行目 行",
        ];
        var messages = result.Errors.Select(e => e.ToString()).ToList();
        foreach (var prefix in expected)
        {
            Assert.Contains(messages, m => m.StartsWith(prefix, StringComparison.Ordinal));
        }
        Assert.Equal(expected.Length, result.Errors.Count);
        Assert.Contains(messages, m => m.Contains("2行目と同じ"));
        Assert.Equal("inserted 0, updated 0, unchanged 0, errors 9", result.Summary);
        Assert.Equal(0, await CountAsync("Residents"));
        Assert.Equal(0, await CountAsync("Households"));
    }

    [SkippableFact]
    public async Task Import_LeavesExistingDataAsItWas_When_SecondFileHasOneBadRow()
    {
        await ImportAsync(GoodFile);
        var bad = GoodFile.Replace("髙橋 一郎", "髙橋 次郎").Replace("S47.5.1", "S47.5.32");

        var result = await ImportAsync(bad);

        Assert.Single(result.Errors);
        await using var connection = await Connections.OpenAsync();
        Assert.Equal("一郎", await connection.ExecuteScalarAsync<string>("SELECT GivenName FROM Residents WHERE ResidentNo = '0000001'"));
    }

    [SkippableTheory]
    [InlineData("", "ファイルが空です")]
    [InlineData("\r\n", "見出し行がありません")]
    [InlineData("住民番号,世帯番号,氏名,生年月日\r\n1,H1,佐藤 進,1950/1/1\r\n", "必須の列がありません: 氏名カナ、性別")]
    [InlineData("住民番号,世帯番号,続柄,氏名,氏名カナ,生年月日,性別\r\n", "データ行がありません")]
    [InlineData("住民番号,世帯番号,続柄,氏名,氏名カナ,生年月日,性別\r\n1,H1,世帯主,\"佐藤 進,サトウ ススム,1950/1/1,男\r\n", "閉じられていません")]
    [InlineData("住民番号,住民番号,世帯番号,続柄,氏名,氏名カナ,生年月日,性別\r\n", "見出しが重複しています")]
    public async Task Import_ExplainsWhy_When_FileIsUnusable(string csv, string reason)
    {
        var result = await ImportAsync(csv);

        Assert.Contains(result.Errors, e => e.ToString().Contains(reason));
        Assert.Equal(0, result.Inserted);
        Assert.Equal(0, await CountAsync("Residents"));
    }

    [SkippableFact]
    public async Task Import_RejectsFile_When_BytesAreNeitherUtf8NorCp932()
    {
        var bytes = new UTF8Encoding(false).GetBytes(Header + "\r\n0000001,H1,世帯主,佐藤 進,サトウ ススム,1950/1/1,男,,,\r\n").ToList();
        bytes.AddRange([0xFF, 0xFE, 0xFD, 0x0D, 0x0A]);

        var result = await Service.ImportAsync(new MemoryStream(bytes.ToArray()), dryRun: false);

        Assert.Contains(result.Errors, e => e.Column == "文字コード");
        Assert.Equal(0, await CountAsync("Residents"));
    }

    [SkippableFact]
    public async Task Import_KeepsCurrentStatus_When_RegisterIsReimported()
    {
        await ImportAsync(GoodFile);
        await using (var connection = await Connections.OpenAsync())
        {
            await connection.ExecuteAsync("UPDATE Residents SET Status = 1 WHERE ResidentNo = '0000001'");
        }

        await ImportAsync(GoodFile.Replace("髙橋 一郎", "高橋 一郎"));

        await using var check = await Connections.OpenAsync();
        Assert.Equal(1, await check.ExecuteScalarAsync<int>("SELECT Status FROM Residents WHERE ResidentNo = '0000001'"));
        Assert.Equal("高橋", await check.ExecuteScalarAsync<string>("SELECT FamilyName FROM Residents WHERE ResidentNo = '0000001'"));
    }

    /// <summary>
    /// Every row of the tables an import touches, as text, sorted: equal snapshots mean the database is exactly
    /// as it was (not only the same counts).
    /// </summary>
    private async Task<string> SnapshotAsync()
    {
        await using var connection = await Connections.OpenAsync();
        var text = new StringBuilder();
        foreach (var table in new[] { "Households", "Residents", "ResidentCounts", "DailyConfirmations", "SafetyReports" })
        {
            var rows = (await connection.QueryAsync($"SELECT * FROM {table}"))
                .Select(row => string.Join("|", ((IDictionary<string, object?>)row).Select(c => $"{c.Key}={Convert.ToString(c.Value, System.Globalization.CultureInfo.InvariantCulture)}")))
                .Order(StringComparer.Ordinal)
                .ToList();
            text.Append(table).Append(' ').Append(rows.Count).Append('\n');
            foreach (var row in rows)
            {
                text.Append(row).Append('\n');
            }
        }
        return text.ToString();
    }

    private static byte[] BadFile(string kind)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var changed = GoodFile.Replace("髙橋 一郎", "髙橋 次郎");
        return kind switch
        {
            "utf-16 with BOM" => [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(changed)],
            "utf-16 without BOM" => Encoding.Unicode.GetBytes(changed),
            "utf-16 big-endian" => [.. Encoding.BigEndianUnicode.GetPreamble(), .. Encoding.BigEndianUnicode.GetBytes(changed)],
            "euc-jp" => Encoding.GetEncoding(51932).GetBytes(changed.Replace("𠮷田", "吉田").Replace("﨑", "崎").Replace("髙", "高")),
            "missing columns" => Encoding.UTF8.GetBytes(changed.Replace("氏名カナ", "ふりがな列")),
            "broken quotes" => Encoding.UTF8.GetBytes(changed.Replace("\"福島県双葉郡汐見町大字請戸2-3, 101号\",０２４０", "\"福島県双葉郡汐見町大字請戸2-3, 101号,０２４０")),
            "quote inside a field" => Encoding.UTF8.GetBytes(changed.Replace("汐見一区,福島県", "汐見\"一区,福島県")),
            "empty" => [],
            "header only" => Encoding.UTF8.GetBytes(Header + "\r\n"),
            "bad last row" => Encoding.UTF8.GetBytes(changed + "0000099,H0099,世帯主,佐藤 進,サトウ ススム,昭和99年1月1日,男,,,\r\n"),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
    }

    [SkippableTheory]
    [InlineData("utf-16 with BOM", "UTF-16 のファイルは読めません")]
    [InlineData("utf-16 without BOM", "UTF-16 のファイルは読めません")]
    [InlineData("utf-16 big-endian", "UTF-16 のファイルは読めません")]
    [InlineData("euc-jp", "EUC-JP のファイルは読めません")]
    [InlineData("missing columns", "必須の列がありません: 氏名カナ")]
    [InlineData("broken quotes", "7行目 CSV: 7行目: 引用符（\"）の後に区切り以外の文字があります")]
    [InlineData("quote inside a field", "2行目 CSV: 2行目: 引用符（\"）で囲まれていない項目の中に引用符があります")]
    [InlineData("empty", "ファイルが空です")]
    [InlineData("header only", "データ行がありません")]
    [InlineData("bad last row", "8行目 生年月日")]
    public async Task Import_LeavesTheDatabaseExactlyAsItWas_When_FileIsBad(string kind, string reason)
    {
        await ImportAsync(GoodFile);
        await using (var connection = await Connections.OpenAsync())
        {
            await connection.ExecuteAsync("UPDATE Residents SET Status = 1 WHERE ResidentNo = '0000004'");
        }
        var before = await SnapshotAsync();

        var result = await Service.ImportAsync(new MemoryStream(BadFile(kind)), dryRun: false);

        Assert.False(result.Committed);
        Assert.Contains(result.Errors, e => e.ToString().Contains(reason, StringComparison.Ordinal));
        Assert.Equal("inserted 0, updated 0, unchanged 0", result.Summary[..result.Summary.LastIndexOf(',')]);
        Assert.Equal(before, await SnapshotAsync());
    }

    [SkippableFact]
    public async Task Import_WritesNothing_When_A50MegabyteFileHasOneBadRowAtTheEnd()
    {
        await ImportAsync(GoodFile);
        var before = await SnapshotAsync();
        var folder = Directory.CreateTempSubdirectory("callcenter-register-");
        var path = Path.Combine(folder.FullName, "register-50mb.csv");
        try
        {
            // Just under 50 MiB (the upload page's default limit): long addresses keep the row count moderate.
            const long limit = 50L * 1024 * 1024;
            var address = "福島県双葉郡汐見町大字汐見" + new string('丁', 150);
            var rows = 0;
            await using (var file = new StreamWriter(path, append: false, new UTF8Encoding(true)))
            {
                file.NewLine = "\r\n";
                await file.WriteLineAsync(Header);
                while (file.BaseStream.Length < limit - 4096)
                {
                    rows++;
                    await file.WriteLineAsync($"{rows + 1000000},H{rows / 3 + 100000},世帯主,髙橋 一郎{rows},タカハシ イチロウ,昭和45年3月12日,男,汐見一区,{address},0240-12-3456");
                    if (rows % 1000 == 0)
                    {
                        await file.FlushAsync();
                    }
                }
                await file.WriteLineAsync("9999999,H9999999,世帯主,佐藤 進,サトウ ススム,1950/2/30,男,,,");
            }
            var size = new FileInfo(path).Length;
            Assert.InRange(size, limit - 8192, limit);

            var result = await Service.ImportFileAsync(path, dryRun: false);

            var error = Assert.Single(result.Errors);
            Assert.Equal((rows + 2, "生年月日"), (error.Line, error.Column));
            Assert.Equal(before, await SnapshotAsync());
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [SkippableFact]
    public async Task ImportFile_ExplainsWhy_When_FileIsMissing()
    {
        var result = await Service.ImportFileAsync("/nonexistent/register.csv", dryRun: false);

        Assert.Contains("ファイルが見つかりません", Assert.Single(result.Errors).ToString());
    }

    // Rows are parsed on one thread and staged on another in batches: a file of many batches must come out exactly
    // as the lines went in (ids in file order, each error on its own line).
    private static string ManyRows(int count, Func<int, string>? residentNo = null) =>
        string.Join("\r\n", Enumerable.Range(1, count)
            .Select(i => $"{residentNo?.Invoke(i) ?? i.ToString("0000000", System.Globalization.CultureInfo.InvariantCulture)},H{(i + 1) / 2:00000},{(i % 2 == 1 ? "世帯主" : "妻")},佐藤 太郎{i},サトウ タロウ,昭和45年3月12日,男,汐見一区,福島県双葉郡汐見町大字汐見{i},")
            .Prepend(Header)) + "\r\n";

    [SkippableFact]
    public async Task Import_KeepsFileOrder_When_TheFileSpansManyBatches()
    {
        var result = await ImportAsync(ManyRows(2_000));

        Assert.Empty(result.Errors);
        Assert.Equal("inserted 2000, updated 0, unchanged 0, errors 0", result.Summary);
        await using var connection = await Connections.OpenAsync();
        var numbers = (await connection.QueryAsync<string>("SELECT ResidentNo FROM Residents ORDER BY ResidentId")).ToList();
        Assert.Equal(Enumerable.Range(1, 2_000).Select(i => i.ToString("0000000", System.Globalization.CultureInfo.InvariantCulture)), numbers);
        Assert.Equal("福島県双葉郡汐見町大字汐見1999", await connection.ExecuteScalarAsync<string>("SELECT Address FROM Residents WHERE ResidentNo = '0001999'"));
    }

    [SkippableFact]
    public async Task Import_ReportsEachErrorOnItsLine_And_WritesNothing_When_TheFileSpansManyBatches()
    {
        // Line 1,801 (row 1,800) repeats row 3's number; line 1,951 has no number at all.
        var csv = ManyRows(2_000, i => i switch { 1_800 => "0000003", 1_950 => "", _ => i.ToString("0000000", System.Globalization.CultureInfo.InvariantCulture) });

        var result = await ImportAsync(csv);

        Assert.Equal([1_801, 1_951], result.Errors.Select(e => e.Line));
        Assert.Contains("4行目と同じ 0000003", result.Errors[0].ToString());
        Assert.Equal(0, await CountAsync("Residents"));
        Assert.Equal(0, await CountAsync("Households"));
    }

    [SkippableFact]
    public async Task Import_StopsAndWritesNothing_When_CancelledInTheMiddle_And_TheNextImportWorks()
    {
        using var cancel = new CancellationTokenSource();
        var bytes = new UTF8Encoding(false).GetBytes(ManyRows(3_000));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            Service.ImportAsync(new MemoryStream(bytes), dryRun: false, new CancelAt(1_000, cancel), cancel.Token));

        Assert.Equal(0, await CountAsync("Residents"));
        var result = await Service.ImportAsync(new MemoryStream(bytes), dryRun: false);
        Assert.Equal("inserted 3000, updated 0, unchanged 0, errors 0", result.Summary);
    }

    /// <summary>Cancels the import as soon as it reports <paramref name="rows"/> rows read (on the reading thread).</summary>
    private sealed class CancelAt(int rows, CancellationTokenSource cancel) : IProgress<int>
    {
        public void Report(int value)
        {
            if (value >= rows)
            {
                cancel.Cancel();
            }
        }
    }
}

public sealed class ResidentImportServiceTestsOnSqlite : ResidentImportServiceTests<OnSqlite>;

public sealed class ResidentImportServiceTestsOnSqlServer : ResidentImportServiceTests<OnSqlServer>;
