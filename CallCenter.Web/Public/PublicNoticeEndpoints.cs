using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CallCenter.Data.Announcements;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace CallCenter.Web.Public;

/// <summary>
/// The town's notices for evacuees' phones, without sign-in: <c>/public/notices</c> (the list), <c>/public/notices/{id}</c>
/// (one notice) and <c>/public/notices.atom</c> (an Atom 1.0 feed the town's website can embed). Only announcements
/// marked 公開 and valid today (<see cref="PublicNotices"/>), title and body only. Plain server-rendered HTML (no circuit,
/// no script, no external font), cacheable for <see cref="MaxAgeSeconds"/> with ETag and Last-Modified (304 when
/// unchanged); rate-limited per client address (<see cref="Security.RateLimits"/>).
/// </summary>
public static class PublicNoticeEndpoints
{
    /// <summary>The list's path; the feed is this plus <c>.atom</c>.</summary>
    public const string ListPath = "/public/notices";

    /// <summary>How long a browser or proxy may reuse an answer without asking again.</summary>
    public const int MaxAgeSeconds = 60;

    /// <summary>Whether a request is for one of these pages (their answers may be cached, see SecurityHeaders).</summary>
    public static bool IsPublicPath(PathString path) => path.StartsWithSegments("/public");

    public static IEndpointRouteBuilder MapPublicNotices(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(ListPath).AllowAnonymous();
        group.MapGet("", ListAsync);
        group.MapGet("/{id:int}", NoticeAsync);
        app.MapGet(ListPath + ".atom", FeedAsync).AllowAnonymous();
        return app;
    }

    private static async Task<IResult> ListAsync(HttpContext http, PublicNotices notices, IOptions<TownOptions> town, CancellationToken cancellationToken)
    {
        var list = await notices.CurrentAsync(cancellationToken);
        var tag = ListTag("list", list);
        return NotModified(http, tag, list.LastModified)
            ?? Cached(http, tag, list.LastModified, PublicNoticeHtml.List(town.Value.Name, list), "text/html; charset=utf-8");
    }

    private static async Task<IResult> NoticeAsync(int id, HttpContext http, PublicNotices notices, IOptions<TownOptions> town,
        CancellationToken cancellationToken)
    {
        var notice = await notices.FindAsync(id, cancellationToken);
        if (notice is null)
        {
            // Not published, withdrawn, out of its dates or no such id: all the same 404.
            http.Response.Headers.CacheControl = "no-store";
            return Results.Content(PublicNoticeHtml.NotFound(town.Value.Name), "text/html; charset=utf-8", Encoding.UTF8,
                StatusCodes.Status404NotFound);
        }
        var lastModified = Latest(notice.UpdatedAt, Data.Common.JapanTime.StartOfDayUtc(notice.ValidFrom));
        var tag = $"\"n{notice.AnnouncementId.ToString(CultureInfo.InvariantCulture)}-v{notice.Version.ToString(CultureInfo.InvariantCulture)}\"";
        return NotModified(http, tag, lastModified)
            ?? Cached(http, tag, lastModified, PublicNoticeHtml.Notice(town.Value.Name, notice), "text/html; charset=utf-8");
    }

    private static async Task<IResult> FeedAsync(HttpContext http, PublicNotices notices, IOptions<TownOptions> town, CancellationToken cancellationToken)
    {
        var list = await notices.CurrentAsync(cancellationToken);
        var baseUri = BaseUri(http.Request);
        var tag = ListTag("atom " + baseUri, list);
        return NotModified(http, tag, list.LastModified)
            ?? Cached(http, tag, list.LastModified, PublicNoticeFeed.Atom(town.Value.Name, baseUri, list), "application/atom+xml; charset=utf-8");
    }

    /// <summary>The site's address as the request reached it (scheme, host, path base), for the feed's absolute links.</summary>
    public static string BaseUri(HttpRequest request) => $"{request.Scheme}://{request.Host.ToUriComponent()}{request.PathBase.ToUriComponent()}";

    /// <summary>A strong ETag of the published set: every notice's id and version, and the day (validity changes at midnight).</summary>
    private static string ListTag(string kind, PublicNoticeList list)
    {
        var text = kind + "|" + list.Today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "|"
                   + string.Join(",", list.Notices.Select(n => string.Create(CultureInfo.InvariantCulture, $"{n.AnnouncementId}:{n.Version}")));
        return "\"" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..20] + "\"";
    }

    /// <summary>304 when the client's copy is current: If-None-Match when sent (it wins), else If-Modified-Since.</summary>
    private static IResult? NotModified(HttpContext http, string tag, DateTime lastModified)
    {
        var request = http.Request.GetTypedHeaders();
        var unchanged = request.IfNoneMatch is { Count: > 0 } tags
            ? tags.Any(t => t.Equals(EntityTagHeaderValue.Any) || t.Tag.Value == tag || t.Tag.Value == "W/" + tag)
            : request.IfModifiedSince is { } since && Seconds(lastModified) <= since.UtcDateTime;
        if (!unchanged)
        {
            return null;
        }
        SetCacheHeaders(http, tag, lastModified);
        return Results.StatusCode(StatusCodes.Status304NotModified);
    }

    private static IResult Cached(HttpContext http, string tag, DateTime lastModified, string content, string contentType)
    {
        SetCacheHeaders(http, tag, lastModified);
        return Results.Text(content, contentType, Encoding.UTF8);
    }

    private static void SetCacheHeaders(HttpContext http, string tag, DateTime lastModified)
    {
        var headers = http.Response.Headers;
        headers.CacheControl = $"public, max-age={MaxAgeSeconds.ToString(CultureInfo.InvariantCulture)}";
        headers.ETag = tag;
        headers.LastModified = Seconds(lastModified).ToString("R", CultureInfo.InvariantCulture);
    }

    private static DateTime Seconds(DateTime utc) => new(utc.Ticks - utc.Ticks % TimeSpan.TicksPerSecond, DateTimeKind.Utc);

    private static DateTime Latest(DateTime a, DateTime b) => a > b ? a : b;
}
