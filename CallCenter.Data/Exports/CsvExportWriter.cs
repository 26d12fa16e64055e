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

    // Lines are built in one reused char buffer and encoded straight into one reused byte buffer, which goes to the
    // output (asynchronously: an ASP.NET response accepts nothing else) when it passes FlushAt: no string per cell, no
    // StringBuilder and no StreamWriter between the cells and the bytes (measured at 1,000,000 rows: see bench/).
    private const int FlushAt = 1 << 16;

    // Searched in every cell: built once (a search for more than five characters given as a string builds its map per call).
    private const string Cp932MappedCharacters = "〜−‖—¢£¬";
    private const string QuotedCharacters = ",\"\r\n";
    private static readonly System.Buffers.SearchValues<char> Cp932Mapped = System.Buffers.SearchValues.Create(Cp932MappedCharacters);
    private static readonly System.Buffers.SearchValues<char> Quoted = System.Buffers.SearchValues.Create(QuotedCharacters);

    // Everything a cell may need done to it besides the formula guard (a refused character to drop, a quote, and in
    // CP932 a character to map), in one set: most cells hold none, and one search then settles them (three searches
    // and two calls per cell cost a town's export a tenth of its time before the JIT has recompiled the loop).
    private static readonly System.Buffers.SearchValues<char> Utf8Special =
        System.Buffers.SearchValues.Create([.. Common.TextSafety.ForbiddenCharacters, .. QuotedCharacters]);
    private static readonly System.Buffers.SearchValues<char> Cp932Special =
        System.Buffers.SearchValues.Create([.. Common.TextSafety.ForbiddenCharacters, .. QuotedCharacters, .. Cp932MappedCharacters]);

    private readonly Stream output;
    private readonly Encoding text;
    private readonly IReadOnlyList<string> header;
    private readonly Encoding? cp932;
    private readonly CountingFallback? unmappable;
    private readonly List<ReplacedCharacter> replaced = [];
    private char[] chars = new char[1024];
    private int charCount;
    private byte[] bytes = new byte[FlushAt * 2];
    private int byteCount;

    /// <summary>A writer of <paramref name="header"/>'s columns to <paramref name="output"/> in <paramref name="encoding"/>.</summary>
    public CsvExportWriter(Stream output, ExportEncoding encoding, IReadOnlyList<string> header)
    {
        this.header = header;
        Encoding = encoding;
        if (encoding == ExportEncoding.Cp932)
        {
            // .NET's code page 932 with a fallback that counts what it cannot hold instead of throwing: a thrown
            // exception costs far more than a line (the first one in a process, milliseconds), and a town's register
            // holds a few such names.
            System.Text.Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
            unmappable = new CountingFallback();
            cp932 = System.Text.Encoding.GetEncoding(932, unmappable, DecoderFallback.ExceptionFallback);
        }
        this.output = output;
        text = cp932 ?? Utf8WithBom;
        // As a StreamWriter does: the byte-order mark first, unless the stream is already past its start.
        if (!(output.CanSeek && output.Position > 0))
        {
            var preamble = text.Preamble;
            preamble.CopyTo(bytes);
            byteCount = preamble.Length;
        }
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

    private async Task WriteLineAsync(IReadOnlyList<string?> list, int row)
    {
        // By index into an array: a list's indexer through its interface is a call per cell.
        var cells = list as string?[] ?? [.. list];
        BuildLine(cells, row, replacing: false);
        var max = text.GetMaxByteCount(charCount);
        if (bytes.Length - byteCount < max)
        {
            await FlushBufferAsync();
            if (bytes.Length < max)
            {
                bytes = new byte[max];
            }
        }
        var missed = unmappable?.Count;
        var written = text.GetBytes(chars, 0, charCount, bytes, byteCount);
        if (unmappable is not null && unmappable.Count != missed)
        {
            // Rare: a character CP932 cannot hold. The line again, cell by cell, with 〓 for each such character (and
            // each one reported), written over the first attempt.
            BuildLine(cells, row, replacing: true);
            written = text.GetBytes(chars, 0, charCount, bytes, byteCount);
        }
        byteCount += written;
        if (byteCount >= FlushAt)
        {
            await FlushBufferAsync();
        }
    }

    /// <summary>
    /// One line of cells into <see cref="chars"/>, each as <see cref="Cell"/> writes it: control and bidirectional
    /// characters stored before they were refused are dropped, not written (they would reorder or hide text in the
    /// program that opens the file; <see cref="Common.TextSafety"/>), before CP932 so they are no 〓; in CP932 the
    /// wave dash and its relatives are mapped (and, when <paramref name="replacing"/>, what it cannot hold becomes 〓).
    /// </summary>
    private void BuildLine(ReadOnlySpan<string?> cells, int row, bool replacing)
    {
        charCount = 0;
        var special = cp932 is null ? Utf8Special : Cp932Special;
        for (var i = 0; i < cells.Length; i++)
        {
            if (i > 0)
            {
                Append(',');
            }
            if (!replacing && cells[i] is { Length: > 0 } plain && plain.AsSpan().IndexOfAny(special) < 0)
            {
                // Nothing to drop, map or quote: the cell as it is, guarded against formulas.
                if (StartsLikeFormula(plain))
                {
                    Append('\'');
                }
                Append(plain);
                continue;
            }
            var value = cells[i] is { } cell ? Common.TextSafety.Strip(cell) : null;
            if (string.IsNullOrEmpty(value))
            {
                continue;
            }
            if (cp932 is not null)
            {
                value = replacing ? ForCp932(value, row, i < header.Count ? header[i] : $"{i + 1}列目") : NormalizeForCp932(value);
            }
            var quoted = value.AsSpan().IndexOfAny(Quoted) >= 0;
            if (quoted)
            {
                Append('"');
            }
            if (StartsLikeFormula(value))
            {
                Append('\'');
            }
            if (quoted)
            {
                foreach (var c in value)
                {
                    if (c == '"')
                    {
                        Append('"');
                    }
                    Append(c);
                }
                Append('"');
            }
            else
            {
                Append(value);
            }
        }
        Append('\r');
        Append('\n');
    }

    private void Append(char c)
    {
        if (charCount == chars.Length)
        {
            Array.Resize(ref chars, chars.Length * 2);
        }
        chars[charCount++] = c;
    }

    private void Append(string value)
    {
        if (chars.Length - charCount < value.Length)
        {
            Array.Resize(ref chars, Math.Max(chars.Length * 2, charCount + value.Length));
        }
        value.CopyTo(chars.AsSpan(charCount));
        charCount += value.Length;
    }

    private async Task FlushBufferAsync()
    {
        if (byteCount > 0)
        {
            await output.WriteAsync(bytes.AsMemory(0, byteCount));
            byteCount = 0;
        }
    }

    // A cell Excel would read as a formula (or as one after a tab or CR): written with a single quote before it.
    private static bool StartsLikeFormula(string value) => value[0] is '=' or '+' or '-' or '@' or '\t' or '\r';

    /// <summary>One cell: guarded against formulas, then quoted when it holds a comma, quote or line break.</summary>
    public static string Cell(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }
        value = Common.TextSafety.Strip(value);
        if (StartsLikeFormula(value))
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
        if (text.AsSpan().IndexOfAny(Cp932Mapped) < 0)
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
        if (CanEncode(text))
        {
            return text;
        }
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

    private bool CanEncode(string s)
    {
        var missed = unmappable!.Count;
        cp932!.GetByteCount(s);
        return unmappable.Count == missed;
    }

    /// <summary>
    /// An encoder fallback that counts the characters it is asked to replace (and stands 〓 in for each): the writer
    /// compares the count before and after encoding to learn, without an exception, that something could not be held.
    /// </summary>
    private sealed class CountingFallback : EncoderFallback
    {
        public int Count;

        public override int MaxCharCount => 1;

        public override EncoderFallbackBuffer CreateFallbackBuffer() => new Buffer(this);

        private sealed class Buffer(CountingFallback owner) : EncoderFallbackBuffer
        {
            private int remaining;

            public override int Remaining => remaining;

            public override bool Fallback(char charUnknown, int index) => Replace();

            public override bool Fallback(char charUnknownHigh, char charUnknownLow, int index) => Replace();

            public override char GetNextChar()
            {
                if (remaining == 0)
                {
                    return '\0';
                }
                remaining = 0;
                return '〓';
            }

            public override bool MovePrevious()
            {
                if (remaining == 1)
                {
                    return false;
                }
                remaining = 1;
                return true;
            }

            public override void Reset() => remaining = 0;

            private bool Replace()
            {
                owner.Count++;
                remaining = 1;
                return true;
            }
        }
    }

    /// <summary>Writes what is buffered and flushes the output stream (which stays open).</summary>
    public async ValueTask DisposeAsync()
    {
        await FlushBufferAsync();
        await output.FlushAsync();
    }
}
