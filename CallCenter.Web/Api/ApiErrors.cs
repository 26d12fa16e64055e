using CallCenter.Data.Database;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace CallCenter.Web.Api;

/// <summary>
/// Keeps every answer under /api JSON when a request fails: a storage fault (database busy past its timeout, disk
/// full, read-only, file missing, unreachable) is a 503 saying what happened, anything else a 500; both
/// <c>{"error": "…"}</c> in Japanese, never the HTML error page a browser gets. Runs in every environment. An
/// answer already under way (a streamed CSV) cannot be reshaped: its connection is cut instead.
/// </summary>
public static class ApiErrors
{
    /// <summary>The message of a 500: the work may not have been done, and who to tell.</summary>
    public const string UnexpectedMessage = "サーバーで予期しないエラーが起きました。処理は完了していない可能性があります。続く場合は管理者に連絡してください。";

    /// <summary>The message of a 503 for a storage fault.</summary>
    public static string FaultMessage(StorageFaultKind kind) => StorageFault.Describe(kind) + "しばらくしてからもう一度お試しください。";

    public static IApplicationBuilder UseApiErrors(this IApplicationBuilder app) =>
        app.UseWhen(context => context.Request.Path.StartsWithSegments("/api"), branch => branch.Use(InvokeAsync));

    internal static async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        try
        {
            await next(context);
        }
        catch (Exception e) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
        {
            var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ApiErrors));
            var kind = StorageFault.Classify(e);
            if (kind is { } fault)
            {
                logger.LogWarning(e, "API {Path}: storage fault ({Fault})", context.Request.Path, StorageFault.Code(fault));
            }
            else
            {
                logger.LogError(e, "API {Path} failed", context.Request.Path);
            }
            // Clear drops headers set so far but not the OnStarting callbacks (the thin-client headers).
            context.Response.Clear();
            context.Response.StatusCode = kind is null ? StatusCodes.Status500InternalServerError : StatusCodes.Status503ServiceUnavailable;
            var json = context.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
            await context.Response.WriteAsJsonAsync(new { error = kind is { } k ? FaultMessage(k) : UnexpectedMessage }, json);
        }
    }
}
