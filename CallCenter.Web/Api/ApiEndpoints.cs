using CallCenter.Web.Health;
using CallCenter.Web.Security;

namespace CallCenter.Web.Api;

/// <summary>The machine API under /api. Every call is audited.</summary>
public static class ApiEndpoints
{
    public static IEndpointRouteBuilder MapCallCenterApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api");

        api.MapCallCenterHealth();

        api.MapGet("/me", (HttpContext http) => Results.Ok(new
        {
            name = http.User.DisplayName(),
            scope = http.User.FindFirst(CallCenterClaims.Scope)?.Value,
        })).RequireAuthorization(Policies.ApiKey);

        api.MapResidentApi();
        api.MapExportApi();
        api.MapIntentionApi();

        // Any other path under /api answers a JSON 404 (not the sign-in page a browser would get): scripts of other
        // offices read the message. Anonymous on purpose: it tells nothing but that the path does not exist.
        api.Map("/{**path}", (HttpContext http) => Results.Json(
                new { error = $"API「{http.Request.Path}」はありません。README の HTTP API を参照してください。" },
                statusCode: StatusCodes.Status404NotFound))
            .AllowAnonymous();

        return app;
    }
}

/// <summary>
/// Writes one audit row per API call made with a valid key (403 included): the key's name, the path and the status.
/// Requests anyone can send (no valid key: 401 and 429; or a path that does not exist: 404) are counted instead,
/// one row per client address and minute (<see cref="AnonymousApiTally"/>), so a flood cannot fill the disk.
/// </summary>
public static class ApiAudit
{
    public static IApplicationBuilder UseApiAudit(this IApplicationBuilder app) =>
        app.UseWhen(context => context.Request.Path.StartsWithSegments("/api") && !HealthEndpoints.IsProbe(context), branch => branch.Use(async (context, next) =>
        {
            try
            {
                await next();
            }
            finally
            {
                if (context.User.Identity?.IsAuthenticated != true || context.Response.StatusCode == StatusCodes.Status404NotFound)
                {
                    // Health probes are neither audited nor counted.
                    if (!context.Request.Path.StartsWithSegments("/api/health"))
                    {
                        context.RequestServices.GetRequiredService<AnonymousApiTally>().Count(context);
                    }
                }
                else
                {
                    var path = context.Request.Path.ToString();
                    await context.RequestServices.GetRequiredService<AuditTrail>().WriteAsync(context.User, "api", "endpoint",
                        path.Length <= 50 ? path : path[..50],
                        CallCenter.Data.Audit.AuditDetails.Join(
                            $"{context.Request.Method} {AnonymousApiTally.Cut(path.Length <= 50 ? context.Request.QueryString.ToString() : path + context.Request.QueryString)}".TrimEnd(),
                            $"応答 {context.Response.StatusCode}"));
                }
            }
        }));
}
