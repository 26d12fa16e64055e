using System.Text;
using CallCenter.Data.Imports;

namespace CallCenter.Web.Components.Pages.Imports;

/// <summary>The header and first rows of an uploaded register, as written in the file, for the preview.</summary>
public sealed record RegisterPreview(IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<string>> Rows)
{
    /// <summary>Reads up to <paramref name="rows"/> records; a file it cannot read gives an empty preview (the import says why).</summary>
    public static RegisterPreview Read(string path, int rows)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        if (stream.Length == 0 || TextEncodingDetector.DetectUnsupported(stream) is not null)
        {
            return new RegisterPreview([], []);
        }
        var encoding = TextEncodingDetector.Detect(stream);
        using var text = new StreamReader(stream, encoding, detectEncodingFromByteOrderMarks: false);
        using var csv = new CsvRecordReader(text);
        var read = new List<IReadOnlyList<string>>();
        List<string>? header = null;
        try
        {
            header = csv.Read();
            while (header is not null && read.Count < rows && csv.Read() is { } record)
            {
                if (record.Count == 1 && record[0].Length == 0)
                {
                    continue;
                }
                read.Add(record);
            }
        }
        catch (Exception e) when (e is CsvFormatException or DecoderFallbackException)
        {
            // Shown as an error by the import itself.
        }
        return new RegisterPreview(header?.Select(h => h.TrimStart('\uFEFF')).ToList() ?? [], read);
    }
}
