using System.Diagnostics;
using System.Globalization;
using System.Text;
using CallCenter.Data.Dashboard;
using CallCenter.Data.Database;
using CallCenter.Data.Exports;

namespace CallCenter.Bench;

/// <summary>
/// The residents export in UTF-8 and CP932, beside the floor: a raw dump of the product's own statement at native
/// speed — the DbDataReader read by ordinal, text cells encoded straight into one reused byte buffer (quoted when they
/// hold a comma, quote or line break), integers formatted into it, no per-row object, no label, no Japan-time
/// conversion, no formula guard and no 〓 check. The .xlsx export of the same rows is measured beside the UTF-8 CSV
/// export (its goal: within 1.5× of the CSV's time, flat memory). Files are written beside the database, in the run's
/// own folder. A town's export runs twice in its process, the same way for product and floor: the second run is the
/// time a running server takes (its code compiled, its tables loaded), the first is kept beside it
/// (<see cref="Measurement.FirstSeconds"/>), where a fresh process's JIT weighs more the more code a side runs.
/// </summary>
public static class ExportScenarios
{
    /// <summary>Up to this many rows the export runs twice in its process (cold, then timed warm); above it once.</summary>
    public const int TwiceUpTo = 20_000;

    private static async Task<Measurement> TwiceAsync(int rows, Func<Task<Measurement>> run)
    {
        var first = await run();
        if (rows > TwiceUpTo)
        {
            return first;
        }
        // Its peak memory is the process's high-water mark, so it covers both runs.
        return await run() with { FirstSeconds = first.Seconds };
    }

    public static Task<Measurement> ExportAsync(string db, int rows, ExportEncoding encoding, ExportFormat format = ExportFormat.Csv) =>
        TwiceAsync(rows, () => ExportOnceAsync(db, rows, encoding, format));

    public static Task<Measurement> FloorAsync(string db, int rows, ExportEncoding encoding) =>
        TwiceAsync(rows, () => FloorOnceAsync(db, rows, encoding));

    private static async Task<Measurement> ExportOnceAsync(string db, int rows, ExportEncoding encoding, ExportFormat format)
    {
        var connections = new ConnectionFactory(new DatabaseOptions(DatabaseProvider.Sqlite, $"Data Source={db}"));
        var path = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(db))!, format == ExportFormat.Xlsx ? "export.xlsx" : "export.csv");
        var watch = Stopwatch.StartNew();
        ExportResult result;
        await using (var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
        {
            result = await new ExportService(connections).ResidentsAsync(file, new ResidentListFilter(Provisional: null), new ExportOptions(encoding, Format: format));
        }
        watch.Stop();
        if (result.Rows != rows)
        {
            throw new InvalidOperationException($"exported {result.Rows} of {rows}");
        }
        return new Measurement(format == ExportFormat.Xlsx ? "export-xlsx" : "export-" + encoding, rows, watch.Elapsed.TotalSeconds, Measurement.PeakResidentMegabytes(),
            $"{new FileInfo(path).Length / 1024 / 1024} MB; replaced {result.ReplacedCount}");
    }

    private static async Task<Measurement> FloorOnceAsync(string db, int rows, ExportEncoding encoding)
    {
        var connections = new ConnectionFactory(new DatabaseOptions(DatabaseProvider.Sqlite, $"Data Source={db}"));
        var path = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(db))!, "export-floor.csv");
        var watch = Stopwatch.StartNew();
        // Inside the time, as the product's writer gets its encoding inside its own: in a fresh process, loading CP932's
        // tables is part of the first CP932 export.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var text = encoding == ExportEncoding.Cp932 ? Encoding.GetEncoding(932) : new UTF8Encoding(false);
        var chars = new char[1 << 14];
        var bytes = new byte[1 << 17];
        var used = 0;
        var count = 0;
        await using (var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1))
        await using (var connection = await connections.OpenAsync())
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = ExportService.ResidentsSql(new ResidentListFilter(Provisional: null));
            await using var reader = await command.ExecuteReaderAsync();
            var fields = reader.FieldCount;
            if (encoding == ExportEncoding.Utf8)
            {
                new byte[] { 0xEF, 0xBB, 0xBF }.CopyTo(bytes, 0);
                used = 3;
            }
            while (await reader.ReadAsync())
            {
                // The row's text into one reused char buffer, then one encoder call into one reused byte buffer.
                var n = 0;
                for (var i = 0; i < fields; i++)
                {
                    if (i > 0)
                    {
                        chars[n++] = ',';
                    }
                    if (reader.IsDBNull(i))
                    {
                        continue;
                    }
                    if (reader.GetFieldType(i) == typeof(long))
                    {
                        reader.GetInt64(i).TryFormat(chars.AsSpan(n), out var written, default, CultureInfo.InvariantCulture);
                        n += written;
                        continue;
                    }
                    var value = reader.GetString(i).AsSpan();
                    if (value.IndexOfAny(",\"\r\n") >= 0)
                    {
                        chars[n++] = '"';
                        foreach (var c in value)
                        {
                            if (c == '"')
                            {
                                chars[n++] = '"';
                            }
                            chars[n++] = c;
                        }
                        chars[n++] = '"';
                    }
                    else
                    {
                        value.CopyTo(chars.AsSpan(n));
                        n += value.Length;
                    }
                }
                chars[n++] = '\r';
                chars[n++] = '\n';
                used += text.GetBytes(chars, 0, n, bytes, used);
                count++;
                if (used >= 1 << 16)
                {
                    await file.WriteAsync(bytes.AsMemory(0, used));
                    used = 0;
                }
            }
            await file.WriteAsync(bytes.AsMemory(0, used));
        }
        watch.Stop();
        if (count != rows)
        {
            throw new InvalidOperationException($"floor wrote {count} of {rows}");
        }
        return new Measurement("export-floor-" + encoding, rows, watch.Elapsed.TotalSeconds, Measurement.PeakResidentMegabytes(),
            $"{new FileInfo(path).Length / 1024 / 1024} MB");
    }
}
