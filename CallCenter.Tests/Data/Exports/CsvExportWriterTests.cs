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
