using System.Text;
using CallCenter.Data.Imports;

namespace CallCenter.Tests.Data.Imports;

/// <summary>The read loop both importers share: encoding, header, blank records and the error that ends a file.</summary>
public class ImportCsvReaderTests
{
    private static MemoryStream Utf8(string csv) => new(Encoding.UTF8.GetBytes(csv));

    private static ImportCsvReader Open(string csv)
    {
        var (reader, refusal, _) = ImportCsvReader.Open(Utf8(csv), leaveOpen: false);
        Assert.Null(refusal);
        return reader!;
    }

    private static List<(int Line, List<string> Record)> ReadAll(ImportCsvReader csv, List<ImportError> errors, Func<List<string>, bool> isBlank)
    {
        var (header, error) = csv.ReadHeader();
        Assert.Null(error);
        Assert.NotNull(header);
        return [.. csv.Records(errors, isBlank).Select(r => (csv.RecordLine, r))];
    }

    [Fact]
    public void Records_SkipWhatTheCallerCallsBlank_And_KeepTheLineOfEachRecord()
    {
        const string csv = "a,b\r\n1,2\r\n\r\n,\r\n3,4\r\n";
        var errors = new List<ImportError>();

        using var emptyLinesOnly = Open(csv);
        var register = ReadAll(emptyLinesOnly, errors, r => r.Count == 1 && r[0].Length == 0);
        using var emptyFieldsToo = Open(csv);
        var statusList = ReadAll(emptyFieldsToo, errors, r => r.All(f => f.Length == 0));

        Assert.Equal([(2, "1,2"), (4, ","), (5, "3,4")], register.Select(r => (r.Line, string.Join(",", r.Record))));
        Assert.Equal([(2, "1,2"), (5, "3,4")], statusList.Select(r => (r.Line, string.Join(",", r.Record))));
        Assert.Empty(errors);
    }

    [Fact]
    public void Records_EndWithAnErrorOnItsLine_When_ARecordIsMalformed()
    {
        using var csv = Open("a,b\r\n1,2\r\n3,\"x\r\n");
        var errors = new List<ImportError>();

        var records = ReadAll(csv, errors, _ => false);

        Assert.Equal(["1", "2"], Assert.Single(records).Record);
        var error = Assert.Single(errors);
        Assert.Equal((3, "CSV"), (error.Line, error.Column));
    }

    [Fact]
    public void ReadHeader_Fails_When_TheHeaderLineIsEmpty()
    {
        using var csv = Open(",,\r\n1,2,3\r\n");

        var (header, error) = csv.ReadHeader();

        Assert.Null(header);
        Assert.Equal(new ImportError(0, "ファイル", "見出し行がありません（ファイルが空です）"), error);
    }

    [Fact]
    public void Open_RefusesAFile_InAnEncodingNoImporterReads()
    {
        var bytes = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("氏名,安否\r\n")).ToArray();

        var (reader, refusal, encoding) = ImportCsvReader.Open(new MemoryStream(bytes), leaveOpen: false);

        Assert.Null(reader);
        Assert.NotNull(refusal);
        Assert.Equal("文字コード", refusal.Column);
        Assert.Equal("UTF-16", encoding);
        using var plain = Open("a\r\n");
        Assert.Equal("UTF-8", plain.EncodingName);
    }
}
