using CallCenter.Data.Exports;

namespace CallCenter.Tests.Data.Exports;

/// <summary>
/// Tests that measure the process's managed heap (GC.GetTotalMemory is process-wide): they run alone, after the parallel
/// tests, or another test's allocations (a search index, a 100,000-row import) are counted as theirs.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HeapMeasuringTests
{
    public const string Name = "Heap-measuring tests (run alone)";
}

[Collection(HeapMeasuringTests.Name)]
public sealed class XlsxExportWriterTests
{
    private static readonly ExportColumn[] Columns =
    [
        new("住民番号", ExportColumnType.Code), new("氏名"), new("生年月日", ExportColumnType.Date), new("件数", ExportColumnType.Number),
        new("備考", ExportColumnType.Note),
    ];

    private static ExportCell[] Row(int i) =>
        [i.ToString("D7", System.Globalization.CultureInfo.InvariantCulture), "山田　太郎", ExportCell.Of(new DateOnly(1950, 1, 1).AddDays(i)), ExportCell.Of(i), null];

    private static async Task<XlsxWorkbook> WriteAsync(int rows, int rowsPerSheet = XlsxExportWriter.SheetRowLimit, Func<int, ExportCell[]>? row = null)
    {
        using var output = new MemoryStream();
        await using (var writer = new XlsxExportWriter(output, "住民の安否一覧", Columns, ExportDates.Western, rowsPerSheet))
        {
            for (var i = 1; i <= rows; i++)
            {
                await writer.WriteRowAsync((row ?? Row)(i));
            }
            Assert.Equal(rows, writer.Rows);
        }
        return new XlsxWorkbook(output.ToArray());
    }

    [Fact]
    public async Task Rows_ContinueOnASecondSheet_When_TheFirstIsFull()
    {
        // A sheet of 4 rows: the header and 3 data rows (Excel's is 1,048,576; the limit is lowered to prove the split).
        var book = await WriteAsync(rows: 7, rowsPerSheet: 4);

        Assert.Equal(["住民の安否一覧", "住民の安否一覧(2)", "住民の安否一覧(3)"], book.Sheets.Select(s => s.Name));
        Assert.Equal([4, 4, 2], book.Sheets.Select(s => s.Rows.Count));
        Assert.All(book.Sheets, s =>
        {
            Assert.Equal("住民番号", s.Rows[0][0].Value);
            Assert.True(book.IsBold(s.Rows[0][0]));
            Assert.Equal(1, s.FrozenRows);
            Assert.Equal($"A1:E{s.Rows.Count}", s.AutoFilter);
        });
        Assert.Equal(Enumerable.Range(1, 7).Select(i => i.ToString("D7", System.Globalization.CultureInfo.InvariantCulture)),
            book.Sheets.SelectMany(s => s.Rows.Skip(1)).Select(r => r[0].Value));
    }

    [Fact]
    public async Task Rows_FillExactlyOneSheet_When_TheyReachTheLimit()
    {
        var book = await WriteAsync(rows: 3, rowsPerSheet: 4);

        Assert.Equal(4, Assert.Single(book.Sheets).Rows.Count);
    }

    [Fact]
    public void SheetRowLimit_IsExcels()
    {
        Assert.Equal(1_048_576, XlsxExportWriter.SheetRowLimit);
        Assert.Throws<ArgumentOutOfRangeException>(() => new XlsxExportWriter(Stream.Null, "x", Columns, ExportDates.Western, XlsxExportWriter.SheetRowLimit + 1));
    }

    [Fact]
    public async Task AnEmptyExport_IsTheHeader_AndOneEmptyRow()
    {
        var book = await WriteAsync(rows: 0);

        // A table needs one body row: Excel and LibreOffice show an empty row under the header.
        var sheet = Assert.Single(book.Sheets);
        Assert.Equal(["住民番号", "氏名", "生年月日", "件数", "備考"], sheet.Rows[0].Select(c => c.Value));
        Assert.All(sheet.Rows.Skip(1).SelectMany(r => r), c => Assert.Null(c.Value));
        Assert.InRange(sheet.Rows.Count, 1, 2);
    }

    [Fact]
    public async Task Widths_FitTheContent_WithinBounds()
    {
        var longNote = new string('あ', 200);
        var book = await WriteAsync(rows: 3, row: i => [$"{i:D7}", i == 2 ? "長い長い長い長い長い長い長い長い長い長い長い長い長い長い長い長い長い長い長い長い長い長い名前" : "山田　太郎",
            ExportCell.Of(new DateOnly(1950, 1, 1)), ExportCell.Of(i), longNote]);

        var widths = book.Sheets[0].Widths;
        Assert.InRange(widths[0], 10, 14);  // 7 digits, and the header 住民番号 (8 wide)
        Assert.Equal(40, widths[1]);        // a long name: bounded
        Assert.Equal(60, widths[4]);        // a long note: bounded, and wrapped
        Assert.True(book.Wraps(book.Sheets[0].Rows[1][4]));
    }

    [Fact]
    public async Task Text_KeepsEveryCharacter_ButDropsControlAndBidiCharacters()
    {
        var book = await WriteAsync(rows: 1, row: _ => ["0000001", "𠮷野\u202E家", ExportCell.Of((DateOnly?)null), ExportCell.Of((long?)null), "髙橋﨑 〜 ①\u0007"]);

        var row = book.Sheets[0].Rows[1];
        Assert.Equal("𠮷野家", row[1].Value);
        Assert.Equal("髙橋﨑 〜 ①", row[4].Value);
        Assert.Null(row[2].Value);
        Assert.Null(row[3].Value);
    }

    [Fact]
    public async Task HundredThousandRows_StayInFlatMemory_AndASmallFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"xlsx-{Guid.NewGuid():N}.xlsx");
        try
        {
            GC.Collect();
            var before = GC.GetTotalMemory(forceFullCollection: true);
            long peak = 0;
            await using (var file = File.Create(path))
            await using (var writer = new XlsxExportWriter(file, "住民の安否一覧", Columns, ExportDates.Western))
            {
                for (var i = 1; i <= 100_000; i++)
                {
                    await writer.WriteRowAsync(Row(i));
                    if (i % 20_000 == 0)
                    {
                        peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: true) - before);
                    }
                }
            }
            // Nothing grows with the rows: a few buffers, never the workbook (100,000 rows of text are ~10 MB as strings).
            Assert.True(peak < 4 * 1024 * 1024, $"{peak:N0} bytes held while writing");
            Assert.InRange(new FileInfo(path).Length, 100_000, 8 * 1024 * 1024);
            var book = new XlsxWorkbook(await File.ReadAllBytesAsync(path));
            Assert.Equal(100_001, book.Sheets[0].Rows.Count);
            Assert.Equal("0100000", book.Sheets[0].Rows[^1][0].Value);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
