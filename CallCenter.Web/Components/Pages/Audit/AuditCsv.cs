using System.Globalization;
using System.Text;
using CallCenter.Data.Audit;
using CallCenter.Data.Common;

namespace CallCenter.Web.Components.Pages.Audit;

/// <summary>
/// The audit log as CSV for Excel in a Japanese office: UTF-8 with BOM, CRLF, RFC 4180 quoting, Japan time (JST),
/// the same Japanese texts as the page (<see cref="AuditLine"/>),
/// and a guard against formula injection (a cell Excel would read as a formula starts with a quote).
/// </summary>
public static class AuditCsv
{
    /// <summary>
    /// The columns: the first eight as before (日時 in Japan time, 操作 and 対象種別 and 詳細 now in Japanese), then the
    /// names an auditor needs beside the ids, and the stored action name for scripts.
    /// </summary>
    public static readonly string[] Header = ["日時", "ユーザー", "拠点", "操作", "対象種別", "対象", "住民ID", "詳細", "表示名", "対象の名前", "住民", "操作コード"];

    /// <summary>How many rows share one look-up of names.</summary>
    public const int Block = 200;

    /// <summary>Writes the header and every row, naming ids block by block through <paramref name="names"/>; returns the number of rows.</summary>
    public static async Task<int> WriteAsync(TextWriter writer, IAsyncEnumerable<AuditEntry> rows,
        Func<IReadOnlyCollection<AuditEntry>, CancellationToken, Task<AuditNames>> names, CancellationToken cancellationToken)
    {
        await WriteLineAsync(writer, Header);
        var count = 0;
        var cells = new string?[Header.Length];
        await foreach (var (row, line) in NamedAsync(rows, names, cancellationToken))
        {
            cells[0] = line.Time;
            cells[1] = row.UserName;
            cells[2] = row.Site;
            cells[3] = line.Action;
            cells[4] = line.TargetKind ?? row.TargetType;
            cells[5] = row.TargetId;
            cells[6] = row.ResidentId?.ToString(CultureInfo.InvariantCulture);
            cells[7] = line.Details;
            cells[8] = line.Who;
            cells[9] = line.Target;
            cells[10] = ResidentName(line);
            cells[11] = row.Action;
            await WriteLineAsync(writer, cells);
            count++;
        }
        return count;
    }

    /// <summary>The 住民 column: the resident the row concerns, by name.</summary>
    public static string? ResidentName(AuditLine line) => line.Resident ?? (line.TargetKind == "住民" ? line.Target : null);

    /// <summary>
    /// Each row with its line as an auditor reads it, the names behind the ids looked up once per <see cref="Block"/> rows
    /// (never one query per row); shared by the CSV and the .xlsx.
    /// </summary>
    public static async IAsyncEnumerable<(AuditEntry Row, AuditLine Line)> NamedAsync(IAsyncEnumerable<AuditEntry> rows,
        Func<IReadOnlyCollection<AuditEntry>, CancellationToken, Task<AuditNames>> names,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var block = new List<AuditEntry>(Block);
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            block.Add(row);
            if (block.Count < Block)
            {
                continue;
            }
            var known = await names(block, cancellationToken);
            foreach (var entry in block)
            {
                yield return (entry, AuditLine.From(entry, known));
            }
            block.Clear();
        }
        if (block.Count > 0)
        {
            var known = await names(block, cancellationToken);
            foreach (var entry in block)
            {
                yield return (entry, AuditLine.From(entry, known));
            }
        }
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
