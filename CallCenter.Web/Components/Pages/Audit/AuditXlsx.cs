using CallCenter.Data.Audit;
using CallCenter.Data.Exports;

namespace CallCenter.Web.Components.Pages.Audit;

/// <summary>
/// The audit log as an .xlsx workbook (the exports' <see cref="XlsxExportWriter"/>): the CSV's columns (<see cref="AuditCsv.Header"/>),
/// typed: 日時 a date-time in Japan time to the second, 住民ID a number, 詳細 wrapped; one sheet named 監査記録.
/// </summary>
public static class AuditXlsx
{
    /// <summary>The columns, in the CSV's order.</summary>
    public static readonly ExportTable Table = new("audit-log", "監査記録",
    [
        new("日時", ExportColumnType.TimeSeconds), new("ユーザー"), new("拠点"), new("操作"), new("対象種別"), new("対象"),
        new("住民ID", ExportColumnType.Number), new("詳細", ExportColumnType.Note), new("表示名"), new("対象の名前"), new("住民"),
        new("操作コード"),
    ]);

    /// <summary>Writes every row with the CSV's Japanese texts and names (<see cref="AuditCsv.NamedAsync"/>); returns the number of rows (header not counted).</summary>
    public static async Task<int> WriteAsync(Stream output, IAsyncEnumerable<AuditEntry> rows,
        Func<IReadOnlyCollection<AuditEntry>, CancellationToken, Task<AuditNames>> names, CancellationToken cancellationToken)
    {
        await using var writer = new XlsxExportWriter(output, Table.Title, Table.Columns, ExportDates.Western);
        var cells = new ExportCell[Table.Columns.Count];
        await foreach (var (row, line) in AuditCsv.NamedAsync(rows, names, cancellationToken))
        {
            cells[0] = ExportCell.Utc(row.OccurredAt);
            cells[1] = row.UserName;
            cells[2] = row.Site;
            cells[3] = line.Action;
            cells[4] = line.TargetKind ?? row.TargetType;
            cells[5] = row.TargetId;
            cells[6] = ExportCell.Of(row.ResidentId);
            cells[7] = line.Details;
            cells[8] = line.Who;
            cells[9] = line.Target;
            cells[10] = AuditCsv.ResidentName(line);
            cells[11] = row.Action;
            await writer.WriteRowAsync(cells, cancellationToken);
        }
        return writer.Rows;
    }
}
