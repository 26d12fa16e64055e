using CallCenter.Data.Database;
using CallCenter.Web.Security;
using Dapper;

namespace CallCenter.Web.Api;

/// <summary>The machine API under /api. Every call is audited.</summary>
public static class ApiEndpoints
{
    public static IEndpointRouteBuilder MapCallCenterApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api");

        api.MapGet("/health", HealthAsync).AllowAnonymous();

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

    private const string HealthSql = """
        SELECT COUNT(*)
          FROM Settings
        """;

    private static async Task<IResult> HealthAsync(ConnectionFactory connections, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await connections.OpenAsync(cancellationToken);
            await connection.ExecuteScalarAsync<long>(new CommandDefinition(HealthSql, cancellationToken: cancellationToken));
            return Results.Ok(new { status = "ok", database = "ok" });
        }
        catch (System.Data.Common.DbException)
        {
            return Results.Json(new { status = "degraded", database = "unreachable" }, statusCode: StatusCodes.Status503ServiceUnavailable);
        }
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
        app.UseWhen(context => context.Request.Path.StartsWithSegments("/api"), branch => branch.Use(async (context, next) =>
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
                        $"{context.Request.Method} {AnonymousApiTally.Cut(path.Length <= 50 ? context.Request.QueryString.ToString() : path + context.Request.QueryString)} → {context.Response.StatusCode}");
                }
            }
        }));
}
