using System.Diagnostics;
using System.Text;
using CallCenter.Data.Accounts;
using CallCenter.Data.Calls;
using CallCenter.Data.Imports;
using CallCenter.Data.Reports;
using CallCenter.Tests.Data.Calls;
using Dapper;
using Xunit.Abstractions;

namespace CallCenter.Tests.Data.Imports;

/// <summary>
/// Registers and status lists as legacy systems write them (CP932 with every extension form, UTF-8), at the
/// sizes a town and a district have, with double-byte characters across every read-buffer boundary; and each
/// message of the encoding check.
/// </summary>
public abstract class ImportEncodingTests<TDb>(ITestOutputHelper output) : DatabaseTests<TDb> where TDb : IDatabaseKind
{
    private const string RegisterHeader = "住民番号,世帯番号,続柄,氏名,氏名カナ,生年月日,性別,行政区,住所,電話番号\r\n";
    private const string StatusHeader = "住民番号,氏名,氏名カナ,生年月日,性別,安否,避難先種別,都道府県,市区町村,避難先,連絡先,確認日\r\n";

    private static readonly Encoding DotNet932 = CreateDotNet932();

    private static Encoding CreateDotNet932()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(932);
    }

    // Extension characters the files write in their NEC-selected form on odd rows (the form NEC-made systems and
    // Python's cp932 write), in .NET's IBM form on even rows.
    private static readonly Dictionary<char, byte[]> NecSelected = new()
    {
        ['﨑'] = [0xED, 0x95],
        ['髙'] = [0xEE, 0xE0],
        ['德'] = [0xED, 0x9E],
        ['ⅲ'] = [0xEE, 0xF1],
    };

    private static readonly (string Family, string Kana)[] Families =
    [
        ("髙橋", "タカハシ"), ("山﨑", "ヤマサキ"), ("德永", "トクナガ"), ("佐藤", "サトウ"), ("渡邉", "ワタナベ"), ("齋藤", "サイトウ"),
    ];

    private static readonly (string Given, string Kana)[] Givens = [("一郎", "イチロウ"), ("花子", "ハナコ"), ("美咲", "ミサキ"), ("進", "ススム")];

    private readonly TestClock clock = new(new DateTimeOffset(2026, 3, 14, 1, 30, 0, TimeSpan.Zero));

    private ResidentImportService Residents => new(Connections, clock);

    private StatusListImportService StatusLists => new(Connections, clock);

    /// <summary>One generated file: its bytes and, per 住民番号, the 氏名 and place it holds.</summary>
    private sealed record Generated(byte[] Bytes, List<(string No, string Family, string Given, string Text)> Rows);

    /// <summary>
    /// A register (or status list) of <paramref name="count"/> rows. Before each power-of-two offset from 4 KiB to
    /// 1 MiB, blank lines (skipped by both imports) shift the next row so that the first character of its 氏名 starts
    /// 1, 2 or 3 bytes before the boundary: the character is cut by the boundary in every way its encoding allows.
    /// </summary>
    private static Generated Generate(int count, bool cp932, bool statusList)
    {
        var bytes = new MemoryStream();
        var rows = new List<(string, string, string, string)>(count);
        var header = statusList ? StatusHeader : RegisterHeader;
        bytes.Write(cp932 ? DotNet932.GetBytes(header) : Encoding.UTF8.GetBytes(header));
        var boundaries = Enumerable.Range(12, 9).Select(p => 1L << p).ToList(); // 4 KiB .. 1 MiB
        var cache = new Dictionary<(char, bool), byte[]>();
        var k = 0;
        for (var i = 1; i <= count; i++)
        {
            var (family, familyKana) = Families[i % Families.Length];
            var (given, givenKana) = Givens[i / Families.Length % Givens.Length];
            var no = $"R{i:D7}";
            var prefix = statusList ? $"{no}," : $"{no},H{i / 4:D7},世帯主,";
            var atBoundary = k < boundaries.Count && boundaries[k] - 1 < bytes.Length + 300;
            if (atBoundary && !cp932 && k % 2 == 0)
            {
                family = "𠮷田"; // four bytes in UTF-8; the reading stays, so a status list still matches the register
            }
            var text = statusList ? $"会津若松市立第{i % 9 + 1}中学校 体育館ⅲ" : $"福島県双葉郡汐見町大字浜{i % 97}番地①";
            var rest = statusList
                ? $"{family} {given},{familyKana} {givenKana},昭和45年3月12日,男,無事,避難所,福島県,会津若松市,{text},,2026/03/13\r\n"
                : $"{family} {given},{familyKana} {givenKana},昭和45年3月12日,男,汐見一区,{text},\r\n";
            var necForm = cp932 && i % 2 == 1;
            var prefixBytes = Encode(prefix, cp932, necForm, cache);
            if (atBoundary)
            {
                var charBytes = cp932 ? 2 : char.IsHighSurrogate(family[0]) ? 4 : 3;
                var cut = 1 + k % (charBytes - 1); // bytes of the character before the boundary
                var padding = boundaries[k] - cut - (bytes.Length + prefixBytes.Length);
                for (var p = 0; p < padding; p++)
                {
                    bytes.WriteByte((byte)'\n');
                }
                k++;
            }
            bytes.Write(prefixBytes);
            bytes.Write(Encode(rest, cp932, necForm, cache));
            rows.Add((no, family, given, text));
        }
        Assert.True(k == boundaries.Count || bytes.Length < boundaries[k], "every boundary inside the file was placed");
        return new Generated(bytes.ToArray(), rows);
    }

    private static byte[] Encode(string text, bool cp932, bool necForm, Dictionary<(char, bool), byte[]> cache)
    {
        if (!cp932)
        {
            return Encoding.UTF8.GetBytes(text);
        }
        var result = new List<byte>(text.Length * 2);
        foreach (var c in text)
        {
            if (!cache.TryGetValue((c, necForm), out var b))
            {
                b = necForm && NecSelected.TryGetValue(c, out var nec) ? nec : DotNet932.GetBytes([c]);
                cache[(c, necForm)] = b;
            }
            result.AddRange(b);
        }
        return [.. result];
    }

    private async Task AssertStoredNamesAsync(Generated file)
    {
        await using var connection = await Connections.OpenAsync();
        var stored = (await connection.QueryAsync<(string No, string Family, string Given, string? Address)>(
            "SELECT ResidentNo, FamilyName, GivenName, Address FROM Residents ORDER BY ResidentNo")).ToList();
        Assert.Equal(file.Rows.Count, stored.Count);
        for (var i = 0; i < stored.Count; i++)
        {
            Assert.Equal((file.Rows[i].No, file.Rows[i].Family, file.Rows[i].Given, file.Rows[i].Text), stored[i]);
        }
    }

    [SkippableTheory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Register_ImportsEveryName_When_DoubleByteCharactersCrossEveryBufferBoundary(bool cp932)
    {
        var file = Generate(11_500, cp932, statusList: false);
        var watch = Stopwatch.StartNew();

        var result = await Residents.ImportAsync(new MemoryStream(file.Bytes), dryRun: false);

        output.WriteLine($"11,500 rows, {file.Bytes.Length / 1024} KiB, {(cp932 ? "CP932" : "UTF-8")}: {watch.ElapsedMilliseconds} ms");
        Assert.Empty(result.Errors);
        Assert.Equal(cp932 ? "CP932" : "UTF-8", result.Encoding);
        Assert.Equal(11_500, result.Inserted);
        await AssertStoredNamesAsync(file);
    }

    /// <summary>
    /// 100,000 rows (a district's joint call center): the import reads and validates every row (a bad date on the
    /// first data row keeps it from writing, so the test costs no 100,000 inserts: the only error is that one), and
    /// the reader the import uses decodes every 氏名 and 住所 to the text written.
    /// </summary>
    [SkippableTheory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Register_Reads100000Rows_When_DoubleByteCharactersCrossEveryBufferBoundary(bool cp932)
    {
        var file = Generate(100_000, cp932, statusList: false);
        var encoding = cp932 ? DotNet932 : Encoding.UTF8;
        var header = encoding.GetBytes(RegisterHeader);
        byte[] bytes = [.. header, .. encoding.GetBytes("X0000001,X1,世帯主,髙橋 一郎,タカハシ イチロウ,2099/1/1,男,,,\n"), .. file.Bytes.Skip(header.Length)];
        var watch = Stopwatch.StartNew();

        var result = await Residents.ImportAsync(new MemoryStream(bytes), dryRun: true);

        output.WriteLine($"100,000 rows, {bytes.Length / 1024} KiB, {(cp932 ? "CP932" : "UTF-8")}: {watch.ElapsedMilliseconds} ms");
        Assert.Equal((2, "生年月日"), (Assert.Single(result.Errors).Line, Assert.Single(result.Errors).Column));
        Assert.Equal(cp932 ? "CP932" : "UTF-8", result.Encoding);
        Assert.Equal(0, await CountAsync());

        var stream = new MemoryStream(file.Bytes);
        using var reader = new StreamReader(stream, TextEncodingDetector.Detect(stream), detectEncodingFromByteOrderMarks: false, bufferSize: 1 << 16);
        var csv = new CsvRecordReader(reader);
        csv.Read();
        var i = 0;
        while (csv.Read() is { } record)
        {
            if (record is [""])
            {
                continue;
            }
            var row = file.Rows[i++];
            Assert.Equal((row.No, $"{row.Family} {row.Given}", row.Text), (record[0], record[3], record[8]));
        }
        Assert.Equal(100_000, i);
    }

    [SkippableTheory]
    [InlineData(11_500, true)]
    [InlineData(11_500, false)]
    public async Task StatusList_ImportsEveryLine_When_DoubleByteCharactersCrossEveryBufferBoundary(int count, bool cp932)
    {
        var register = Generate(count, cp932: false, statusList: false);
        Assert.Empty((await Residents.ImportAsync(new MemoryStream(register.Bytes), dryRun: false)).Errors);
        var file = Generate(count, cp932, statusList: true);
        var users = new UserRepository(Connections, clock);
        var supervisor = new OperatorContext(await users.CreateAsync("sv", "会津 監督", UserRole.Supervisor, "会津若松", "x"), "sv", "会津若松");
        var watch = Stopwatch.StartNew();

        var result = await StatusLists.CommitAsync(new MemoryStream(file.Bytes), "list.csv", ReportSource.ShelterList, supervisor);

        output.WriteLine($"{count} lines, {file.Bytes.Length / 1024} KiB, {(cp932 ? "CP932" : "UTF-8")}: {watch.ElapsedMilliseconds} ms");
        Assert.Empty(result.Errors);
        Assert.Equal(cp932 ? "CP932" : "UTF-8", result.Encoding);
        Assert.Equal($"reported {count}, queued 0, already imported 0, errors 0", result.Summary);
        await using var connection = await Connections.OpenAsync();
        var places = (await connection.QueryAsync<(string No, string Place)>("""
            SELECT r.ResidentNo, s.Place
              FROM SafetyReports s
              JOIN Residents r ON r.ResidentId = s.ResidentId
             ORDER BY r.ResidentNo
            """)).ToList();
        Assert.Equal(file.Rows.Select(r => (r.No, r.Text)), places);
    }

    /// <summary>
    /// 100,000 lines: every line decoded and validated (the file is refused for its one bad date on the last
    /// line, which the parser reaches only after reading every line before it).
    /// </summary>
    [SkippableTheory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task StatusList_ReadsEveryLine_When_FileHas100000Lines(bool cp932)
    {
        var file = Generate(100_000, cp932, statusList: true);
        var lastLine = (cp932 ? DotNet932.GetString(file.Bytes) : Encoding.UTF8.GetString(file.Bytes)).Count(c => c == '\n');
        var bytes = file.Bytes.Concat((cp932 ? DotNet932 : Encoding.UTF8).GetBytes("R9999999,A B,エー ビー,1950/1/1,男,無事,避難所,福島県,会津若松市,x,,2099/01/01\r\n")).ToArray();

        var preview = await StatusLists.PreviewAsync(new MemoryStream(bytes), "list.csv", ReportSource.ShelterList);

        var error = Assert.Single(preview.Errors);
        Assert.Equal((lastLine + 1, "確認日"), (error.Line, error.Column));
        Assert.Equal(cp932 ? "CP932" : "UTF-8", preview.Encoding);
    }

    [SkippableFact]
    public async Task Register_WithNecSelectedExtensionOnLine1846_Imports_And_ABadByteThereIsReportedOnLine1846()
    {
        // 3,519 records, each over two physical lines (a quoted line break in 住所): record j starts on line 2j, so
        // counting records would name the wrong line; line 1846 is the first line of record 923.
        byte[] File(byte lead, byte trail)
        {
            var bytes = new List<byte>(DotNet932.GetBytes(RegisterHeader));
            for (var j = 1; j <= 3519; j++)
            {
                bytes.AddRange(DotNet932.GetBytes($"{j:D7},H{j:D7},世帯主,川"));
                bytes.AddRange(j == 923 ? [lead, trail] : DotNet932.GetBytes("崎"));
                bytes.AddRange(DotNet932.GetBytes($" 花子,カワサキ ハナコ,昭和45年3月12日,女,,\"汐見町\r\n浜{j}\",\r\n"));
            }
            return [.. bytes];
        }

        var good = await Residents.ImportAsync(new MemoryStream(File(0xED, 0x95)), dryRun: false); // 﨑, NEC-selected form
        var bad = await Residents.ImportAsync(new MemoryStream(File(0xEE, 0xEE)), dryRun: true);    // a gap in those rows

        Assert.Empty(good.Errors);
        await using (var connection = await Connections.OpenAsync())
        {
            Assert.Equal("川﨑", await connection.ExecuteScalarAsync<string>("SELECT FamilyName FROM Residents WHERE ResidentNo = '0000923'"));
        }
        Assert.Equal("1846行目 文字コード: Shift_JIS (CP932) の文字ではないバイトがあります（0xEE 0xEE）。UTF-8 か Shift_JIS (CP932) で保存し直してください",
            Assert.Single(bad.Errors).ToString());
    }

    private async Task<long> CountAsync()
    {
        await using var connection = await Connections.OpenAsync();
        return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM Residents");
    }

    /// <summary>A file of two good rows and a third whose 氏名 holds <paramref name="bad"/> (line 4).</summary>
    private static byte[] WithBadBytes(bool statusList, Encoding encoding, byte[] bad, bool bom = false)
    {
        var head = statusList
            ? StatusHeader + "0000001,髙橋 一郎,タカハシ イチロウ,昭和45年3月12日,男,無事,避難所,福島県,会津若松市,体育館,,2026/03/13\r\n"
              + "0000002,髙橋 花子,タカハシ ハナコ,昭和47年5月1日,女,無事,避難所,福島県,会津若松市,体育館,,2026/03/13\r\n"
              + "0000003,髙橋 "
            : RegisterHeader + "0000001,H1,世帯主,髙橋 一郎,タカハシ イチロウ,昭和45年3月12日,男,汐見一区,汐見町浜1,\r\n"
              + "0000002,H1,妻,髙橋 花子,タカハシ ハナコ,昭和47年5月1日,女,汐見一区,汐見町浜1,\r\n"
              + "0000003,H1,子,髙橋 ";
        var tail = statusList
            ? "翔太,タカハシ ショウタ,2005/4/2,男,無事,避難所,福島県,会津若松市,体育館,,2026/03/13\r\n"
            : "翔太,タカハシ ショウタ,2005/4/2,男,,,\r\n";
        return [.. bom ? (byte[])[0xEF, 0xBB, 0xBF] : [], .. encoding.GetBytes(head), .. bad, .. encoding.GetBytes(tail)];
    }

    public static TheoryData<string, bool, string> Messages() => new()
    {
        { "xlsx (binary)", false, "文字コード: テキストの CSV ファイルではありません" },
        { "UTF-8 with a NUL byte", false, "文字コード: テキストの CSV ファイルではありません" },
        { "UTF-16 with BOM", false, "文字コード: UTF-16 のファイルは読めません" },
        { "UTF-16 without BOM", false, "文字コード: UTF-16 のファイルは読めません" },
        { "UTF-16 big-endian", false, "文字コード: UTF-16 のファイルは読めません" },
        { "EUC-JP", false, "文字コード: EUC-JP のファイルは読めません" },
        { "invalid UTF-8 with BOM", true, "4行目 文字コード: UTF-8 として読めないバイトがあります（0xFF）" },
        { "invalid UTF-8 without BOM", true, "4行目 文字コード: UTF-8 として読めないバイトがあります（0xC3）" },
        { "invalid CP932", true, "4行目 文字コード: Shift_JIS (CP932) の文字ではないバイトがあります（0x85 0x40）" },
        { "user-defined character", true, "4行目 文字コード: 外字（利用者定義文字 0xF0 0x41）は取り込めません" },
    };

    private static byte[] MessageFile(string kind, bool statusList)
    {
        var utf8 = new UTF8Encoding(false);
        var text = Encoding.UTF8.GetString(WithBadBytes(statusList, utf8, utf8.GetBytes("翔")));
        switch (kind)
        {
            case "xlsx (binary)":
                return [0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00, 0x00, 0x00, 0x21, 0x00, .. Enumerable.Range(0, 4000).Select(i => (byte)(i * 7919 % 251))];
            case "UTF-8 with a NUL byte":
                return WithBadBytes(statusList, utf8, [0x00], bom: true);
            case "UTF-16 with BOM":
                return [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(text)];
            case "UTF-16 without BOM":
                return Encoding.Unicode.GetBytes(text);
            case "UTF-16 big-endian":
                return Encoding.BigEndianUnicode.GetBytes(text);
            case "EUC-JP":
                return Encoding.GetEncoding("euc-jp").GetBytes(text);
            case "invalid UTF-8 with BOM":
                return WithBadBytes(statusList, utf8, [0xFF], bom: true);
            case "invalid UTF-8 without BOM":
                return WithBadBytes(statusList, utf8, [0xC3, 0x28]);
            case "invalid CP932":
                return WithBadBytes(statusList, DotNet932, [0x85, 0x40]);
            case "user-defined character":
                return WithBadBytes(statusList, DotNet932, [0xF0, 0x41]);
            default:
                throw new ArgumentOutOfRangeException(nameof(kind));
        }
    }

    [SkippableTheory]
    [MemberData(nameof(Messages))]
    public async Task BothImports_NameTheRealProblem(string kind, bool hasLine, string expected)
    {
        var register = await Residents.ImportAsync(new MemoryStream(MessageFile(kind, statusList: false)), dryRun: true);
        var list = await StatusLists.PreviewAsync(new MemoryStream(MessageFile(kind, statusList: true)), kind + ".csv", ReportSource.ShelterList);

        foreach (var errors in new[] { register.Errors, list.Errors })
        {
            var error = Assert.Single(errors);
            Assert.StartsWith(expected, error.ToString(), StringComparison.Ordinal);
            Assert.Equal(hasLine ? 4 : 0, error.Line);
            Assert.DoesNotContain("0行目", error.ToString(), StringComparison.Ordinal);
        }
        Assert.Equal(0, await CountAsync());
    }
}

public sealed class ImportEncodingTestsOnSqlite(ITestOutputHelper output) : ImportEncodingTests<OnSqlite>(output);

public sealed class ImportEncodingTestsOnSqlServer(ITestOutputHelper output) : ImportEncodingTests<OnSqlServer>(output);
