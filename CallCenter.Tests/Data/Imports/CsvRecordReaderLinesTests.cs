using System.Text;
using CallCenter.Data.Imports;

namespace CallCenter.Tests.Data.Imports;

/// <summary>
/// The Sep-based <see cref="CsvRecordReader"/>: the same records, lines and errors as the hand-written scanner it
/// replaced (kept below as the reference), and physical lines that stay right across Sep's buffers in large files.
/// </summary>
public class CsvRecordReaderLinesTests
{
    private const string Unclosed = "引用符（\"）が閉じられていません";
    private const string AfterClosing = "引用符（\"）の後に区切り以外の文字があります";
    private const string InsideUnquoted = "引用符（\"）で囲まれていない項目の中に引用符があります";

    [Fact]
    public void Read_GivesTheSameRecordsLinesAndErrors_As_TheHandWrittenReader_On_RandomInputs()
    {
        string[] pieces = ["a", "あ", "𠮷", ",", ",", "\"", "\"", "\"\"", "\n", "\r\n", "\r", " "];
        var random = new Random(15);
        var errors = 0;
        for (var n = 0; n < 20_000; n++)
        {
            var text = new StringBuilder();
            var length = random.Next(0, 30);
            for (var i = 0; i < length; i++)
            {
                text.Append(pieces[random.Next(pieces.Length)]);
            }
            // The reference: the hand-written scanner Sep replaced, kept unchanged as LongRowCsvReader.
            var expected = Outcome(() => new LongRowCsvReader(new StringReader(text.ToString()), firstLine: 1), r => r.Read(), r => r.RecordLine);
            var actual = Outcome(() => new CsvRecordReader(new StringReader(text.ToString())), r => r.Read(), r => r.RecordLine);
            Assert.True(expected == actual, $"input {Escape(text.ToString())}\nexpected {expected}\nactual   {actual}");
            errors += expected.Contains("error ", StringComparison.Ordinal) ? 1 : 0;
        }
        Assert.InRange(errors, 2_000, 18_000);
    }

    [Theory]
    [InlineData(false, "\r\n", true)]
    [InlineData(false, "\n", false)]
    [InlineData(true, "\r\n", false)]
    [InlineData(true, "\n", false)]
    public void Records_KeepTheirPhysicalLines_When_100000RowsHaveMultiLineFields(bool cp932, string newline, bool bom)
    {
        var (bytes, expected, _) = LargeFile(100_000, cp932, newline, bom, tail: "");
        using var stream = new MemoryStream(bytes);
        var (csv, refusal, encodingName) = ImportCsvReader.Open(stream, leaveOpen: false);
        Assert.Null(refusal);
        Assert.Equal(cp932 ? "CP932" : "UTF-8", encodingName);
        using var reader = csv!;
        var (header, headerError) = reader.ReadHeader();
        Assert.Null(headerError);
        Assert.Equal([bom ? "\uFEFF番号" : "番号", "氏名", "備考"], header);
        var errors = new List<ImportError>();

        var records = reader.Records(errors, r => r is [""]).Select(r => (reader.RecordLine, string.Join("|", r))).ToList();

        Assert.Empty(errors);
        Assert.Equal(expected.Count, records.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.True(expected[i] == records[i], $"record {i}: expected {expected[i]}, read {records[i]}");
        }
    }

    public static TheoryData<string, string, int, string> MalformedTails => new()
    {
        // The tail follows the large file; its first record starts on line L. Offsets are lines after L.
        { "unclosed", "\"開いたまま,x{nl}続き{nl}", 0, Unclosed },
        { "text after the closing quote", "1,\"一行目{nl}二行目\"残り,x{nl}", 1, AfterClosing },
        { "quote inside an unquoted field", "\"上{nl}下\",\"中{nl}段\",あ\"い{nl}", 2, InsideUnquoted },
        { "quote inside an unquoted first field", "番\"号,x{nl}", 0, InsideUnquoted },
    };

    [Theory]
    [MemberData(nameof(MalformedTails))]
    public void Records_EndWithTheErrorOnItsPhysicalLine_When_QuotingIsMalformedPastLine50000(string name, string tail, int offset, string reason)
    {
        foreach (var (cp932, newline) in new[] { (false, "\r\n"), (false, "\n"), (true, "\r\n"), (true, "\n") })
        {
            var (bytes, expected, tailLine) = LargeFile(40_000, cp932, newline, bom: !cp932, tail.Replace("{nl}", newline));
            Assert.True(tailLine > 50_000, name);
            using var stream = new MemoryStream(bytes);
            using var reader = ImportCsvReader.Open(stream, leaveOpen: false).Reader!;
            reader.ReadHeader();
            var errors = new List<ImportError>();

            var count = reader.Records(errors, r => r is [""]).Count();

            Assert.Equal(expected.Count, count);
            var line = tailLine + offset;
            Assert.Equal([new ImportError(line, "CSV", $"{line}行目: {reason}")], errors);
        }
    }

    [Fact]
    public void RecordLine_CountsEveryLineOfAFieldLongerThanTheBuffers()
    {
        var field = string.Concat(Enumerable.Range(0, 5_000).Select(i => $"行{i}、\"\"引用\"\"を含む長い備考\r\n"));
        var reader = new CsvRecordReader(new StringReader($"a,b\r\n1,\"{field}\"\r\n2,x\r\n\"3\",\"y\"\r\n"));

        Assert.Equal(["a", "b"], reader.Read());
        Assert.Equal(["1", field.Replace("\"\"", "\"")], reader.Read());
        Assert.Equal(2, reader.RecordLine);
        Assert.Equal(["2", "x"], reader.Read());
        Assert.Equal(5_003, reader.RecordLine);
        Assert.Equal(["3", "y"], reader.Read());
        Assert.Equal(5_004, reader.RecordLine);
        Assert.Null(reader.Read());
        Assert.Null(reader.Read());
        Assert.Equal(5_004, reader.RecordLine);
    }

    [Theory]
    [InlineData("番号,備考\n1,\"開いたまま\n", "\n")]
    [InlineData("番号,備考\r\n\"上\r\n下\",ab\"c\r\n", "\r\n")]
    [InlineData("番号,備考\n1,\"一\n二\"三\"\n", "\n")]
    [InlineData("番号,備考\r\n1,\"{long}\"\r\n", "\r\n")]
    public void Read_GivesTheHandWrittenOutcome_When_ARowIsLongerThanSepSupports(string head, string newline)
    {
        // Sep refuses a row over 16,777,216 chars; an open quote makes the rest of a large file one row.
        var longField = string.Concat(Enumerable.Repeat($"長い備考、\"\"引用\"\"{newline}", 1_500_000));
        var text = new StringBuilder(head.Replace("{long}", longField));
        for (var i = 0; text.Length < 17_000_000; i++)
        {
            text.Append(i).Append(",あいう").Append(newline);
        }
        var input = text.ToString();

        var expected = Outcome(() => new LongRowCsvReader(new StringReader(input), firstLine: 1), r => r.Read(), r => r.RecordLine);
        var actual = Outcome(() => new CsvRecordReader(new StringReader(input)), r => r.Read(), r => r.RecordLine);

        Assert.True(expected == actual, $"expected {Clip(expected)}\nactual   {Clip(actual)}");
    }

    [Fact]
    public void Read_NamesTheFirstLine_When_TheHeaderIsMalformed()
    {
        var e = Assert.Throws<CsvFormatException>(() => new CsvRecordReader(new StringReader("\"番号\"x,氏名\n1,2\n")).Read());

        Assert.Equal(1, e.Line);
        Assert.Equal($"1行目: {AfterClosing}", e.Message);
    }

    [Fact]
    public void Read_KeepsSpacesEmptyFieldsAndEmptyLines_And_RecordsMayDifferInLength()
    {
        var reader = new CsvRecordReader(new StringReader(" a ,\"b\"\"\",\n\"\",,\"\"\"\"\n\nx"));

        Assert.Equal([" a ", "b\"", ""], reader.Read());
        Assert.Equal(["", "", "\""], reader.Read());
        Assert.Equal(2, reader.RecordLine);
        Assert.Equal([""], reader.Read());
        Assert.Equal(["x"], reader.Read());
        Assert.Equal(4, reader.RecordLine);
        Assert.Null(reader.Read());
    }

    // Header, then `rows` records: every third has a quoted remark over two or three lines (multibyte, doubled
    // quotes, commas), every 97th is followed by an empty line, then `tail`. Returns the bytes, each record's
    // (line, fields) and the line the tail starts on.
    private static (byte[] Bytes, List<(int Line, string Fields)> Expected, int TailLine) LargeFile(int rows, bool cp932, string newline, bool bom, string tail)
    {
        var text = new StringBuilder();
        text.Append(bom ? "\uFEFF" : "").Append("番号,氏名,備考").Append(newline);
        var expected = new List<(int, string)>(rows);
        var line = 2;
        for (var i = 0; i < rows; i++)
        {
            var name = $"山田　花子{i % 13}";
            if (i % 3 == 0)
            {
                var lines = 2 + i % 2;
                var remark = string.Join(newline, Enumerable.Range(0, lines).Select(k => $"{k}行目、「足が悪い」\"\"杖\"\"あり,髙橋"));
                text.Append(i).Append(',').Append(name).Append(",\"").Append(remark).Append('"').Append(newline);
                expected.Add((line, $"{i}|{name}|{remark.Replace("\"\"", "\"")}"));
                line += lines;
            }
            else
            {
                text.Append(i).Append(',').Append(name).Append(",なし").Append(newline);
                expected.Add((line, $"{i}|{name}|なし"));
                line++;
            }
            if (i % 97 == 0)
            {
                text.Append(newline);
                line++;
            }
        }
        text.Append(tail);
        if (!cp932)
        {
            return (new UTF8Encoding(false).GetBytes(text.ToString()), expected, line);
        }
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return (Encoding.GetEncoding(932).GetBytes(text.ToString()), expected, line);
    }

    private static string Outcome<T>(Func<T> open, Func<T, List<string>?> read, Func<T, int> line)
    {
        var reader = open();
        var outcome = new StringBuilder();
        try
        {
            while (read(reader) is { } record)
            {
                outcome.Append(line(reader)).Append(':').Append(Escape(string.Join("|", record))).Append(' ');
            }
        }
        catch (CsvFormatException e)
        {
            outcome.Append("error ").Append(e.Line).Append(' ').Append(e.Message);
        }
        return outcome.ToString();
    }

    private static string Clip(string text) => text.Length <= 400 ? text : $"{text[..200]}…{text[^200..]}";

    private static string Escape(string text) => text.Replace("\r", "\\r").Replace("\n", "\\n");
}
