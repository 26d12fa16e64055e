using System.Globalization;
using CallCenter.Data.Audit;
using CallCenter.Data.Common;
using CallCenter.Data.Exports;
using CallCenter.Data.Intentions;
using CallCenter.Web.Security;

namespace CallCenter.Web.Api;

/// <summary>
/// The intention survey for other offices (issue 17): the summary (read scope) and the two exports (export scope; the
/// same files for supervisors under /exports). Bad parameters → 400 <c>{"error": "…"}</c> in Japanese; no round at all → 404.
/// </summary>
public static class IntentionApi
{
    public static RouteGroupBuilder MapIntentionApi(this RouteGroupBuilder api)
    {
        api.MapGet("/intentions/summary", SummaryAsync).RequireAuthorization(Policies.ApiRead);
        return api;
    }

    /// <summary>intentions.csv and intentions-summary.csv in an export group (/api/export or /exports).</summary>
    public static RouteGroupBuilder MapIntentionExports(this RouteGroupBuilder export)
    {
        export.MapGet("/intentions.csv", AnswersAsync);
        export.MapGet("/intentions-summary.csv", SummaryCsvAsync);
        return export;
    }

    /// <summary>The keys of <c>byIntention</c>, in the survey's order.</summary>
    public static Dictionary<string, int> ByIntention(IntentionCounts counts) =>
        IntentionChoices.Intentions.ToDictionary(i => i.Label(), counts.Of);

    // town=CODE (repeatable) narrows to those towns of the caller's scope; a code outside the scope, or that names no town,
    // is 404 (a town the caller may not see does not exist for it). A single-town installation ignores town= and answers
    // exactly as before; a joint one adds "towns", each town's own figures.
    private static async Task<IResult> SummaryAsync(HttpContext http, string? round, string? by, IntentionSummary summary, TownAccess access,
        CancellationToken cancellationToken)
    {
        var (choice, missing) = await Components.Pages.Dashboard.TownChoice.ResolveStrictAsync(access, http.User, http.Request.Query["town"]
            .Where(t => t is not null).Select(t => t!).ToList(), cancellationToken);
        if (choice is null)
        {
            return ExportApi.TownNotFound($"団体コード「{missing}」の町はありません。");
        }
        var (found, grouping, error) = await ReadAsync(summary, round, by, cancellationToken);
        if (error is not null)
        {
            return error;
        }
        var result = await summary.LoadAsync(found!, grouping, choice.Scope, cancellationToken);
        var groups = result.Groups.Select(g => new { key = g.Label, households = g.Counts.Households, answered = g.Counts.Answered, byIntention = ByIntention(g.Counts) });
        if (!choice.Joint)
        {
            return Results.Ok(new
            {
                round = result.Round.Name,
                households = result.Total.Households,
                answered = result.Total.Answered,
                byIntention = ByIntention(result.Total),
                groups,
            });
        }
        var totals = await summary.TownTotalsAsync(found!, choice.Scope, cancellationToken);
        return Results.Ok(new
        {
            round = result.Round.Name,
            households = result.Total.Households,
            answered = result.Total.Answered,
            byIntention = ByIntention(result.Total),
            groups,
            towns = choice.Chosen.Select(t => (Town: t, Counts: totals.FirstOrDefault(c => c.TownId == t.TownId)?.Counts ?? new IntentionCounts(0, 0, [0, 0, 0, 0])))
                .Select(t => new { code = t.Town.Code, name = t.Town.Name, households = t.Counts.Households, answered = t.Counts.Answered, byIntention = ByIntention(t.Counts) }),
        });
    }

    private static async Task<(SummaryRound? Round, IntentionGrouping? By, IResult? Error)> ReadAsync(IntentionSummary summary, string? round, string? by,
        CancellationToken cancellationToken)
    {
        IntentionGrouping? grouping = null;
        if (!string.IsNullOrWhiteSpace(by) && (grouping = IntentionSummary.GroupingFromName(by.Trim())) is null)
        {
            return (null, null, BadRequest($"by「{by.Trim()}」は使えません。district, prefecture, ageBand, whereaboutsType のいずれかを指定してください。"));
        }
        var found = await summary.FindRoundAsync(round, cancellationToken);
        if (found is null)
        {
            return string.IsNullOrWhiteSpace(round)
                ? (null, null, Results.Json(new { error = "帰還意向調査のラウンドがまだありません。" }, statusCode: StatusCodes.Status404NotFound))
                : (null, null, BadRequest($"ラウンド「{round.Trim()}」はありません。"));
        }
        return (found, grouping, null);
    }

    private static IResult BadRequest(string message) => Results.BadRequest(new { error = message });

    private static async Task<IResult> AnswersAsync(HttpContext http, IntentionSummary summary, IntentionExports exports, AuditTrail audit,
        Security.TownAccess towns, CancellationToken cancellationToken)
    {
        var query = http.Request.Query;
        var errors = new List<string>();
        var options = ExportApi.Options(query, errors, ExportFormat.Csv);
        var district = string.IsNullOrWhiteSpace(query["district"]) ? null : query["district"].ToString().Trim();
        DateOnly? since = null;
        var sinceText = query["since"].ToString().Trim();
        if (sinceText.Length > 0)
        {
            if (JapaneseDates.TryParse(sinceText, out var date, out _))
            {
                since = date;
            }
            else
            {
                errors.Add($"since「{sinceText}」は日付として読めません（2026-04-01 や 令和8年4月1日）。");
            }
        }
        // town=CODE (repeatable), as on every export (ExportApi.ChooseTownsAsync): 404 for a town the caller may not export.
        var (townChoice, townError) = await ExportApi.ChooseTownsAsync(query["town"], http.User, towns, cancellationToken);
        if (townError is not null)
        {
            return ExportApi.TownNotFound(townError);
        }
        if (errors.Count > 0 || townChoice is null)
        {
            return BadRequest(string.Join(" ", errors));
        }
        options = townChoice.Apply(options);
        var (round, _, error) = await ReadAsync(summary, query["round"], null, cancellationToken);
        if (error is not null)
        {
            return error;
        }
        return new CsvFileResult($"intentions-{Ascii(round!)}.csv", ContentType(options), async (stream, ct) =>
        {
            var result = await exports.AnswersAsync(stream, round!, district, since, options, ct);
            await audit.WriteAsync(http.User, AuditActions.Export, "export", IntentionExports.Answers.Name, AuditDetails.Join(
                $"{IntentionExports.Answers.Title} {round!.Name}", district is null ? null : $"行政区 {district}",
                since is { } s ? $"回答日 {JapaneseDates.FormatWestern(s)}から" : null, townChoice.AuditPhrase, AuditDetails.Count(result.Rows, "行"), EncodingLabel(options)));
        });
    }

    private static async Task<IResult> SummaryCsvAsync(HttpContext http, IntentionSummary summary, IntentionExports exports, AuditTrail audit,
        TownAccess access, CancellationToken cancellationToken)
    {
        var query = http.Request.Query;
        // The towns first, as every export: a code the caller may not see is 404.
        var (choice, missing) = await Components.Pages.Dashboard.TownChoice.ResolveStrictAsync(access, http.User, query["town"]
            .Where(t => t is not null).Select(t => t!).ToList(), cancellationToken);
        if (choice is null)
        {
            return ExportApi.TownNotFound($"団体コード「{missing}」の町はありません。");
        }
        var errors = new List<string>();
        var options = ExportApi.Options(query, errors, ExportFormat.Csv);
        if (errors.Count > 0)
        {
            return BadRequest(string.Join(" ", errors));
        }
        var (round, by, error) = await ReadAsync(summary, query["round"], query["by"], cancellationToken);
        if (error is not null)
        {
            return error;
        }
        return new CsvFileResult($"intentions-summary-{Ascii(round!)}.csv", ContentType(options), async (stream, ct) =>
        {
            var result = await exports.SummaryAsync(stream, round!, by, choice.Scope, options, ct);
            await audit.WriteAsync(http.User, AuditActions.Export, "export", IntentionExports.Summary.Name, AuditDetails.Join(
                $"{IntentionExports.Summary.Title} {round!.Name}", by is { } b ? $"{IntentionSummary.Heading(b)}別" : null, "秘匿処理あり",
                AuditDetails.Count(result.Rows, "行"), EncodingLabel(options)));
        });
    }

    // File names stay ASCII (the API's other files do): the round's id stands for its Japanese name.
    private static string Ascii(SummaryRound round) => "round" + round.RoundId.ToString(CultureInfo.InvariantCulture);

    private static string ContentType(ExportOptions options) =>
        options.Encoding == ExportEncoding.Cp932 ? "text/csv; charset=shift_jis" : "text/csv; charset=utf-8";

    private static string EncodingLabel(ExportOptions options) =>
        options.Encoding == ExportEncoding.Cp932 ? "文字コード Shift_JIS（CP932）" : "文字コード UTF-8";
}
