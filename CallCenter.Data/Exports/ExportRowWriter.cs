namespace CallCenter.Data.Exports;

/// <summary>The file format of an export.</summary>
public enum ExportFormat
{
    /// <summary>CSV for other systems (UTF-8 with BOM or CP932).</summary>
    Csv,
    /// <summary>An .xlsx workbook with typed cells, for people who open it in a spreadsheet.</summary>
    Xlsx,
}

/// <summary>
/// Writes an export's typed rows in the chosen format: the export reads its rows once, and this decides whether they
/// become CSV text (<see cref="CsvExportWriter"/>) or typed .xlsx cells (<see cref="XlsxExportWriter"/>).
/// </summary>
internal sealed class ExportRowWriter : IAsyncDisposable
{
    private readonly ExportTable table;
    private readonly ExportOptions options;
    private readonly CsvExportWriter? csv;
    private readonly XlsxExportWriter? xlsx;
    private readonly string?[] text;

    private ExportRowWriter(ExportTable table, ExportOptions options, CsvExportWriter? csv, XlsxExportWriter? xlsx)
    {
        (this.table, this.options, this.csv, this.xlsx) = (table, options, csv, xlsx);
        text = new string?[table.Columns.Count];
    }

    /// <summary>Opens the writer and, for CSV, writes the header (an .xlsx writes its own with the first sheet).</summary>
    public static async Task<ExportRowWriter> OpenAsync(Stream output, ExportTable table, ExportOptions options)
    {
        if (options.Format == ExportFormat.Xlsx)
        {
            return new ExportRowWriter(table, options, null,
                new XlsxExportWriter(output, table.Title, table.Columns, options.Dates, options.RowsPerSheet ?? XlsxExportWriter.SheetRowLimit));
        }
        var csv = new CsvExportWriter(output, options.Encoding, table.Header);
        await csv.WriteHeaderAsync();
        return new ExportRowWriter(table, options, csv, null);
    }

    /// <summary>Data rows written.</summary>
    public int Rows => csv?.Rows ?? xlsx!.Rows;

    /// <summary>What was written: rows, and for CP932 the characters replaced.</summary>
    public ExportResult Result => csv is not null
        ? new ExportResult(csv.Rows, csv.ReplacedCount, csv.Replaced)
        : new ExportResult(xlsx!.Rows, 0, []);

    /// <summary>Writes one row of cells in column order.</summary>
    public async ValueTask WriteRowAsync(ExportCell[] cells, CancellationToken cancellationToken)
    {
        if (xlsx is not null)
        {
            await xlsx.WriteRowAsync(cells, cancellationToken);
            return;
        }
        for (var i = 0; i < text.Length; i++)
        {
            text[i] = cells[i].ToCsv(table.Columns[i].Type, options.Dates);
        }
        await csv!.WriteRowAsync(text);
    }

    /// <summary>Flushes and finishes the file.</summary>
    public async ValueTask DisposeAsync()
    {
        if (csv is not null)
        {
            await csv.DisposeAsync();
        }
        if (xlsx is not null)
        {
            await xlsx.DisposeAsync();
        }
    }
}
