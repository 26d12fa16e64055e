using System.Globalization;
using System.Text;
using CallCenter.Data.Audit;
using CallCenter.Data.Common;

namespace CallCenter.Web.Components.Pages.Audit;

/// <summary>
/// The audit log as CSV for Excel in a Japanese office: UTF-8 with BOM, CRLF, RFC 4180 quoting, Japan time,
/// and a guard against formula injection (a cell Excel would read as a formula starts with a quote).
/// </summary>
public static class AuditCsv
{
    public static readonly string[] Header = ["日時", "ユーザー", "拠点", "操作", "対象種別", "対象", "住民ID", "詳細"];

    /// <summary>Writes the header and every row; returns the number of rows (header not counted).</summary>
    public static async Task<int> WriteAsync(TextWriter writer, IAsyncEnumerable<AuditEntry> rows, CancellationToken cancellationToken)
    {
        await WriteLineAsync(writer, Header);
        var count = 0;
        var cells = new string?[Header.Length];
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            cells[0] = JapanTime.FromUtc(row.OccurredAt).ToString("yyyy/MM/dd HH:mm:ss", CultureInfo.InvariantCulture);
            cells[1] = row.UserName;
            cells[2] = row.Site;
            cells[3] = row.Action;
            cells[4] = row.TargetType;
            cells[5] = row.TargetId;
            cells[6] = row.ResidentId?.ToString(CultureInfo.InvariantCulture);
            cells[7] = row.Details;
            await WriteLineAsync(writer, cells);
            count++;
        }
        return count;
    }

    private static async Task WriteLineAsync(TextWriter writer, IReadOnlyList<string?> cells)
    {
        for (var i = 0; i < cells.Count; i++)
        {
            if (i > 0)
            {
                await writer.WriteAsync(',');
            }
            await writer.WriteAsync(Cell(cells[i]));
        }
        await writer.WriteAsync("\r\n");
    }

    /// <summary>One cell: the exports' formula guard and RFC 4180 quoting.</summary>
    public static string Cell(string? value) => CallCenter.Data.Exports.CsvExportWriter.Cell(value);
}
