using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.RateLimiting;
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
/// ASP.NET Core rate limiting on what anyone can send without signing in: the sign-in form post (each one costs a
/// password hash) and anonymous /api requests. Over the limit the answer is 429 with <c>Retry-After</c> and a
/// JSON <c>{"error": …}</c> in Japanese.
/// </summary>
public static class RateLimits
{
    public const string SignInPath = "/account/sign-in";

    private const string ValidApiKeyItem = "cc:valid-api-key";

    public static IServiceCollection AddCallCenterRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<RateLimitOptions>(configuration.GetSection("RateLimits"));
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitOptions>>((options, limits) =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context => Partition(context, limits.Value));
            options.OnRejected = RejectAsync;
        });
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
        return app.UseRateLimiter();
    }

    private static RateLimitPartition<string> Partition(HttpContext context, RateLimitOptions limits)
    {
        var path = context.Request.Path;
        if (limits.SignInPerMinute > 0 && HttpMethods.IsPost(context.Request.Method)
            && path.Equals(SignInPath, StringComparison.OrdinalIgnoreCase))
        {
            return PerMinute("sign-in " + ClientAddress.Of(context), limits.SignInPerMinute);
        }
        if (limits.AnonymousApiPerMinute > 0 && path.StartsWithSegments("/api") && !path.StartsWithSegments("/api/health")
            && context.User.Identity?.IsAuthenticated != true && context.Items[ValidApiKeyItem] is not true)
        {
            return PerMinute("api " + ClientAddress.Of(context), limits.AnonymousApiPerMinute);
        }
        if (limits.PublicPerMinute > 0 && Public.PublicNoticeEndpoints.IsPublicPath(path) && context.User.Identity?.IsAuthenticated != true)
        {
            return PerMinute("public " + ClientAddress.Of(context), limits.PublicPerMinute);
        }
        return RateLimitPartition.GetNoLimiter("");
    }

    private static RateLimitPartition<string> PerMinute(string key, int permits) =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        });

    private static async ValueTask RejectAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
            ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
            : 60;
        var response = context.HttpContext.Response;
        response.StatusCode = StatusCodes.Status429TooManyRequests;
        response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        response.Headers.CacheControl = "no-store";
        if (Public.PublicNoticeEndpoints.IsPublicPath(context.HttpContext.Request.Path))
        {
            // A phone's browser shows this as it is: plain text, not JSON.
            response.ContentType = "text/plain; charset=utf-8";
            await response.WriteAsync($"アクセスが集中しています。{seconds}秒後にもう一度開いてください。", cancellationToken);
            return;
        }
        var message = context.HttpContext.Request.Path.StartsWithSegments("/api")
            ? $"この接続元から認証のない API 要求が多すぎます。{seconds}秒後にやり直してください。"
            : $"この接続元からのサインインの試行が多すぎます。{seconds}秒後にやり直してください。";
        await response.WriteAsJsonAsync(new { error = message }, cancellationToken);
    }
}
