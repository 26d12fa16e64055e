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
/// Writes one audit row per API call, whatever its outcome (401 and 403 included): the key's name when it
/// was accepted, otherwise the first characters of the key presented.
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
                var audit = context.RequestServices.GetRequiredService<AuditTrail>();
                var presented = context.Request.Headers[ApiKeyAuthenticationHandler.HeaderName].ToString();
                var who = context.User.Identity?.IsAuthenticated == true
                    ? ""
                    : presented.Length > 0 ? $"; key {presented[..Math.Min(10, presented.Length)]}…" : "; no key";
                await audit.WriteAsync(context.User, "api", "endpoint", context.Request.Path,
                    $"{context.Request.Method} {context.Request.QueryString} → {context.Response.StatusCode}{who}");
            }
        }));
}
