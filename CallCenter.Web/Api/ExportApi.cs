using System.Globalization;
using CallCenter.Data.Audit;
using CallCenter.Data.Common;
using CallCenter.Data.Dashboard;
using CallCenter.Data.Exports;
using CallCenter.Data.Reports;
using CallCenter.Data.Towns;
using CallCenter.Web.Security;

namespace CallCenter.Web.Api;

/// <summary>
/// The exports for other offices (export-scope API key): residents, unconfirmed residents, calls and reports, each as
/// CSV (for other systems) and as .xlsx (typed cells, for people). Bad parameters → 400 with a message naming the
/// parameter (a <c>town=</c> the caller may not see → 404); the file streams otherwise.
/// </summary>
public static class ExportApi
{
    public static RouteGroupBuilder MapExportApi(this RouteGroupBuilder api)
    {
        MapExports(api.MapGroup("/export").RequireAuthorization(Policies.ApiExport).MapIntentionExports().MapMailingExports());
        return api;
    }

    /// <summary>
    /// The same files for signed-in supervisors and admins (the list page's 「CSV出力」): /exports/residents.csv, ….
    /// </summary>
    public static IEndpointRouteBuilder MapStaffExports(this IEndpointRouteBuilder app)
    {
        MapExports(app.MapGroup("/exports").RequireAuthorization(Policies.Supervisor).MapIntentionExports().MapMailingExports());
        return app;
    }

    private static void MapExports(RouteGroupBuilder export)
    {
        foreach (var kind in Enum.GetValues<ExportKind>())
        {
            foreach (var format in Enum.GetValues<ExportFormat>())
            {
                export.MapGet($"/{ExportRequest.NameOf(kind)}.{ExportRequest.ExtensionOf(format)}",
                    (HttpContext http, ExportService exports, AuditTrail audit, TimeProvider time, TownAccess towns) =>
                        ServeAsync(http, exports, audit, time, towns, kind, format));
            }
        }
    }

    private static async Task<IResult> ServeAsync(HttpContext http, ExportService exports, AuditTrail audit, TimeProvider time,
        TownAccess towns, ExportKind kind, ExportFormat format)
    {
        var errors = new List<string>();
        var request = Parse(kind, http.Request.Query, time, errors, format);
        var (choice, townError) = await ChooseTownsAsync(http.Request.Query["town"], http.User, towns, http.RequestAborted);
        if (townError is not null)
        {
            return TownNotFound(townError);
        }
        if (request is null || choice is null)
        {
            return Results.BadRequest(new { error = string.Join(" ", errors) });
        }
        request = request.ForTowns(choice);
        return new CsvFileResult(request.FileName, request.ContentType, async (stream, cancellationToken) =>
        {
            var result = await request.RunAsync(exports, stream, cancellationToken: cancellationToken);
            await audit.WriteAsync(http.User, AuditActions.Export, "export", request.Name, request.AuditDetails(result));
        });
    }

    /// <summary>
    /// The towns an export holds: the <c>town=</c> codes asked for (repeatable), each of which must be a town the caller
    /// may see; none asked: every town of the caller's scope. A malformed code, an unknown one and one outside the scope
    /// are all answered by <see cref="TownNotFound"/> (404, as <c>GET /api/intentions/summary</c> answers): an unknown
    /// town and a hidden one answer alike, so a key cannot probe which towns exist. With several towns in the
    /// installation the file gains 団体コード and 町名.
    /// </summary>
    internal static async Task<(ExportTownChoice? Choice, string? Error)> ChooseTownsAsync(IEnumerable<string?> codes, System.Security.Claims.ClaimsPrincipal user,
        TownAccess access, CancellationToken cancellationToken)
    {
        var scope = await access.ScopeAsync(user, cancellationToken);
        var all = await access.TownsAsync(cancellationToken);
        var requested = new List<int>();
        foreach (var code in codes.Select(c => c?.Trim() ?? "").Where(c => c.Length > 0).Distinct(StringComparer.Ordinal))
        {
            if (TownCode.Problem(code) is { } problem)
            {
                return (null, $"town: {problem}");
            }
            if (all.FirstOrDefault(t => t.Code == code) is not { } town || !scope.Includes(town.TownId))
            {
                return (null, $"town「{code}」の町は出力できません（登録されていないか、この利用者・キーの対象外の町です）。");
            }
            requested.Add(town.TownId);
        }
        var chosen = scope.Narrow(requested);
        return (new ExportTownChoice(chosen, all.Count > 1 ? all : null, [.. all.Where(t => chosen.Includes(t.TownId))]), null);
    }

    /// <summary>
    /// The one answer to a <c>town=</c> the caller may not see (malformed, unknown, or outside its scope), on every export
    /// and on the intention summary: 404 with <c>{"error": "…"}</c>, checked before any other parameter.
    /// </summary>
    internal static IResult TownNotFound(string error) =>
        Results.Json(new { error }, statusCode: StatusCodes.Status404NotFound);

    /// <summary>
    /// Reads an export's parameters (the API's query: encoding, dates, status, district, prefecture, type,
    /// vulnerable, since; or from, to). Null when one is bad, with a message per bad parameter in <paramref name="errors"/>.
    /// An .xlsx (<paramref name="format"/>) ignores <c>encoding</c>: it is always Unicode.
    /// </summary>
    internal static ExportRequest? Parse(ExportKind kind, IQueryCollection query, TimeProvider time, List<string> errors,
        ExportFormat format = ExportFormat.Csv)
    {
        var options = Options(query, errors, format);
        if (kind is ExportKind.Requests)
        {
            // district= (the person's 行政区) and since= (受付日 from); other parameters (round=, …) are ignored, as elsewhere.
            var filter = new ResidentListFilter(
                District: string.IsNullOrWhiteSpace(query["district"]) ? null : query["district"].ToString().Trim(),
                Provisional: false,
                ChangedSinceUtc: Parse(query, "since", new Parser<DateTime>(ParseSince), errors));
            return errors.Count > 0 ? null : new ExportRequest(kind, options, Filter: filter, Today: JapanTime.Today(time));
        }
        if (kind is ExportKind.Residents or ExportKind.Unconfirmed)
        {
            var filter = new ResidentListFilter(
                Status: Parse(query, "status", new Parser<SafetyStatus>(ParseStatus), errors),
                District: string.IsNullOrWhiteSpace(query["district"]) ? null : query["district"].ToString().Trim(),
                PrefectureCode: Parse(query, "prefecture", new Parser<byte>(ParsePrefecture), errors),
                WhereaboutsType: Parse(query, "type", new Parser<WhereaboutsType>(ParseType), errors),
                Vulnerable: Parse(query, "vulnerable", new Parser<bool>(ParseBool), errors),
                Provisional: false,
                ChangedSinceUtc: Parse(query, "since", new Parser<DateTime>(ParseSince), errors));
            return errors.Count > 0 ? null : new ExportRequest(kind, options, Filter: filter, Today: JapanTime.Today(time));
        }
        var today = JapanTime.Today(time);
        var from = Parse(query, "from", new Parser<DateOnly>(ParseDate), errors) ?? today.AddDays(-30);
        var to = Parse(query, "to", new Parser<DateOnly>(ParseDate), errors) ?? today;
        if (errors.Count == 0 && from > to)
        {
            errors.Add("from must not be after to.");
        }
        return errors.Count > 0 ? null : new ExportRequest(kind, options, From: from, To: to, Today: today);
    }

    internal static ExportOptions Options(IQueryCollection query, List<string> errors, ExportFormat format)
    {
        var encoding = (format == ExportFormat.Xlsx ? "" : query["encoding"].ToString().Trim().ToLowerInvariant()) switch
        {
            "" or "utf-8" or "utf8" => ExportEncoding.Utf8,
            "cp932" => ExportEncoding.Cp932,
            var other => Error<ExportEncoding>(errors, $"encoding must be utf-8 or cp932, not '{other}'."),
        };
        var dates = (query["dates"].ToString().Trim().ToLowerInvariant()) switch
        {
            "" or "western" => ExportDates.Western,
            "era" => ExportDates.Era,
            var other => Error<ExportDates>(errors, $"dates must be western or era, not '{other}'."),
        };
        return new ExportOptions(encoding, dates, format);
    }

    private static T Error<T>(List<string> errors, string message)
    {
        errors.Add(message);
        return default!;
    }

    private delegate bool Parser<T>(string text, out T value);

    private static T? Parse<T>(IQueryCollection query, string name, Parser<T> parse, List<string> errors) where T : struct
    {
        var text = query[name].ToString().Trim();
        if (text.Length == 0)
        {
            return null;
        }
        if (parse(text, out var value))
        {
            return value;
        }
        errors.Add($"{name} '{text}' is not valid.");
        return null;
    }

    private static bool ParseStatus(string text, out SafetyStatus status)
    {
        foreach (var s in Enum.GetValues<SafetyStatus>())
        {
            if (text == s.Label() || string.Equals(text, s.ToString(), StringComparison.OrdinalIgnoreCase)
                || text == ((int)s).ToString(CultureInfo.InvariantCulture))
            {
                status = s;
                return true;
            }
        }
        status = default;
        return false;
    }

    private static bool ParseType(string text, out WhereaboutsType type)
    {
        foreach (var t in Enum.GetValues<WhereaboutsType>())
        {
            if (text == t.Label() || string.Equals(text, t.ToString(), StringComparison.OrdinalIgnoreCase))
            {
                type = t;
                return true;
            }
        }
        type = default;
        return false;
    }

    private static bool ParsePrefecture(string text, out byte code)
    {
        if (byte.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out code) && Prefectures.Name(code) is not null)
        {
            return true;
        }
        if (Prefectures.FromName(text) is { } found)
        {
            code = found;
            return true;
        }
        return false;
    }

    private static bool ParseBool(string text, out bool value)
    {
        switch (text.ToLowerInvariant())
        {
            case "true" or "1" or "yes":
                value = true;
                return true;
            case "false" or "0" or "no":
                value = false;
                return true;
            default:
                value = false;
                return false;
        }
    }

    private static bool ParseDate(string text, out DateOnly date) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    /// <summary>yyyy-MM-dd (the start of that Japan day) or an ISO 8601 time with its offset.</summary>
    private static bool ParseSince(string text, out DateTime utc)
    {
        if (ParseDate(text, out var day))
        {
            utc = JapanTime.StartOfDayUtc(day);
            return true;
        }
        if (DateTimeOffset.TryParseExact(text, "yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture, DateTimeStyles.None, out var at))
        {
            utc = at.UtcDateTime;
            return true;
        }
        utc = default;
        return false;
    }
}

/// <summary>
/// The towns an export was limited to: the scope the query runs with, every town of the installation when it has several
/// (the file's 団体コード and 町名 columns; null for one town), and the towns chosen, named in the audit row.
/// </summary>
public sealed record ExportTownChoice(TownScope Scope, IReadOnlyList<Town>? Columns, IReadOnlyList<Town> Chosen)
{
    /// <summary>「町 汐見町（079995）・大熊町（075451）」 for the audit row when several towns exist; null for one town (audit rows as before).</summary>
    public string? AuditPhrase => Columns is null ? null : "町 " + (Chosen.Count == 0 ? "なし" : string.Join("・", Chosen.Select(t => t.Label)));

    /// <summary>The options with this choice's scope and columns.</summary>
    public ExportOptions Apply(ExportOptions options) => options with { Towns = Scope, TownColumns = Columns };
}

/// <summary>The four exports.</summary>
public enum ExportKind
{
    Residents,
    Unconfirmed,
    Calls,
    Reports,
    Requests,
}

/// <summary>
/// One export with its parameters, as the API reads them (<see cref="ExportApi.Parse"/>): the HTTP endpoints and
/// the exports page share this model, its validation, its file names and its audit row.
/// </summary>
public sealed record ExportRequest(ExportKind Kind, ExportOptions Options, ResidentListFilter? Filter = null,
    DateOnly From = default, DateOnly To = default, DateOnly Today = default)
{
    /// <summary>The towns the export holds (null until <see cref="ForTowns"/>: every town, no town columns).</summary>
    public ExportTownChoice? Towns { get; init; }

    /// <summary>This export limited to <paramref name="choice"/>'s towns.</summary>
    public ExportRequest ForTowns(ExportTownChoice choice) => this with { Options = choice.Apply(Options), Towns = choice };

    /// <summary>The export's columns and title (<see cref="ExportTables"/>).</summary>
    public ExportTable Table => TableOf(Kind);

    public static ExportTable TableOf(ExportKind kind) => kind switch
    {
        ExportKind.Residents => ExportTables.Residents,
        ExportKind.Unconfirmed => ExportTables.Unconfirmed,
        ExportKind.Calls => ExportTables.Calls,
        ExportKind.Requests => ExportTables.Requests,
        _ => ExportTables.Reports,
    };

    /// <summary>The name in routes and audit rows: residents, unconfirmed, calls, reports.</summary>
    public string Name => NameOf(Kind);

    public static string NameOf(ExportKind kind) => TableOf(kind).Name;

    /// <summary>The Japanese title: 住民の安否一覧, 未確認者, 通話記録, 安否報告履歴 (also the .xlsx sheet's name).</summary>
    public string Title => TitleOf(Kind);

    public static string TitleOf(ExportKind kind) => TableOf(kind).Title;

    /// <summary>The file extension: csv or xlsx.</summary>
    public static string ExtensionOf(ExportFormat format) => format == ExportFormat.Xlsx ? "xlsx" : "csv";

    private string Extension => ExtensionOf(Options.Format);

    /// <summary>The API's file name (ASCII): residents-20260312.csv, calls-20260301-20260312.xlsx.</summary>
    public string FileName => Filter is not null ? $"{Name}-{Today:yyyyMMdd}.{Extension}" : $"{Name}-{From:yyyyMMdd}-{To:yyyyMMdd}.{Extension}";

    /// <summary>The Japanese file name for a download: 住民の安否一覧_20260312.xlsx, 通話記録_20260301-20260312.csv.</summary>
    public string JapaneseFileName => Filter is not null ? $"{Title}_{Today:yyyyMMdd}.{Extension}" : $"{Title}_{From:yyyyMMdd}-{To:yyyyMMdd}.{Extension}";

    /// <summary>The response's content type.</summary>
    public string ContentType => Options.Format == ExportFormat.Xlsx ? XlsxExportWriter.ContentType
        : Options.Encoding == ExportEncoding.Cp932 ? "text/csv; charset=shift_jis" : "text/csv; charset=utf-8";

    /// <summary>Writes the file.</summary>
    public Task<ExportResult> RunAsync(ExportService exports, Stream output, IProgress<int>? progress = null, CancellationToken cancellationToken = default) => Kind switch
    {
        ExportKind.Residents => exports.ResidentsAsync(output, Filter!, Options, progress, cancellationToken),
        ExportKind.Unconfirmed => exports.UnconfirmedAsync(output, Filter!, Options, progress, cancellationToken),
        ExportKind.Calls => exports.CallsAsync(output, From, To, Options, progress, cancellationToken),
        ExportKind.Requests => exports.RequestsAsync(output, Filter!.District,
            Filter.ChangedSinceUtc is { } since ? DateOnly.FromDateTime(JapanTime.FromUtc(since)) : null, Options, progress, cancellationToken),
        _ => exports.ReportsAsync(output, From, To, Options, progress, cancellationToken),
    };

    /// <summary>
    /// The audit row's details in Japanese: the filter or period, rows, format or encoding, dates, characters replaced
    /// (「期間 2026/03/01〜2026/03/12・120行・文字コード Shift_JIS（CP932）・〓に置き換えた文字 1個」, 「…・12行・Excel形式」).
    /// </summary>
    public string AuditDetails(ExportResult result) => CallCenter.Data.Audit.AuditDetails.Join(
        Kind == ExportKind.Requests
            ? CallCenter.Data.Audit.AuditDetails.Join(CallCenter.Data.Audit.AuditDetails.Labelled("行政区", Filter!.District),
                Filter.ChangedSinceUtc is { } since ? $"受付日 {CallCenter.Data.Audit.AuditDetails.Date(DateOnly.FromDateTime(JapanTime.FromUtc(since)))}以降" : null) ?? "条件なし"
            : Filter is not null ? CallCenter.Data.Audit.AuditDetails.ResidentList(Filter) : CallCenter.Data.Audit.AuditDetails.Period(From, To),
        Towns?.AuditPhrase,
        CallCenter.Data.Audit.AuditDetails.Count(result.Rows, "行"),
        Options.Format == ExportFormat.Xlsx ? "Excel形式"
            : Options.Encoding == ExportEncoding.Cp932 ? "文字コード Shift_JIS（CP932）" : "文字コード UTF-8",
        Options.Dates == ExportDates.Era ? "日付は和暦" : null,
        result.ReplacedCount > 0 ? $"〓に置き換えた文字 {result.ReplacedCount}個" : null)!;
}

/// <summary>A CSV or .xlsx download streamed straight into the response, never held in memory.</summary>
public sealed class CsvFileResult(string fileName, string contentType, Func<Stream, CancellationToken, Task> write) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.ContentType = contentType;
        response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}\"";
        await write(response.Body, httpContext.RequestAborted);
    }
}
