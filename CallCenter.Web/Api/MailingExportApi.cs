using CallCenter.Data.Audit;
using CallCenter.Data.Common;
using CallCenter.Data.Exports;
using CallCenter.Data.Mailing;
using CallCenter.Web.Security;

namespace CallCenter.Web.Api;

/// <summary>
/// The mailing exports (issue 18) in an export group (/api/export with the export scope, /exports for supervisors):
/// mailing.csv (宛名印刷) and mailing-missing.csv (no usable 送付先, with numbers). Parameters: <c>encoding=utf-8|cp932</c>,
/// <c>dates=western|era</c>, <c>district=</c> (行政区), <c>prefecture=</c> (a name such as 宮城県 or a code 1–47: the
/// 送付先's prefecture for mailing.csv, a member's current whereabouts for mailing-missing.csv). Bad parameters → 400
/// <c>{"error": "…"}</c> in Japanese; the file streams otherwise and is audited once written (<c>export</c>).
/// </summary>
public static class MailingExportApi
{
    public static RouteGroupBuilder MapMailingExports(this RouteGroupBuilder export)
    {
        export.MapGet("/mailing.csv", (HttpContext http, MailingExports exports, AuditTrail audit, TownAccess towns) =>
            ServeAsync(http, audit, towns, MailingExports.Mailing, exports.MailingAsync));
        export.MapGet("/mailing-missing.csv", (HttpContext http, MailingExports exports, AuditTrail audit, TownAccess towns) =>
            ServeAsync(http, audit, towns, MailingExports.Missing, exports.MissingAsync));
        return export;
    }

    private delegate Task<ExportResult> Writer(Stream output, string? district, byte? prefectureCode, ExportOptions options, CancellationToken cancellationToken);

    private static async Task<IResult> ServeAsync(HttpContext http, AuditTrail audit, TownAccess towns, ExportTable table, Writer write)
    {
        var query = http.Request.Query;
        var errors = new List<string>();
        var options = ExportApi.Options(query, errors, ExportFormat.Csv);
        var district = string.IsNullOrWhiteSpace(query["district"]) ? null : query["district"].ToString().Trim();
        byte? prefecture = null;
        var prefectureText = query["prefecture"].ToString().Trim();
        if (prefectureText.Length > 0)
        {
            prefecture = byte.TryParse(prefectureText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var code)
                && code is >= 1 and <= 47 ? code : Prefectures.FromName(prefectureText);
            if (prefecture is null or < 1 or > 47)
            {
                errors.Add($"prefecture「{prefectureText}」は都道府県として読めません（宮城県 や 4）。");
            }
        }
        // town=CODE (repeatable) as on every export: see ExportApi.ChooseTownsAsync.
        var (choice, townError) = await ExportApi.ChooseTownsAsync(query["town"], http.User, towns, http.RequestAborted);
        if (townError is not null)
        {
            return ExportApi.TownNotFound(townError);
        }
        if (errors.Count > 0 || choice is null)
        {
            return Results.BadRequest(new { error = string.Join(" ", errors) });
        }
        options = choice.Apply(options);
        var today = JapanTime.Today(http.RequestServices.GetRequiredService<TimeProvider>());
        return new CsvFileResult($"{table.Name}-{today:yyyyMMdd}.csv",
            options.Encoding == ExportEncoding.Cp932 ? "text/csv; charset=shift_jis" : "text/csv; charset=utf-8", async (stream, ct) =>
            {
                var result = await write(stream, district, prefecture, options, ct);
                await audit.WriteAsync(http.User, AuditActions.Export, "export", table.Name, AuditDetails.Join(
                    table.Title, AuditDetails.Labelled("行政区", district), prefecture is { } p ? $"都道府県 {Prefectures.Name(p)}" : null,
                    choice.AuditPhrase,
                    AuditDetails.Count(result.Rows, "行"),
                    options.Encoding == ExportEncoding.Cp932 ? "文字コード Shift_JIS（CP932）" : "文字コード UTF-8",
                    options.Dates == ExportDates.Era ? "日付は和暦" : null,
                    result.ReplacedCount > 0 ? $"〓に置き換えた文字 {result.ReplacedCount}個" : null));
            });
    }
}
