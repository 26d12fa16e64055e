using System.Security.Cryptography;

namespace CallCenter.Data.Imports;

/// <summary>
/// A status list as read from its file: the valid lines (none when any line is bad), every problem found, the
/// encoding it was read in and the SHA-256 of its bytes. Reading writes nothing and needs no database.
/// </summary>
internal sealed record StatusListFile(IReadOnlyList<StatusListRow> Rows, IReadOnlyList<ImportError> Errors, string Encoding, string Sha256)
{
    /// <summary>Reads the whole file (at most <paramref name="maxBytes"/>) and validates every line.</summary>
    public static async Task<StatusListFile> ReadAsync(Stream stream, long maxBytes, DateOnly today, CancellationToken cancellationToken)
    {
        Stream seekable;
        if (stream.CanSeek)
        {
            if (stream.Length - stream.Position > maxBytes)
            {
                return TooLarge();
            }
            seekable = stream;
        }
        else
        {
            // Copy at most one byte past the limit, so an endless upload is cut off, not buffered.
            var copy = new MemoryStream();
            var buffer = new byte[1 << 16];
            int read;
            while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
            {
                copy.Write(buffer, 0, read);
                if (copy.Length > maxBytes)
                {
                    return TooLarge();
                }
            }
            copy.Position = 0;
            seekable = copy;
        }
        var start = seekable.Position;
        var sha = Convert.ToHexString(await SHA256.HashDataAsync(seekable, cancellationToken));
        seekable.Position = start;
        if (seekable.Length - start == 0)
        {
            return new StatusListFile([], [new ImportError(0, "ファイル", "ファイルが空です")], "", sha);
        }
        var slice = start == 0 ? seekable : new MemoryStream(ReadRest(seekable));
        var (csv, refusal, encodingName) = ImportCsvReader.Open(slice, leaveOpen: true);
        if (csv is null)
        {
            return new StatusListFile([], [refusal!], encodingName, sha);
        }
        using var reader = csv;
        var (header, headerError) = csv.ReadHeader();
        if (header is null)
        {
            return new StatusListFile([], [headerError!], encodingName, sha);
        }
        var errors = new List<ImportError>();
        var parser = StatusListParser.FromHeader(header, today, errors);
        if (parser is null)
        {
            return new StatusListFile([], errors, encodingName, sha);
        }
        var rows = new List<StatusListRow>();
        // A blank line, or a row Excel left as commas only, is no line of the list.
        foreach (var record in csv.Records(errors, record => record.All(f => f.Trim(' ', '\t', '\u3000').Length == 0)))
        {
            var row = parser.Parse(record, csv.RecordLine, errors);
            if (row is not null)
            {
                rows.Add(row);
            }
        }
        if (rows.Count == 0 && errors.Count == 0)
        {
            errors.Add(new ImportError(0, "ファイル", "データ行がありません"));
        }
        return new StatusListFile(errors.Count > 0 ? [] : rows, errors, encodingName, sha);

        StatusListFile TooLarge() => new([], [new ImportError(0, "ファイル",
            $"ファイルが大きすぎます（{maxBytes / 1024 / 1024} MB まで）。分けて取り込んでください")], "", "");
    }

    private static byte[] ReadRest(Stream stream)
    {
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
