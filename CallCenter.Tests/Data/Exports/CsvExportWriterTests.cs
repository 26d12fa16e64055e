using System.Text;
using CallCenter.Data.Exports;
using CallCenter.Data.Imports;

namespace CallCenter.Tests.Data.Exports;

public sealed class CsvExportWriterTests
{
    private static readonly string[] Header = ["住民番号", "氏名", "住所"];

    // Characters CP932 cannot hold, each written as 〓 and reported with its row, column and the cell as it was: a
    // surrogate pair (one 〓, not two), a BMP character, a combining mark after a base CP932 holds (the base is kept),
    // several in one cell and in one row; the rows between them and after them are written as they are.
    [Fact]
    public async Task Cp932_WritesGetaForEachCharacterItCannotHold_AndReportsEach_AndLeavesTheOtherRowsAsTheyAre()
    {
        string?[][] rows =
        [
            ["0000001", "𠮷田　ハル", "東京都①番地"],
            ["0000002", "佐藤　一郎", "汐見町 1-2"],
            ["0000003", "ゔぃ　𠮷𠮷", "か\u3099ら町"],
            ["0000004", "鈴木　〜花子", null],
        ];
        using var output = new MemoryStream();
        var writer = new CsvExportWriter(output, ExportEncoding.Cp932, Header);
        await writer.WriteHeaderAsync();
        foreach (var row in rows)
        {
            await writer.WriteRowAsync(row);
        }
        await writer.DisposeAsync();

        var text = TextEncodingDetector.Cp932.GetString(output.ToArray());
        Assert.Equal(
            "住民番号,氏名,住所\r\n" +
            "0000001,〓田　ハル,東京都①番地\r\n" +
            "0000002,佐藤　一郎,汐見町 1-2\r\n" +
            "0000003,〓ぃ　〓〓,か〓ら町\r\n" +
            "0000004,鈴木　～花子,\r\n",
            text);
        Assert.Equal(5, writer.ReplacedCount);
        Assert.Equal(
        [
            new ReplacedCharacter(1, "氏名", "𠮷", "𠮷田　ハル"),
            new ReplacedCharacter(3, "氏名", "ゔ", "ゔぃ　𠮷𠮷"),
            new ReplacedCharacter(3, "氏名", "𠮷", "ゔぃ　𠮷𠮷"),
            new ReplacedCharacter(3, "氏名", "𠮷", "ゔぃ　𠮷𠮷"),
            new ReplacedCharacter(3, "住所", "\u3099", "か\u3099ら町"),
        ], writer.Replaced);
    }

    // Every kind of cell, plain and needing work (a formula's first character, a quote, a comma, a line break, a refused
    // control or bidirectional character, a character CP932 maps, several at once), in one row in each encoding: each
    // cell is written as the one-cell rule (CsvExportWriter.Cell, after CP932's mapping) writes it, whether the writer
    // settles it with its one search or does the work.
    [Theory]
    [InlineData(ExportEncoding.Utf8)]
    [InlineData(ExportEncoding.Cp932)]
    public async Task EachCell_IsWrittenAsTheOneCellRuleWritesIt_PlainOrNot(ExportEncoding encoding)
    {
        string?[] cells =
        [
            "佐藤　花子", "", null, "=1+2", "+81 90", "-5", "@SUM(A1)", "\tタブ", "\r先頭", "汐見町,浜", "\"引用\"", "一行目\n二行目",
            "山田\u202E子", "制御\u0001文字", "\u0007=危険", "鈴木　〜花子", "−5", "〜", "-〜", "=\"a,b\"", "¢£¬‖—", "0000001",
        ];
        using var output = new MemoryStream();
        var writer = new CsvExportWriter(output, encoding, [.. cells.Select((_, i) => $"列{i + 1}")]);
        await writer.WriteRowAsync(cells);
        await writer.DisposeAsync();

        var bytes = output.ToArray();
        var text = encoding == ExportEncoding.Cp932
            ? TextEncodingDetector.Cp932.GetString(bytes)
            : new UTF8Encoding(false).GetString(bytes, 3, bytes.Length - 3);
        var expected = string.Join(",", cells.Select(c => CsvExportWriter.Cell(
            c is not null && encoding == ExportEncoding.Cp932 ? CsvExportWriter.NormalizeForCp932(c) : c))) + "\r\n";
        Assert.Equal(expected, text);
        Assert.Contains("'=1+2,'+81 90,'-5,'@SUM(A1),'\tタブ,\"'\r先頭\"", text);
        Assert.Contains("山田子,制御文字,'=危険", text);
        Assert.Equal(0, writer.ReplacedCount);
    }

    // Thousands of lines, one in fifty holding a character CP932 cannot hold, through the writer's buffer flushes: the
    // file decodes to exactly the expected text and every replacement is counted.
    [Fact]
    public async Task Cp932_ManyRowsAcrossFlushes_EachReplacementCountedAndTheFileExact()
    {
        using var output = new MemoryStream();
        var writer = new CsvExportWriter(output, ExportEncoding.Cp932, Header);
        await writer.WriteHeaderAsync();
        var expected = new StringBuilder("住民番号,氏名,住所\r\n");
        for (var i = 1; i <= 20_000; i++)
        {
            var odd = i % 50 == 0;
            var name = odd ? "𠮷野　太郎" : "吉野　太郎";
            await writer.WriteRowAsync([i.ToString("D7", System.Globalization.CultureInfo.InvariantCulture), name, "汐見町,浜 \"3\""]);
            expected.Append(i.ToString("D7", System.Globalization.CultureInfo.InvariantCulture)).Append(',')
                .Append(odd ? "〓野　太郎" : "吉野　太郎").Append(",\"汐見町,浜 \"\"3\"\"\"\r\n");
        }
        await writer.DisposeAsync();

        Assert.Equal(expected.ToString(), TextEncodingDetector.Cp932.GetString(output.ToArray()));
        Assert.Equal(400, writer.ReplacedCount);
        Assert.Equal(400, writer.Replaced.Count);
        Assert.Equal(20_000, writer.Replaced[^1].Row);
    }
}
