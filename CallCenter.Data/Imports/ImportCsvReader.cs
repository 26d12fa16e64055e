using System.Text;

namespace CallCenter.Data.Imports;

/// <summary>
/// The read loop both CSV importers share (the resident register and the status lists): the text encoding is
/// detected (a file in neither UTF-8 nor CP932 is refused), then the header and the records are read, and a
/// malformed record or an undecodable byte ends the loop as an <see cref="ImportError"/> on its line.
/// </summary>
internal sealed class ImportCsvReader : IDisposable
{
    private readonly StreamReader text;
    private readonly CsvRecordReader csv;

    private ImportCsvReader(StreamReader text, string encodingName)
    {
        this.text = text;
        csv = new CsvRecordReader(text);
        EncodingName = encodingName;
    }

    /// <summary>The encoding the file was read in, as the results name it ("UTF-8" or "CP932").</summary>
    public string EncodingName { get; }

    /// <summary>The physical line the last record returned started on.</summary>
    public int RecordLine => csv.RecordLine;

    /// <summary>
    /// Opens a file positioned at its first byte. Returns the reader, or the refusal (with the name of the encoding
    /// found) when the file is in an encoding no importer reads.
    /// </summary>
    public static (ImportCsvReader? Reader, ImportError? Refusal, string EncodingName) Open(Stream stream, bool leaveOpen)
    {
        if (TextEncodingDetector.Refuse(stream) is { } refusal)
        {
            return (null, new ImportError(0, "文字コード", refusal.Message), refusal.Name);
        }
        var encoding = TextEncodingDetector.Detect(stream);
        var encodingName = TextEncodingDetector.Name(encoding);
        var text = new StreamReader(stream, encoding, detectEncodingFromByteOrderMarks: false, bufferSize: 1 << 16, leaveOpen: leaveOpen);
        return (new ImportCsvReader(text, encodingName), null, encodingName);
    }

    /// <summary>Reads the header record; returns it, or the error that makes the file unreadable (no header, a bad byte).</summary>
    public (List<string>? Header, ImportError? Error) ReadHeader()
    {
        List<string>? header;
        try
        {
            header = csv.Read();
        }
        catch (Exception e) when (e is CsvFormatException or DecoderFallbackException)
        {
            return (null, ReadError(e));
        }
        if (header is null || header.All(string.IsNullOrWhiteSpace))
        {
            return (null, new ImportError(0, "ファイル", "見出し行がありません（ファイルが空です）"));
        }
        return (header, null);
    }

    /// <summary>
    /// The records after the header, without the blank ones (as <paramref name="isBlank"/> decides); a record that
    /// cannot be read is added to <paramref name="errors"/> and ends the records. <see cref="RecordLine"/> is the
    /// line of the record just returned.
    /// </summary>
    public IEnumerable<List<string>> Records(List<ImportError> errors, Func<List<string>, bool> isBlank)
    {
        while (true)
        {
            List<string>? record;
            try
            {
                record = csv.Read();
            }
            catch (Exception e) when (e is CsvFormatException or DecoderFallbackException)
            {
                errors.Add(ReadError(e));
                record = null;
            }
            if (record is null)
            {
                yield break;
            }
            if (!isBlank(record))
            {
                yield return record;
            }
        }
    }

    private ImportError ReadError(Exception e) => e switch
    {
        TextDecodingException d => new ImportError(d.Line, "文字コード", d.Reason),
        CsvFormatException f => new ImportError(f.Line, "CSV", f.Message),
        _ => new ImportError(Math.Max(csv.RecordLine, 1), "文字コード",
            $"{EncodingName}として読めない文字があります（{Math.Max(csv.RecordLine, 1)}行目付近）。UTF-8 か Shift_JIS (CP932) で保存してください"),
    };

    /// <summary>Closes the CSV reader and the text reader (and the stream, unless it was opened to leave it open).</summary>
    public void Dispose()
    {
        csv.Dispose();
        text.Dispose();
    }
}
