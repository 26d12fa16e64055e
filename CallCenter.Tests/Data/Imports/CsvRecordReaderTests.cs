using CallCenter.Data.Imports;

namespace CallCenter.Tests.Data.Imports;

public class CsvRecordReaderTests
{
    private static List<List<string>> ReadAll(string text)
    {
        var reader = new CsvRecordReader(new StringReader(text));
        var records = new List<List<string>>();
        while (reader.Read() is { } record)
        {
            records.Add(record);
        }
        return records;
    }

    [Fact]
    public void Read_HandlesQuotesCommasAndLineBreaks_When_Rfc4180()
    {
        var records = ReadAll("a,\"b,c\",\"say \"\"hi\"\"\"\r\n\"line1\r\nline2\",,x\r\n");

        Assert.Equal(2, records.Count);
        Assert.Equal(["a", "b,c", "say \"hi\""], records[0]);
        Assert.Equal(["line1\r\nline2", "", "x"], records[1]);
    }

    [Fact]
    public void RecordLine_CountsPhysicalLines_When_FieldsSpanLines()
    {
        var reader = new CsvRecordReader(new StringReader("h\n\"a\nb\"\nc\n"));
        reader.Read();
        reader.Read();
        reader.Read();

        Assert.Equal(4, reader.RecordLine);
    }

    [Fact]
    public void Read_Throws_When_QuoteIsNeverClosed()
    {
        var e = Assert.Throws<CsvFormatException>(() => ReadAll("a,b\n\"open,c\nd\n"));
        Assert.Equal(2, e.Line);
        Assert.Contains("閉じられていません", e.Message);
    }

    [Fact]
    public void Read_Throws_When_TextFollowsClosingQuote()
    {
        var e = Assert.Throws<CsvFormatException>(() => ReadAll("\"a\"b,c\n"));
        Assert.Contains("引用符", e.Message);
    }

    [Fact]
    public void Read_Throws_When_QuoteInsideUnquotedField()
    {
        Assert.Throws<CsvFormatException>(() => ReadAll("ab\"c,d\n"));
    }
}
