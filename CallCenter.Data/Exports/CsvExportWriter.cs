using System.Globalization;
using System.Text;

namespace CallCenter.Data.Exports;

/// <summary>The character encoding of an exported file.</summary>
public enum ExportEncoding
{
    /// <summary>UTF-8 with a byte-order mark: Excel opens it as UTF-8. The default.</summary>
    Utf8,
    /// <summary>CP932 (Shift_JIS with the NEC/IBM extensions) for legacy systems.</summary>
    Cp932,
}

/// <summary>How dates are written.</summary>
public enum ExportDates
{
    /// <summary>2026/03/01</summary>
    Western,
    /// <summary>令和8年3月1日</summary>
    Era,
}

/// <summary>
/// A character CP932 cannot hold, written as 〓 instead: where (data row, 1 = the first row after the header;
/// column header), what it was, and the cell's text as it was before the replacement.
/// </summary>
public sealed record ReplacedCharacter(int Row, string Column, string Character, string? Original = null);

/// <summary>
/// Writes CSV for Japanese offices: RFC 4180 quoting, CRLF, UTF-8 with BOM or CP932. In CP932, the wave dash and
/// its relatives are mapped to the code points CP932 holds, so they survive; a character CP932 cannot hold at
/// all (𠮷, ゔ, …) becomes 〓 and is reported with its row and column, never a silent "?". A cell that Excel
/// would read as a formula (starting with = + - @ tab or CR) is prefixed with a single quote. Control and
/// bidirectional characters (<see cref="Common.TextSafety"/>) are never written: a cell holding one, stored before
/// they were refused, is written without it.
/// Rows are written as they come: memory stays flat for any number of rows.
/// </summary>
public sealed class CsvExportWriter : IAsyncDisposable
{
    /// <summary>The replacement for a character CP932 cannot hold (the traditional 〓, 0x81AC).</summary>
    public const string Geta = "〓";

    /// <summary>How many replaced characters are listed; past this only the count grows.</summary>
    public const int MaxListed = 1000;

    private static readonly Encoding Utf8WithBom = new UTF8Encoding(encoderShouldEmitUTF8Identifier: true);

    private readonly StreamWriter writer;
    private readonly IReadOnlyList<string> header;
    private readonly Encoding? strict;
    private readonly List<ReplacedCharacter> replaced = [];

    /// <summary>A writer of <paramref name="header"/>'s columns to <paramref name="output"/> in <paramref name="encoding"/>.</summary>
    public CsvExportWriter(Stream output, ExportEncoding encoding, IReadOnlyList<string> header)
    {
        this.header = header;
        Encoding = encoding;
        if (encoding == ExportEncoding.Cp932)
        {
            // The import's strict CP932 (the code-page provider registered, exceptions on anything it cannot hold).
            strict = Imports.TextEncodingDetector.Cp932;
        }
        writer = new StreamWriter(output, strict ?? Utf8WithBom, bufferSize: 1 << 16, leaveOpen: true) { NewLine = "\r\n" };
    }

    /// <summary>The file's encoding.</summary>
    public ExportEncoding Encoding { get; }

    /// <summary>Data rows written (the header not counted).</summary>
    public int Rows { get; private set; }

    /// <summary>How many characters were written as 〓.</summary>
    public int ReplacedCount { get; private set; }

    /// <summary>The first <see cref="MaxListed"/> replaced characters, with their row and column.</summary>
    public IReadOnlyList<ReplacedCharacter> Replaced => replaced;

    /// <summary>Writes the header row.</summary>
    public Task WriteHeaderAsync() => WriteLineAsync(header, row: 0);

    /// <summary>Writes one data row; cells are in header order.</summary>
    public async Task WriteRowAsync(IReadOnlyList<string?> cells)
    {
        Rows++;
        await WriteLineAsync(cells, Rows);
    }

    // One line is built in memory and handed to the writer at once: an ASP.NET response stream accepts only
    // asynchronous writes, and one await per row costs far less than one per cell.
    private readonly StringBuilder line = new();

    private Task WriteLineAsync(IReadOnlyList<string?> cells, int row)
    {
        line.Clear();
        for (var i = 0; i < cells.Count; i++)
        {
            if (i > 0)
            {
                line.Append(',');
            }
            // Control and bidirectional characters stored before they were refused are dropped, not written: they would
            // reorder or hide text in the program that opens the file (TextSafety). Before CP932, so they are no 〓.
            var text = cells[i] is { } cell ? Common.TextSafety.Strip(cell) : null;
            if (strict is not null && !string.IsNullOrEmpty(text))
            {
                text = ForCp932(text, row, i < header.Count ? header[i] : $"{i + 1}列目");
            }
            line.Append(Cell(text));
        }
        line.Append("\r\n");
        return writer.WriteAsync(line);
    }

    /// <summary>One cell: guarded against formulas, then quoted when it holds a comma, quote or line break.</summary>
    public static string Cell(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }
        value = Common.TextSafety.Strip(value);
        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }
        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0
            ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : value;
    }

    /// <summary>
    /// The characters strict Shift_JIS and CP932 map differently (〜 U+301C is 0x8160 in Shift_JIS, but CP932
    /// decodes 0x8160 as ～ U+FF5E, and so on): turned into the code points CP932 holds, so they round-trip.
    /// </summary>
    public static string NormalizeForCp932(string text)
    {
        if (text.AsSpan().IndexOfAny("〜−‖—¢£¬") < 0)
        {
            return text;
        }
        var b = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            b.Append(c switch
            {
                '〜' => '～',
                '−' => '－',
                '‖' => '∥',
                '—' => '―',
                '¢' => '￠',
                '£' => '￡',
                '¬' => '￢',
                _ => c,
            });
        }
        return b.ToString();
    }

    private string ForCp932(string text, int row, string column)
    {
        var original = text;
        text = NormalizeForCp932(text);
        try
        {
            strict!.GetByteCount(text);
            return text;
        }
        catch (EncoderFallbackException)
        {
            // Rare: find each character (a surrogate pair is one) CP932 cannot hold and write 〓 instead.
            var b = new StringBuilder(text.Length);
            var elements = StringInfo.GetTextElementEnumerator(text);
            while (elements.MoveNext())
            {
                var element = (string)elements.Current;
                if (CanEncode(element))
                {
                    b.Append(element);
                    continue;
                }
                // A base character with a combining mark may still encode without the mark.
                foreach (var rune in element.EnumerateRunes())
                {
                    var s = rune.ToString();
                    if (CanEncode(s))
                    {
                        b.Append(s);
                    }
                    else
                    {
                        b.Append(Geta);
                        ReplacedCount++;
                        if (replaced.Count < MaxListed)
                        {
                            replaced.Add(new ReplacedCharacter(row, column, s, original));
                        }
                    }
                }
            }
            return b.ToString();
        }
    }

    private bool CanEncode(string s)
    {
        try
        {
            strict!.GetByteCount(s);
            return true;
        }
        catch (EncoderFallbackException)
        {
            return false;
        }
    }

    /// <summary>Flushes what is buffered and closes the writer (and the output stream).</summary>
    public async ValueTask DisposeAsync()
    {
        await writer.FlushAsync();
        await writer.DisposeAsync();
    }
}
