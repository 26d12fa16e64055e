using System.Globalization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace CallCenter.Web.Security;

/// <summary>The <c>RateLimits</c> configuration section: requests per client address and minute (0 turns a limit off).</summary>
public sealed class RateLimitOptions
{
    /// <summary>Sign-in form posts per client address and minute (<c>RateLimits:SignInPerMinute</c>).</summary>
    public int SignInPerMinute { get; set; } = 30;

    /// <summary>
    /// Requests under /api without a valid API key (and without a signed-in cookie) per client address and minute
    /// (<c>RateLimits:AnonymousApiPerMinute</c>). Health probes are not counted.
    /// </summary>
    public int AnonymousApiPerMinute { get; set; } = 60;

    /// <summary>
    /// Requests for the public notices (/public: the list, one notice, the Atom feed) from anyone not signed in, per
    /// client address and minute (<c>RateLimits:PublicPerMinute</c>). Generous for a phone, a town's website polling the
    /// feed, or a household sharing one address; low enough that a loop cannot keep the database busy.
    /// </summary>
    public int PublicPerMinute { get; set; } = 120;
}

/// <summary>
/// Rate limits on what anyone can send without signing in: the sign-in form post (each one costs a password hash),
/// anonymous /api requests and the public notices. Fixed windows of one minute per client address
/// (<see cref="FixedWindows"/>). Over the limit the answer is 429 with <c>Retry-After</c> and a JSON
/// <c>{"error": …}</c> in Japanese (plain text for the public notices).
/// </summary>
/// <remarks>
/// Not ASP.NET Core's rate-limiting middleware: its partitioned limiters (the global one and the endpoints' one it
/// always adds) each run a 100 ms timer for the life of the process, with or without traffic — twenty thread wake-ups
/// a second, measured at 4–6 ms of CPU a second on an idle server, most of what an idle server spent (bench/,
/// capacity: 「server idle」). These windows are counted when a request comes, and nothing runs in between.
/// </remarks>
public static class RateLimits
{
    public const string SignInPath = "/account/sign-in";

    /// <summary>Every limit's window.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private const string ValidApiKeyItem = "cc:valid-api-key";

    public static IServiceCollection AddCallCenterRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<RateLimitOptions>(configuration.GetSection("RateLimits"));
        services.AddSingleton(provider => new FixedWindows(provider.GetRequiredService<TimeProvider>(), Window));
        return services;
    }

    /// <summary>
    /// The limiter, after cookie authentication: an API key is checked first (its result is cached for the rest of
    /// the request), so that only requests without a valid key count as anonymous.
    /// </summary>
    public static IApplicationBuilder UseCallCenterRateLimits(this IApplicationBuilder app)
    {
        app.UseWhen(context => context.Request.Path.StartsWithSegments("/api")
                               && context.Request.Headers.ContainsKey(ApiKeyAuthenticationHandler.HeaderName)
                               && context.User.Identity?.IsAuthenticated != true,
            branch => branch.Use(async (context, next) =>
            {
                var result = await context.AuthenticateAsync(ApiKeyAuthenticationHandler.SchemeName);
                context.Items[ValidApiKeyItem] = result.Succeeded;
                await next();
            }));
        var windows = app.ApplicationServices.GetRequiredService<FixedWindows>();
        var limits = app.ApplicationServices.GetRequiredService<IOptionsMonitor<RateLimitOptions>>();
        return app.Use(async (context, next) =>
        {
            if (Limit(context, limits.CurrentValue) is var (key, permits)
                && !windows.TryAcquire(key, permits, out var retryAfter))
            {
                await RejectAsync(context, retryAfter);
                return;
            }
            await next();
        });
    }

    /// <summary>The window a request counts in and its permits, or null when no limit applies to it.</summary>
    private static (string Key, int Permits)? Limit(HttpContext context, RateLimitOptions limits)
    {
        var path = context.Request.Path;
        if (limits.SignInPerMinute > 0 && HttpMethods.IsPost(context.Request.Method)
            && path.Equals(SignInPath, StringComparison.OrdinalIgnoreCase))
        {
            return ("sign-in " + ClientAddress.Of(context), limits.SignInPerMinute);
        }
        if (limits.AnonymousApiPerMinute > 0 && path.StartsWithSegments("/api") && !path.StartsWithSegments("/api/health")
            && context.User.Identity?.IsAuthenticated != true && context.Items[ValidApiKeyItem] is not true)
        {
            return ("api " + ClientAddress.Of(context), limits.AnonymousApiPerMinute);
        }
        if (limits.PublicPerMinute > 0 && Public.PublicNoticeEndpoints.IsPublicPath(path) && context.User.Identity?.IsAuthenticated != true)
        {
            return ("public " + ClientAddress.Of(context), limits.PublicPerMinute);
        }
        return null;
    }

    private static async Task RejectAsync(HttpContext context, TimeSpan retryAfter)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        var cancellationToken = context.RequestAborted;
        var response = context.Response;
        response.StatusCode = StatusCodes.Status429TooManyRequests;
        response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        response.Headers.CacheControl = "no-store";
        if (Public.PublicNoticeEndpoints.IsPublicPath(context.Request.Path))
        {
            // A phone's browser shows this as it is: plain text, not JSON.
            response.ContentType = "text/plain; charset=utf-8";
            await response.WriteAsync($"アクセスが集中しています。{seconds}秒後にもう一度開いてください。", cancellationToken);
            return;
        }
        var message = context.Request.Path.StartsWithSegments("/api")
            ? $"この接続元から認証のない API 要求が多すぎます。{seconds}秒後にやり直してください。"
            : $"この接続元からのサインインの試行が多すぎます。{seconds}秒後にやり直してください。";
        await response.WriteAsJsonAsync(new { error = message }, cancellationToken);
    }
}
