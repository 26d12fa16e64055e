using System.Globalization;
using System.Text;
using CallCenter.Data.Audit;
using CallCenter.Data.Common;
using CallCenter.Data.Residents;
using CallCenter.Web.Security;

namespace CallCenter.Web.Components.Pages.Audit;

/// <summary>
/// <c>GET /admin/audit/export.csv?user=&amp;action=&amp;resident=&amp;from=&amp;to=</c>: the filtered audit log as
/// CSV (see <see cref="AuditCsv"/>), streamed row by row from the database. Admins only; the export itself is
/// audited with its filter and row count. A filter that cannot be read answers 400 with a Japanese message.
/// </summary>
public static class AuditExportEndpoint
{
    public const string Path = "/admin/audit/export.csv";

    /// <summary>The same rows as an .xlsx workbook (<see cref="AuditXlsx"/>), with the same filter and audit row.</summary>
    public const string XlsxPath = "/admin/audit/export.xlsx";

    public static IEndpointRouteBuilder MapAuditExport(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, (HttpContext http, AuditRepository audit, ResidentRepository residents, AuditTrail trail, TimeProvider time, TownAccess towns) =>
            ExportAsync(http, audit, residents, trail, time, towns)).RequireAuthorization(Policies.Admin);
        app.MapGet(XlsxPath, (HttpContext http, AuditRepository audit, ResidentRepository residents, AuditTrail trail, TimeProvider time, TownAccess towns) =>
            ExportAsync(http, audit, residents, trail, time, towns, xlsx: true)).RequireAuthorization(Policies.Admin);
        return app;
    }

    private static async Task ExportAsync(HttpContext http, AuditRepository audit, ResidentRepository residents, AuditTrail trail, TimeProvider time,
        TownAccess towns, bool xlsx = false)
    {
        // The same rows as the page: an admin limited to towns exports only the rows about its towns.
        var scope = await towns.AuditScopeAsync(http.User, http.RequestAborted);
        var text = AuditFilterText.FromQuery(http.Request.Query);
        var (filter, error) = await text.ParseAsync(residents, http.RequestAborted);
        if (filter is null)
        {
            http.Response.StatusCode = StatusCodes.Status400BadRequest;
            await http.Response.WriteAsJsonAsync(new { error }, http.RequestAborted);
            return;
        }

        var stamp = JapanTime.FromUtc(time.GetUtcNow().UtcDateTime).ToString("yyyyMMdd-HHmm", CultureInfo.InvariantCulture);
        http.Response.ContentType = xlsx ? CallCenter.Data.Exports.XlsxExportWriter.ContentType : "text/csv; charset=utf-8";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"audit-{stamp}.{(xlsx ? "xlsx" : "csv")}\"";
        var rows = 0;
        var outcome = "出力中断";
        try
        {
            if (xlsx)
            {
                await AuditXlsx.WriteAsync(http.Response.Body, Count(audit.StreamAsync(filter, scope, http.RequestAborted)), audit.NamesAsync, http.RequestAborted);
                outcome = "出力完了";
                return;
            }
            await http.Response.Body.WriteAsync(Encoding.UTF8.Preamble.ToArray(), http.RequestAborted);
            await using (var writer = new StreamWriter(http.Response.Body, new UTF8Encoding(false), bufferSize: 32 * 1024, leaveOpen: true))
            {
                await AuditCsv.WriteAsync(writer, Count(audit.StreamAsync(filter, scope, http.RequestAborted)), audit.NamesAsync, http.RequestAborted);
                await writer.FlushAsync(http.RequestAborted);
            }
            outcome = "出力完了";
        }
        finally
        {
            // Audited even when the download breaks off: what left the server matters.
            await trail.WriteAsync(http.User, AuditActions.ExportAuditLog, "audit-log", null,
                AuditDetails.Join(text.Describe(), AuditDetails.Count(rows, "件"), outcome, xlsx ? "Excel形式" : null), cancellationToken: CancellationToken.None);
        }

        async IAsyncEnumerable<AuditEntry> Count(IAsyncEnumerable<AuditEntry> source)
        {
            await foreach (var entry in source)
            {
                rows++;
                yield return entry;
            }
        }
    }
}
