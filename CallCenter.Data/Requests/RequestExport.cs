using CallCenter.Data.Common;
using CallCenter.Data.Database;
using CallCenter.Data.Exports;
using Dapper;

namespace CallCenter.Data.Requests;

/// <summary>
/// The requests export (requests.csv / requests.xlsx, <see cref="ExportTables.Requests"/>): one row per request, oldest
/// first, streamed from an unbuffered query through the exports' writer (encodings, date styles, formula guard).
/// </summary>
public sealed class RequestExport(ConnectionFactory connections)
{
    private const string ExportSql = """
          SELECT r.RequestId, h.HouseholdNo, p.ResidentNo, s.FamilyName, s.GivenName, r.District, c.Label AS CategoryLabel,
                 r.Body, r.IsUrgent, d.Name AS DepartmentName, r.Status, r.CreatedAt, r.UpdatedAt, r.ClosedAt, h.TownId
            FROM Requests r
            JOIN Households h ON h.HouseholdId = r.HouseholdId
            JOIN RequestCategories c ON c.CategoryId = r.CategoryId
            JOIN Departments d ON d.DepartmentId = r.DepartmentId
            LEFT JOIN Residents s ON s.ResidentId = r.SubjectResidentId
            LEFT JOIN Residents p ON p.ResidentId = r.ResidentId
           WHERE (@District IS NULL OR r.District = @District)
             AND r.CreatedAt >= @Since
        """;

    /// <summary>
    /// Writes the requests of <paramref name="district"/> (the person's, as the queue filters; null: all) received on or
    /// after <paramref name="since"/> (a Japan date; null: all).
    /// </summary>
    public async Task<ExportResult> WriteAsync(Stream output, string? district, DateOnly? since, ExportOptions options,
        IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        await using var writer = await ExportRowWriter.OpenAsync(output, ExportTables.Requests, options);
        await using var connection = await connections.OpenAsync(cancellationToken);
        var parameters = new DynamicParameters();
        parameters.Add("District", string.IsNullOrWhiteSpace(district) ? null : district.Trim(), System.Data.DbType.String, size: 50);
        parameters.Add("Since", DapperSetup.ToStored(since is { } day ? JapanTime.StartOfDayUtc(day) : DateTime.MinValue), System.Data.DbType.DateTime2);
        var cells = new ExportCell[ExportTables.Requests.Columns.Count];
        await foreach (var r in connection.QueryUnbufferedAsync<Row>(
            ExportSql + ExportTowns.Filter(options.Towns, "h.TownId") + "\nORDER BY r.CreatedAt, r.RequestId", parameters).WithCancellation(cancellationToken))
        {
            cells[0] = ExportCell.Of(r.RequestId);
            cells[1] = r.HouseholdNo;
            cells[2] = r.ResidentNo;
            cells[3] = r.FamilyName is null ? null : $"{r.FamilyName}\u3000{r.GivenName}".Trim();
            cells[4] = r.District;
            cells[5] = r.CategoryLabel;
            cells[6] = r.Body;
            cells[7] = r.IsUrgent ? "至急" : "通常";
            cells[8] = r.DepartmentName;
            cells[9] = ((RequestStatus)r.Status).Label();
            cells[10] = ExportCell.Utc(r.CreatedAt);
            cells[11] = ExportCell.Utc(r.UpdatedAt);
            cells[12] = ExportCell.Utc(r.ClosedAt);
            await writer.WriteRowAsync(r.TownId, cells, cancellationToken);
            if (writer.Rows % ExportService.ProgressInterval == 0)
            {
                progress?.Report(writer.Rows);
            }
        }
        progress?.Report(writer.Rows);
        return writer.Result;
    }

    private sealed class Row
    {
        public long RequestId { get; init; }
        public string HouseholdNo { get; init; } = "";
        public string? ResidentNo { get; init; }
        public string? FamilyName { get; init; }
        public string? GivenName { get; init; }
        public string District { get; init; } = "";
        public string CategoryLabel { get; init; } = "";
        public string Body { get; init; } = "";
        public bool IsUrgent { get; init; }
        public string DepartmentName { get; init; } = "";
        public byte Status { get; init; }
        public DateTime CreatedAt { get; init; }
        public DateTime UpdatedAt { get; init; }
        public int TownId { get; init; }
        public DateTime? ClosedAt { get; init; }
    }
}
