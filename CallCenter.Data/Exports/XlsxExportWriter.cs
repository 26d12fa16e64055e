using CallCenter.Data.Common;
using SpreadCheetah;
using SpreadCheetah.Styling;
using SpreadCheetah.Tables;
using SpreadCheetah.Worksheets;

namespace CallCenter.Data.Exports;

/// <summary>
/// Writes an export as an .xlsx workbook a clerk can open with a double-click, row by row (SpreadCheetah streams the
/// zip: no workbook is held in memory). Cells are typed by their column: codes such as 住民番号 are text cells with the
/// text number format (leading zeros kept), dates are date cells shown with the year (yyyy/mm/dd, or Excel's Japanese
/// era format with <see cref="ExportDates.Era"/>), times are date-times in Japan time, numbers are numbers. Text is
/// always a text cell, never a formula, so no guard character is written. The header row is bold and frozen; the rows
/// are a table (Excel's 「テーブル」, lightly banded) whose header carries the filter buttons: a sheet-level autofilter
/// alone is not shown by LibreOffice without a defined name SpreadCheetah cannot write, a table's is shown by both.
/// Column widths are fitted to the header and the first <see cref="SampleRows"/> rows (bounded); notes wrap.
/// A sheet holds <see cref="SheetRowLimit"/> rows at most (the header included): the rows go on in a second sheet
/// named 「…(2)」 with the header again.
/// </summary>
public sealed class XlsxExportWriter : IAsyncDisposable
{
    /// <summary>The most rows an Excel sheet holds.</summary>
    public const int SheetRowLimit = 1_048_576;

    /// <summary>How many first rows are held back to fit the column widths before the sheet starts.</summary>
    public const int SampleRows = 100;

    /// <summary>The content type of an .xlsx file.</summary>
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>The date format with the year (Excel's and LibreOffice's own code).</summary>
    public const string WesternDateFormat = "yyyy/mm/dd";

    /// <summary>Excel's Japanese-era date format: 令和8年3月1日 (locale 0x411, era name and year).</summary>
    public const string EraDateFormat = "[$-411]ggge\"年\"m\"月\"d\"日\"";

    private const double MaxTextWidth = 40;
    private const double MaxNoteWidth = 60;

    private readonly AsyncWriteStream output;
    private readonly string sheetName;
    private readonly IReadOnlyList<ExportColumn> columns;
    private readonly ExportDates dates;
    private readonly int rowsPerSheet;
    private readonly List<ExportCell[]> samples = [];
    private Spreadsheet? spreadsheet;
    private Cell[] row = [];
    private string[] headers = [];
    private double[] widths = [];
    private StyleId? header, code, note, date, time, timeSeconds;
    private int rowsOnSheet;

    /// <summary>A writer of <paramref name="columns"/> to <paramref name="output"/>, on a sheet named <paramref name="sheetName"/>.</summary>
    /// <param name="output">Where the workbook goes (left open).</param>
    /// <param name="sheetName">The first sheet's name (the export's title).</param>
    /// <param name="columns">The columns and their types.</param>
    /// <param name="dates">Western or era display format for dates and times.</param>
    /// <param name="rowsPerSheet">The rows a sheet holds, header included (lowered only by tests).</param>
    public XlsxExportWriter(Stream output, string sheetName, IReadOnlyList<ExportColumn> columns, ExportDates dates,
        int rowsPerSheet = SheetRowLimit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rowsPerSheet, 2);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rowsPerSheet, SheetRowLimit);
        (this.output, this.sheetName, this.columns, this.dates, this.rowsPerSheet) = (new AsyncWriteStream(output), sheetName, columns, dates, rowsPerSheet);
    }

    /// <summary>Data rows written (headers not counted).</summary>
    public int Rows { get; private set; }

    /// <summary>Sheets begun so far.</summary>
    public int Sheets { get; private set; }

    /// <summary>Writes one data row; cells are in column order. The first rows are held until the widths are known.</summary>
    public async ValueTask WriteRowAsync(IReadOnlyList<ExportCell> cells, CancellationToken cancellationToken = default)
    {
        Rows++;
        if (spreadsheet is null)
        {
            samples.Add([.. cells]);
            if (samples.Count < SampleRows)
            {
                return;
            }
            await StartAsync(cancellationToken);
            return;
        }
        await AddAsync(cells, cancellationToken);
    }

    private async ValueTask StartAsync(CancellationToken cancellationToken)
    {
        widths = [.. columns.Select((c, i) => Width(c, samples.Select(s => s[i])))];
        spreadsheet = await Spreadsheet.CreateNewAsync(output, new SpreadCheetahOptions
        {
            // Fastest keeps the workbook's time near the CSV's; the file is still a fraction of the CSV's size.
            CompressionLevel = SpreadCheetahCompressionLevel.Fastest,
            BufferSize = 1 << 16,
        }, cancellationToken);
        header = spreadsheet.AddStyle(new Style { Font = { Bold = true }, Alignment = { Vertical = VerticalAlignment.Center } });
        code = spreadsheet.AddStyle(new Style { Format = NumberFormat.Standard(StandardNumberFormat.Text) });
        note = spreadsheet.AddStyle(new Style { Alignment = { WrapText = true, Vertical = VerticalAlignment.Top } });
        var era = dates == ExportDates.Era;
        date = spreadsheet.AddStyle(new Style { Format = NumberFormat.Custom(era ? EraDateFormat : WesternDateFormat) });
        time = spreadsheet.AddStyle(new Style { Format = NumberFormat.Custom((era ? EraDateFormat : WesternDateFormat) + " hh:mm") });
        timeSeconds = spreadsheet.AddStyle(new Style { Format = NumberFormat.Custom((era ? EraDateFormat : WesternDateFormat) + " hh:mm:ss") });
        row = new Cell[columns.Count];
        headers = [.. columns.Select(c => c.Header)];
        await NewSheetAsync(cancellationToken);
        foreach (var sample in samples)
        {
            await AddAsync(sample, cancellationToken);
        }
        samples.Clear();
    }

    private async ValueTask NewSheetAsync(CancellationToken cancellationToken)
    {
        Sheets++;
        var options = new WorksheetOptions { FrozenRows = 1 };
        for (var i = 0; i < columns.Count; i++)
        {
            options.Column(i + 1).Width = widths[i];
        }
        await spreadsheet!.StartWorksheetAsync(Sheets == 1 ? sheetName : $"{sheetName}({Sheets})", options, cancellationToken);
        // The table grows with the rows and is closed with its sheet; its range is written then.
        spreadsheet.StartTable(new Table(TableStyle.Light1), "A");
        await spreadsheet.AddHeaderRowAsync(headers, header, cancellationToken);
        rowsOnSheet = 1;
        await output.DrainAsync(cancellationToken);
    }

    private async ValueTask AddAsync(IReadOnlyList<ExportCell> cells, CancellationToken cancellationToken)
    {
        if (rowsOnSheet == rowsPerSheet)
        {
            await NewSheetAsync(cancellationToken);
        }
        for (var i = 0; i < row.Length; i++)
        {
            row[i] = i < cells.Count ? CellOf(columns[i].Type, cells[i]) : default;
        }
        await spreadsheet!.AddRowAsync(row, cancellationToken);
        rowsOnSheet++;
        if (output.Held > 0)
        {
            await output.DrainAsync(cancellationToken);
        }
    }

    private Cell CellOf(ExportColumnType type, ExportCell cell)
    {
        if (cell.Text is { } text)
        {
            // Control and bidirectional characters stored before they were refused are dropped, as in the CSV.
            text = TextSafety.Strip(text);
            return type switch
            {
                ExportColumnType.Code => new Cell(text, code),
                ExportColumnType.Note => new Cell(text, note),
                _ => new Cell(text),
            };
        }
        return type switch
        {
            ExportColumnType.Date => new Cell(cell.When, date),
            ExportColumnType.Time => new Cell(cell.When is { } t ? JapanTime.FromUtc(t) : null, time),
            ExportColumnType.TimeSeconds => new Cell(cell.When is { } t ? JapanTime.FromUtc(t) : null, timeSeconds),
            _ => new Cell(cell.Number),
        };
    }

    /// <summary>A column's width in characters: its header and sampled content (East Asian characters count two), bounded.</summary>
    private double Width(ExportColumn column, IEnumerable<ExportCell> sampled)
    {
        var era = dates == ExportDates.Era;
        var widest = column.Type switch
        {
            // 平成24年12月24日 is 16 wide in a CJK font; LibreOffice showed ### at 15.
            ExportColumnType.Date => era ? 17 : 11,
            ExportColumnType.Time => era ? 23 : 17,
            ExportColumnType.TimeSeconds => era ? 26 : 20,
            _ => sampled.Select(c => DisplayWidth(c.Text ?? c.Number?.ToString(System.Globalization.CultureInfo.InvariantCulture))).DefaultIfEmpty(0).Max(),
        };
        var width = Math.Max(widest, DisplayWidth(column.Header) + 3) + 2;
        return Math.Min(width, column.Type == ExportColumnType.Note ? MaxNoteWidth : MaxTextWidth);
    }

    private static int DisplayWidth(string? text)
    {
        if (text is null)
        {
            return 0;
        }
        var width = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            width += rune.Value < 0x1100 || rune.Value is >= 0xFF61 and <= 0xFF9F ? 1 : 2;
        }
        return width;
    }

    /// <summary>A column's letters: 1 → A, 27 → AA.</summary>
    public static string ColumnName(int number)
    {
        var name = "";
        for (; number > 0; number = (number - 1) / 26)
        {
            name = (char)('A' + (number - 1) % 26) + name;
        }
        return name;
    }

    /// <summary>Writes the held rows (or the header alone), finishes the workbook and leaves the output open.</summary>
    public async ValueTask DisposeAsync()
    {
        if (spreadsheet is null)
        {
            await StartAsync(CancellationToken.None);
        }
        await spreadsheet!.FinishAsync();
        await spreadsheet.DisposeAsync();
        await output.DrainAsync();
        await output.DisposeAsync();
    }
}
