using System.Globalization;
using System.IO.Compression;
using System.Xml.Linq;

namespace CallCenter.Tests.Data.Exports;

/// <summary>One cell as stored in the sheet's XML: its reference, type attribute (s, str, inlineStr, n, b…), raw value, style and formula.</summary>
public sealed record XlsxCell(string Ref, string? Type, string? Value, int Style, string? Formula)
{
    /// <summary>A text cell (shared, inline or str), never a number or a date.</summary>
    public bool IsText => Type is "s" or "inlineStr" or "str";

    /// <summary>A number cell (no type, or n): dates are numbers with a date format.</summary>
    public bool IsNumber => Type is null or "n";

    public double Number => IsNumber && Value is not null ? double.Parse(Value, CultureInfo.InvariantCulture) : double.NaN;

    /// <summary>The number read as an Excel date (1900 system); MinValue when the cell is no number.</summary>
    public DateTime Date => double.IsNaN(Number) ? DateTime.MinValue : DateTime.FromOADate(Number);
}

/// <summary>
/// A worksheet: its name, frozen rows, autofilter range (the sheet's, or its table's), column widths and rows of cells.
/// </summary>
public sealed record XlsxSheet(string Name, int FrozenRows, string? AutoFilter, IReadOnlyList<double> Widths, IReadOnlyList<IReadOnlyList<XlsxCell>> Rows)
{
    /// <summary>The cell in a row (0 = header) by its column header, or null when the row has no such cell.</summary>
    public XlsxCell? Cell(int row, string header)
    {
        var column = Rows[0].ToList().FindIndex(c => c.Value == header);
        Assert.True(column >= 0, $"no column {header}");
        var letters = CallCenter.Data.Exports.XlsxExportWriter.ColumnName(column + 1);
        return Rows[row].FirstOrDefault(c => c.Ref == letters + (row + 1).ToString(CultureInfo.InvariantCulture));
    }
}

/// <summary>
/// Reads an .xlsx back for tests with nothing but the zip and its XML (no reader package): the sheets in order, the
/// cell formats' number format codes, bold fonts and wrapping. Strings are resolved (shared or inline) into Value.
/// </summary>
public sealed class XlsxWorkbook
{
    private static readonly XNamespace Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private static readonly XNamespace Rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    private static readonly XNamespace PackageRel = "http://schemas.openxmlformats.org/package/2006/relationships";

    private readonly List<(int NumFmtId, int FontId, bool Wrap)> formats = [];
    private readonly Dictionary<int, string> numberFormats = new()
    {
        [0] = "General", [1] = "0", [14] = "m/d/yyyy", [22] = "m/d/yyyy h:mm", [49] = "@",
    };
    private readonly List<bool> boldFonts = [];

    public XlsxWorkbook(byte[] bytes)
    {
        using var zip = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read);
        XDocument Load(string path) => XDocument.Load(zip.GetEntry(path)?.Open() ?? throw new InvalidOperationException($"{path} missing"));

        var styles = Load("xl/styles.xml");
        foreach (var f in styles.Descendants(Main + "numFmt"))
        {
            numberFormats[(int)f.Attribute("numFmtId")!] = (string)f.Attribute("formatCode")!;
        }
        boldFonts.AddRange(styles.Descendants(Main + "fonts").Elements(Main + "font").Select(f => f.Element(Main + "b") is { } b && (string?)b.Attribute("val") is null or "1" or "true"));
        formats.AddRange(styles.Descendants(Main + "cellXfs").Elements(Main + "xf").Select(x => (
            (int?)x.Attribute("numFmtId") ?? 0, (int?)x.Attribute("fontId") ?? 0,
            (string?)x.Element(Main + "alignment")?.Attribute("wrapText") is "1" or "true")));

        var shared = zip.GetEntry("xl/sharedStrings.xml") is { } sst
            ? XDocument.Load(sst.Open()).Descendants(Main + "si").Select(si => string.Concat(si.Descendants(Main + "t").Select(t => t.Value))).ToList()
            : [];
        var workbook = Load("xl/workbook.xml");
        var rels = Load("xl/_rels/workbook.xml.rels").Descendants(PackageRel + "Relationship")
            .ToDictionary(r => (string)r.Attribute("Id")!, r => (string)r.Attribute("Target")!);
        foreach (var sheet in workbook.Descendants(Main + "sheet"))
        {
            var target = rels[(string)sheet.Attribute(Rel + "id")!].TrimStart('/');
            var sheetPath = target.StartsWith("xl/", StringComparison.Ordinal) ? target : "xl/" + target;
            var xml = Load(sheetPath);
            var filter = (string?)xml.Descendants(Main + "autoFilter").FirstOrDefault()?.Attribute("ref");
            if (xml.Descendants(Main + "tablePart").FirstOrDefault() is { } part)
            {
                var sheetRels = Load(Path.GetDirectoryName(sheetPath)!.Replace('\\', '/') + "/_rels/" + Path.GetFileName(sheetPath) + ".rels")
                    .Descendants(PackageRel + "Relationship").ToDictionary(r => (string)r.Attribute("Id")!, r => (string)r.Attribute("Target")!);
                var tableTarget = sheetRels[(string)part.Attribute(Rel + "id")!];
                var tablePath = tableTarget.StartsWith('/') ? tableTarget.TrimStart('/')
                    : Path.GetFullPath(Path.Combine("/" + Path.GetDirectoryName(sheetPath), tableTarget)).TrimStart('/');
                filter ??= (string?)Load(tablePath).Descendants(Main + "autoFilter").FirstOrDefault()?.Attribute("ref");
            }
            var pane = xml.Descendants(Main + "pane").FirstOrDefault();
            var frozen = pane is not null && (string?)pane.Attribute("state") == "frozen" ? (int?)(double?)pane.Attribute("ySplit") ?? 0 : 0;
            var widths = xml.Descendants(Main + "col").Select(c => (double)c.Attribute("width")!).ToList();
            // SpreadCheetah leaves out the r attributes (allowed): a cell's place is then its position.
            var rows = xml.Descendants(Main + "row").Select((r, rowIndex) => (IReadOnlyList<XlsxCell>)r.Elements(Main + "c").Select((c, column) =>
            {
                var reference = (string?)c.Attribute("r") ?? CallCenter.Data.Exports.XlsxExportWriter.ColumnName(column + 1)
                    + ((int?)r.Attribute("r") ?? rowIndex + 1).ToString(CultureInfo.InvariantCulture);
                var type = (string?)c.Attribute("t");
                var value = type switch
                {
                    "s" => shared[int.Parse(c.Element(Main + "v")!.Value, CultureInfo.InvariantCulture)],
                    "inlineStr" => string.Concat(c.Descendants(Main + "t").Select(t => t.Value)),
                    _ => c.Element(Main + "v")?.Value,
                };
                return new XlsxCell(reference, type, value, (int?)c.Attribute("s") ?? 0, c.Element(Main + "f")?.Value);
            }).ToList()).ToList();
            Sheets.Add(new XlsxSheet((string)sheet.Attribute("name")!, frozen, filter, widths, rows));
        }
    }

    public List<XlsxSheet> Sheets { get; } = [];

    /// <summary>The number format code of a cell's style ("@" for text, "yyyy/mm/dd" …).</summary>
    public string NumberFormat(XlsxCell cell) => numberFormats.GetValueOrDefault(formats[cell.Style].NumFmtId, $"builtin {formats[cell.Style].NumFmtId}");

    public bool IsBold(XlsxCell cell) => boldFonts[formats[cell.Style].FontId];

    public bool Wraps(XlsxCell cell) => formats[cell.Style].Wrap;
}
