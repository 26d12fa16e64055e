using System.Text;

namespace CallCenter.Data.Imports;

/// <summary>
/// The hand-written RFC 4180 scanner, kept for one case only: a row longer than Sep supports (16,777,216 chars),
/// which in these files means a quote left open far back. <see cref="CsvRecordReader"/> hands it the rest of the
/// input from the start of that row, so the records, lines and messages stay those of the scanner Sep replaced.
/// </summary>
internal sealed class LongRowCsvReader(TextReader reader, int firstLine)
{
    private readonly StringBuilder field = new();
    private int line = firstLine;

    /// <summary>The physical line the last record returned by <see cref="Read"/> started on.</summary>
    public int RecordLine { get; private set; }

    /// <summary>Reads the next record, or returns null at the end of the input.</summary>
    public List<string>? Read()
    {
        var c = reader.Read();
        if (c < 0)
        {
            return null;
        }
        RecordLine = line;
        var fields = new List<string>();
        field.Clear();
        var quoted = false;
        var atFieldStart = true;
        while (true)
        {
            if (c < 0)
            {
                if (quoted)
                {
                    throw new CsvFormatException(RecordLine, $"{RecordLine}行目: 引用符（\"）が閉じられていません");
                }
                fields.Add(field.ToString());
                return fields;
            }
            var ch = (char)c;
            if (quoted)
            {
                if (ch == '"')
                {
                    if (reader.Peek() == '"')
                    {
                        reader.Read();
                        field.Append('"');
                    }
                    else
                    {
                        quoted = false;
                        var next = reader.Peek();
                        if (next >= 0 && next != ',' && next != '\r' && next != '\n')
                        {
                            throw new CsvFormatException(line, $"{line}行目: 引用符（\"）の後に区切り以外の文字があります");
                        }
                    }
                }
                else
                {
                    if (ch == '\n')
                    {
                        line++;
                    }
                    field.Append(ch);
                }
            }
            else if (ch == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
                atFieldStart = true;
                c = reader.Read();
                continue;
            }
            else if (ch == '\r' || ch == '\n')
            {
                if (ch == '\r' && reader.Peek() == '\n')
                {
                    reader.Read();
                }
                line++;
                fields.Add(field.ToString());
                return fields;
            }
            else if (ch == '"' && atFieldStart)
            {
                quoted = true;
            }
            else if (ch == '"')
            {
                throw new CsvFormatException(line, $"{line}行目: 引用符（\"）で囲まれていない項目の中に引用符があります");
            }
            else
            {
                field.Append(ch);
            }
            atFieldStart = false;
            c = reader.Read();
        }
    }
}

/// <summary>
/// The text reader Sep reads through: it keeps what Sep has read from the start of the row not yet returned, so
/// that after a row too long for Sep the rest of the input can be read again from that row's first char.
/// </summary>
internal sealed class KeptTextReader(TextReader inner) : TextReader
{
    private char[] kept = new char[1 << 16];
    private int start;
    private int end;
    private bool replaying;

    public override int Read(Span<char> buffer)
    {
        var read = inner.Read(buffer);
        if (!replaying && read > 0)
        {
            if (end + read > kept.Length)
            {
                var length = end - start;
                if (length + read > kept.Length / 2)
                {
                    var larger = new char[Math.Max(kept.Length * 2, (length + read) * 2)];
                    kept.AsSpan(start, length).CopyTo(larger);
                    kept = larger;
                }
                else
                {
                    kept.AsSpan(start, length).CopyTo(kept);
                }
                start = 0;
                end = length;
            }
            buffer[..read].CopyTo(kept.AsSpan(end));
            end += read;
        }
        return read;
    }

    public override int Read(char[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));

    public override int Read() => replaying && start < end ? kept[start++] : replaying ? inner.Read() : ReadOne();

    public override int Peek() => replaying && start < end ? kept[start] : inner.Peek();

    /// <summary>A row of <paramref name="length"/> chars was returned: forgets it and its line break.</summary>
    public void Consumed(int length)
    {
        start += length;
        if (start < end && kept[start] == '\r')
        {
            start++;
        }
        if (start < end && kept[start] == '\n')
        {
            start++;
        }
    }

    /// <summary>From now on, reads give the kept chars from the start of the unreturned row, then the rest.</summary>
    public void Replay() => replaying = true;

    private int ReadOne()
    {
        Span<char> one = stackalloc char[1];
        return Read(one) == 0 ? -1 : one[0];
    }
}
