using CallCenter.Data.Towns;

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
    private readonly ExportColumnType[] types;
    private readonly Dictionary<int, Town>? towns;
    private readonly ExportCell[]? withTown;

    private ExportRowWriter(ExportTable table, ExportOptions options, CsvExportWriter? csv, XlsxExportWriter? xlsx)
    {
        (this.table, this.options, this.csv, this.xlsx) = (table, options, csv, xlsx);
        text = new string?[table.Columns.Count];
        types = [.. table.Columns.Select(c => c.Type)];
        if (options.TownColumns is { } list)
        {
            towns = list.ToDictionary(t => t.TownId);
            withTown = new ExportCell[table.Columns.Count];
        }
    }

    /// <summary>
    /// Opens the writer and, for CSV, writes the header (an .xlsx writes its own with the first sheet). With
    /// <see cref="ExportOptions.TownColumns"/> the file begins with 団体コード and 町名.
    /// </summary>
    public static async Task<ExportRowWriter> OpenAsync(Stream output, ExportTable table, ExportOptions options)
    {
        if (options.TownColumns is not null)
        {
            table = table.WithTownColumns();
        }
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

    /// <summary>
    /// Writes one row of a town's person, household, call or report: the town's code and name first when the file has
    /// town columns (<paramref name="townId"/> null: a row of no town, such as a call about nobody, leaves them empty).
    /// </summary>
    public ValueTask WriteRowAsync(int? townId, ExportCell[] cells, CancellationToken cancellationToken)
    {
        if (withTown is null)
        {
            return WriteRowAsync(cells, cancellationToken);
        }
        var town = townId is { } id && towns!.TryGetValue(id, out var found) ? found : null;
        withTown[0] = town?.Code;
        withTown[1] = town?.Name;
        Array.Copy(cells, 0, withTown, 2, withTown.Length - 2);
        return WriteRowAsync(withTown, cancellationToken);
    }

    /// <summary>Writes one row of cells in column order (every column, the town's included when the file has them).</summary>
    public async ValueTask WriteRowAsync(ExportCell[] cells, CancellationToken cancellationToken)
    {
        if (xlsx is not null)
        {
            await xlsx.WriteRowAsync(cells, cancellationToken);
            return;
        }
        for (var i = 0; i < text.Length; i++)
        {
            text[i] = cells[i].ToCsv(types[i], options.Dates);
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
