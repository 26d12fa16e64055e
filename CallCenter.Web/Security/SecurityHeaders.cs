namespace CallCenter.Web.Security;

/// <summary>
/// Headers for shared thin clients: nothing cached on the terminal, no framing, no sniffing, no referrer,
/// and a Content-Security-Policy that Blazor Server and MudBlazor work under (no inline scripts; MudBlazor
/// sets inline styles; the circuit's WebSocket is same-origin).
/// </summary>
public static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; " +
        "frame-ancestors 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
            // Fingerprinted static files (CSS, JS) hold no personal data and may be cached; everything else
            // (pages, API answers, downloads) must not stay on the terminal.
            // The public notices (no personal data, no sign-in) set their own short public caching.
            if (!IsStaticAsset(context) && !IsCacheablePublicAnswer(context))
            {
                headers.CacheControl = "no-store";
                headers.Pragma = "no-cache";
            }
            return Task.CompletedTask;
        });
        await next();
    });

    private static bool IsStaticAsset(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        return context.Response.StatusCode == StatusCodes.Status200OK || context.Response.StatusCode == StatusCodes.Status304NotModified
            ? path.StartsWith("/_content/", StringComparison.Ordinal) || path.StartsWith("/_framework/", StringComparison.Ordinal)
              || path.EndsWith(".css", StringComparison.Ordinal) || path.EndsWith(".js", StringComparison.Ordinal)
            : false;
    }

    private static bool IsCacheablePublicAnswer(HttpContext context) =>
        Public.PublicNoticeEndpoints.IsPublicPath(context.Request.Path)
        && context.Response.StatusCode is StatusCodes.Status200OK or StatusCodes.Status304NotModified
        && context.Response.Headers.CacheControl.ToString().StartsWith("public", StringComparison.Ordinal);
}
