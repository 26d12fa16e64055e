using nietras.SeparatedValues;

namespace CallCenter.Data.Imports;

/// <summary>A CSV file that cannot be read: the message names the line and what is wrong.</summary>
public class CsvFormatException(int line, string message) : Exception(message)
{
    /// <summary>The 1-based physical line where the problem was found.</summary>
    public int Line { get; } = line;
}

/// <summary>
/// Streams RFC 4180 records (quoted fields, doubled quotes, CRLF/LF, line breaks inside quotes) from a
/// <see cref="TextReader"/>, remembering the physical line each record starts on for error messages. The rows and
/// columns are found by Sep (MIT); Sep accepts malformed quoting, so each column that holds a quote is checked here
/// from its raw text, and the same errors as before are raised on the line of the offending quote. A row longer than
/// Sep supports (an open quote far back) is read from its start by the hand-written scanner (<see cref="LongRowCsvReader"/>).
/// </summary>
public sealed class CsvRecordReader(TextReader reader) : IDisposable
{
    // Raw columns (Unescape off): the quotes are checked and removed here, where the text before them is still known.
    private static readonly SepReaderOptions Options = Sep.New(',').Reader(o => o with
    {
        HasHeader = false,
        DisableColCountCheck = true,
        Unescape = false,
        Trim = SepTrim.None,
    });

    private readonly KeptTextReader kept = new(reader);
    private SepReader? sep;
    private LongRowCsvReader? longRows;
    private bool ended;
    private char[] unescaped = new char[256];

    // The physical line the next record starts on, and Sep's end line of the last row. Sep also counts a lone CR
    // inside quotes as a line break; the lines here count only LF there (as the hand-written scanner did), so the
    // difference is kept apart rather than taken from Sep's LineNumberFrom (which is also 2 for a headerless first row).
    private int nextLine = 1;
    private int sepLineToExcl = 1;

    /// <summary>The physical line the last record returned by <see cref="Read"/> started on.</summary>
    public int RecordLine { get; private set; }

    /// <summary>Reads the next record, or returns null at the end of the input.</summary>
    public List<string>? Read()
    {
        if (ended)
        {
            return null;
        }
        if (longRows is not null)
        {
            var record = longRows.Read();
            RecordLine = record is null ? RecordLine : longRows.RecordLine;
            return record;
        }
        bool more;
        try
        {
            // Made on the first read: Sep reads its first buffer when it is made, and a bad byte there belongs to Read.
            sep ??= Options.From(kept, leaveOpen: true);
            more = sep.MoveNext();
        }
        catch (NotSupportedException)
        {
            // A row longer than Sep supports (an open quote far back): the rest is read by the scanner Sep replaced.
            sep?.Dispose();
            sep = null;
            kept.Replay();
            longRows = new LongRowCsvReader(kept, nextLine);
            return Read();
        }
        if (!more)
        {
            ended = true;
            return null;
        }
        var row = sep.Current;
        RecordLine = nextLine;
        var loneCarriageReturns = 0;
        var fields = new List<string>(row.ColCount);
        for (var i = 0; i < row.ColCount; i++)
        {
            var raw = row[i].Span;
            fields.Add(raw.Contains('"') ? Quoted(row, i, raw, ref loneCarriageReturns) : new string(raw));
        }
        nextLine += row.LineNumberToExcl - sepLineToExcl - loneCarriageReturns;
        sepLineToExcl = row.LineNumberToExcl;
        kept.Consumed(row.Span.Length);
        return fields;
    }

    /// <summary>Returns Sep's buffers; the text reader stays open (its owner closes it).</summary>
    public void Dispose()
    {
        sep?.Dispose();
        sep = null;
        ended = true;
    }

    // A column holding a quote: valid only as "…" with inner quotes doubled. Returns the text between the quotes.
    private string Quoted(SepReader.Row row, int col, ReadOnlySpan<char> raw, ref int loneCarriageReturns)
    {
        if (raw[0] != '"')
        {
            var line = LineAt(row, col, raw, raw.IndexOf('"'));
            throw new CsvFormatException(line, $"{line}行目: 引用符（\"）で囲まれていない項目の中に引用符があります");
        }
        var length = 0;
        var start = 1;
        while (true)
        {
            var quote = raw[start..].IndexOf('"');
            if (quote < 0)
            {
                // Sep ran to the end of the input inside the quotes.
                throw new CsvFormatException(RecordLine, $"{RecordLine}行目: 引用符（\"）が閉じられていません");
            }
            var at = start + quote;
            if (at + 1 < raw.Length && raw[at + 1] == '"')
            {
                Append(raw[start..(at + 1)], ref length);
                start = at + 2;
                continue;
            }
            if (at + 1 != raw.Length)
            {
                var line = LineAt(row, col, raw, at);
                throw new CsvFormatException(line, $"{line}行目: 引用符（\"）の後に区切り以外の文字があります");
            }
            loneCarriageReturns += LoneCarriageReturns(raw[1..at]);
            if (length == 0)
            {
                return new string(raw[1..at]);
            }
            Append(raw[start..at], ref length);
            return new string(unescaped, 0, length);
        }
    }

    private void Append(ReadOnlySpan<char> part, ref int length)
    {
        if (length + part.Length > unescaped.Length)
        {
            Array.Resize(ref unescaped, Math.Max(unescaped.Length * 2, length + part.Length));
        }
        part.CopyTo(unescaped.AsSpan(length));
        length += part.Length;
    }

    // The physical line of raw[index]: the record's line plus the line feeds (all inside quotes) before it in the row.
    private int LineAt(SepReader.Row row, int col, ReadOnlySpan<char> raw, int index)
    {
        var line = RecordLine + raw[..index].Count('\n');
        for (var i = 0; i < col; i++)
        {
            line += row[i].Span.Count('\n');
        }
        return line;
    }

    private static int LoneCarriageReturns(ReadOnlySpan<char> quoted)
    {
        var count = 0;
        var at = quoted.IndexOf('\r');
        while (at >= 0)
        {
            if (at + 1 == quoted.Length || quoted[at + 1] != '\n')
            {
                count++;
            }
            var next = quoted[(at + 1)..].IndexOf('\r');
            at = next < 0 ? -1 : at + 1 + next;
        }
        return count;
    }
}
