using System.Diagnostics;
using System.Text;
using CallCenter.Data.Dashboard;
using CallCenter.Data.Database;
using CallCenter.Data.Exports;
using Dapper;

namespace CallCenter.Bench;

/// <summary>
/// The residents export in UTF-8 and CP932, beside the floor: the same rows from a raw unbuffered query written
/// with a plain StreamWriter in the same encoding (no formula guard, no 〓 check, no labels). The .xlsx export of the
/// same rows is measured beside the UTF-8 CSV export (its goal: within 1.5× of the CSV's time, flat memory).
/// </summary>
public static class ExportScenarios
{
    private const string FloorSql = """
        SELECT r.ResidentNo, h.HouseholdNo, r.Relationship, r.FamilyName, r.GivenName, r.FamilyNameKana, r.GivenNameKana,
               r.BirthDate, r.Sex, r.District, r.Address, r.Phone, r.IsVulnerable, r.VulnerableReason, r.Status,
               r.StatusReportedAt, r.StatusSource, r.WhereaboutsType, r.PrefectureCode, r.Municipality, r.Place, r.ContactPhone
          FROM Residents r
          LEFT JOIN Households h ON h.HouseholdId = r.HouseholdId
         WHERE r.MergedIntoResidentId IS NULL
         ORDER BY r.ResidentNo
        """;

    public static async Task<Measurement> ExportAsync(string db, int rows, ExportEncoding encoding, ExportFormat format = ExportFormat.Csv)
    {
        var connections = new ConnectionFactory(new DatabaseOptions(DatabaseProvider.Sqlite, $"Data Source={db}"));
        var path = Path.Combine(Path.GetTempPath(), "callcenter-bench", format == ExportFormat.Xlsx ? "export.xlsx" : "export.csv");
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

    public static async Task<Measurement> FloorAsync(string db, int rows, ExportEncoding encoding)
    {
        var connections = new ConnectionFactory(new DatabaseOptions(DatabaseProvider.Sqlite, $"Data Source={db}"));
        var path = Path.Combine(Path.GetTempPath(), "callcenter-bench", "export-floor.csv");
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var text = encoding == ExportEncoding.Cp932 ? Encoding.GetEncoding(932) : new UTF8Encoding(true);
        var watch = Stopwatch.StartNew();
        var count = 0;
        await using (var file = new StreamWriter(path, false, text, 1 << 16))
        await using (var connection = await connections.OpenAsync())
        {
            await foreach (var row in connection.QueryUnbufferedAsync(FloorSql))
            {
                var cells = (IDictionary<string, object?>)row;
                await file.WriteAsync(string.Join(',', cells.Values.Select(v => v?.ToString())));
                await file.WriteAsync("\r\n");
                count++;
            }
        }
        watch.Stop();
        if (count != rows)
        {
            throw new InvalidOperationException($"floor wrote {count} of {rows}");
        }
        return new Measurement("export-floor-" + encoding, rows, watch.Elapsed.TotalSeconds, Measurement.PeakResidentMegabytes(), "");
    }
}
