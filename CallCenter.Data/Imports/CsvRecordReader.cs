using System.Text;

namespace CallCenter.Data.Imports;

/// <summary>A CSV file that cannot be read: the message names the line and what is wrong.</summary>
public class CsvFormatException(int line, string message) : Exception(message)
{
    /// <summary>The 1-based physical line where the problem was found.</summary>
    public int Line { get; } = line;
}

/// <summary>
/// Streams RFC 4180 records (quoted fields, doubled quotes, CRLF/LF, line breaks inside quotes) from a
/// <see cref="TextReader"/>, remembering the physical line each record starts on for error messages.
/// </summary>
public sealed class CsvRecordReader(TextReader reader)
{
    private readonly StringBuilder field = new();
    private int line = 1;

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
